import type { Knex } from 'knex';
import { dialectOf } from '../dialect.js';
import { create, hasIndex } from './ddl.js';

const MEMBERS = 'dessa_staff_programs';

/**
 * 0004: staff belong to the org, as the spec says (email "unique within the Org"): one row per
 * person, and a membership row for each program whose file lists them. Removing a teacher
 * from one program ends that membership; the account goes only when no program lists them.
 * Rows one person had in several programs are merged into the first, links and all.
 *
 * Safe to run again after a partial run (MySQL commits each DDL statement). The steps, and
 * how a re-run knows each is done:
 * 1. the membership table (made again while it is empty, see `create`);
 * 2. memberships copied and duplicate people merged, in one transaction: done iff the table
 *    has rows (or there are no staff at all, when redoing it changes nothing);
 * 3. the old (org, program, email) unique index dropped, then the program column: done iff
 *    the column is gone (the new index of the same name is only added after);
 * 4. the (org, email) unique index: added iff missing.
 */
export const orgStaff: Knex.Migration = {
  async up(knex) {
    const dialect = dialectOf(knex);
    if (await knex.schema.hasColumn('dessa_staff', 'program')) {
      const copied = (await knex.schema.hasTable(MEMBERS)) && (await knex(MEMBERS).first('id')) !== undefined;
      if (!copied) {
        await create(knex, dialect, MEMBERS, (t) => {
          t.string('org', 64).notNullable();
          t.string('program', 64).notNullable();
          t.bigInteger('staff_ref').notNullable();
          t.string('created_at', 32).notNullable();
          t.string('updated_at', 32).notNullable();
          t.string('removed_at', 32).nullable();
          t.unique(['org', 'program', 'staff_ref'], { indexName: 'dessa_staff_programs_key' });
        });
        // After DDL, MySQL is back in autocommit: make the copy and merge one transaction again.
        if (dialect === 'mysql') await knex.raw('start transaction');
        await copyAndMerge(knex);
        if (dialect === 'mysql') await knex.raw('commit');
      }
      if (await hasIndex(knex, dialect, 'dessa_staff', 'dessa_staff_key')) {
        await knex.schema.alterTable('dessa_staff', (t) => {
          t.dropUnique(['org', 'program', 'email_key'], 'dessa_staff_key');
        });
      }
      await knex.raw('alter table dessa_staff drop column program');
    }
    if (!(await hasIndex(knex, dialect, 'dessa_staff', 'dessa_staff_key'))) {
      await knex.schema.alterTable('dessa_staff', (t) => {
        t.unique(['org', 'email_key'], { indexName: 'dessa_staff_key' });
      });
    }
  },
  async down() {},
};

/** Step 2: a membership for every per-program staff row, then one person's rows merged into the first. */
async function copyAndMerge(knex: Knex): Promise<void> {
  const cols = 'org, program, staff_ref, created_at, updated_at, removed_at';
  await knex.raw(`insert into ${MEMBERS} (${cols}) select ${cols.replace('staff_ref', 'id')} from dessa_staff`);
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
    await knex(MEMBERS).where({ staff_ref: r.id }).update({ staff_ref: keep.id });
    await knex('dessa_class_staff').where({ staff_ref: r.id }).update({ staff_ref: keep.id });
    await knex('dessa_staff').where({ id: r.id }).del();
  }
  for (const keep of first.values()) {
    if (keep.merged && keep.active) await knex('dessa_staff').where({ id: keep.id }).update({ removed_at: null });
  }
}
