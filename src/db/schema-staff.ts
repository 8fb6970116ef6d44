import type { Knex } from 'knex';
import { create, dialectFor, lifecycle, scope } from './schema.js';

/**
 * Staff belong to the org, as the spec says (email "unique within the Org"): one row per
 * person, and a membership row for each program whose file lists them. Removing a teacher
 * from one program ends that membership; the account goes only when no program lists them.
 * Rows one person had in several programs are merged into the first, links and all.
 */
export const orgStaff: Knex.Migration = {
  async up(knex) {
    dialectFor(knex);
    await create(knex, 'dessa_staff_programs', (t) => {
      scope(t);
      t.bigInteger('staff_ref').notNullable();
      lifecycle(t);
      t.unique(['org', 'program', 'staff_ref'], { indexName: 'dessa_staff_programs_key' });
    });
    await knex.raw('insert into dessa_staff_programs (org, program, staff_ref, created_at, updated_at, removed_at) select org, program, id, created_at, updated_at, removed_at from dessa_staff');
    const first = new Map<string, { id: number; active: boolean; merged: boolean }>();
    for (const r of await knex('dessa_staff').orderBy('id').select('id', 'org', 'email_key', 'removed_at')) {
      const key = `${r.org}\u0000${r.email_key}`;
      const keep = first.get(key);
      if (!keep) {
        first.set(key, { id: Number(r.id), active: r.removed_at === null, merged: false });
        continue;
      }
      keep.merged = true;
      keep.active ||= r.removed_at === null;
      await knex('dessa_staff_programs').where({ staff_ref: r.id }).update({ staff_ref: keep.id });
      await knex('dessa_class_staff').where({ staff_ref: r.id }).update({ staff_ref: keep.id });
      await knex('dessa_staff').where({ id: r.id }).del();
    }
    for (const keep of first.values()) {
      if (keep.merged && keep.active) await knex('dessa_staff').where({ id: keep.id }).update({ removed_at: null });
    }
    await knex.schema.alterTable('dessa_staff', (t) => {
      t.dropUnique(['org', 'program', 'email_key'], 'dessa_staff_key');
    });
    await knex.raw('alter table dessa_staff drop column program');
    await knex.schema.alterTable('dessa_staff', (t) => {
      t.unique(['org', 'email_key'], { indexName: 'dessa_staff_key' });
    });
  },
  async down() {},
};
