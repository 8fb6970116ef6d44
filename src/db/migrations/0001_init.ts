import type { Knex } from 'knex';
import { dialectOf } from '../dialect.js';
import { create } from './ddl.js';

/**
 * 0001: the tables. Every table carries the org (and the program, but for the org's own
 * staff, which 0004 makes so), and every index starts with the org, so a vendor can shard by
 * tenant (Citus distributes on org) without a schema change. Widths are characters; the
 * limits `validate` checks (src/fields/limits.ts) are these, as test/schema-snapshot.test.ts checks.
 * A removal is soft (removed_at): history and ratings hang off the row, and a returning
 * record keeps it.
 */
export const init: Knex.Migration = {
  async up(knex) {
    const dialect = dialectOf(knex);
    await create(knex, dialect, 'dessa_sites', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.string('name', 200).notNullable();
      t.string('created_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
      t.string('removed_at', 32).nullable();
      t.unique(['org', 'program', 'name'], { indexName: 'dessa_sites_key' });
    });
    await create(knex, dialect, 'dessa_staff', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.string('email_key', 254).notNullable();
      t.string('email', 254).notNullable();
      t.string('last_name', 200).notNullable();
      t.string('first_name', 200).notNullable();
      t.string('created_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
      t.string('removed_at', 32).nullable();
      t.unique(['org', 'program', 'email_key'], { indexName: 'dessa_staff_key' });
    });
    await create(knex, dialect, 'dessa_students', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.string('student_id', 100).notNullable();
      t.string('last_name', 200).notNullable().defaultTo('');
      t.string('first_name', 200).notNullable().defaultTo('');
      for (const c of [
        'gender',
        'dob',
        'grade_level',
        'american_indian_or_alaskan_native',
        'asian',
        'black_or_african_american',
        'hispanic_or_latinx',
        'native_hawaiian_or_pacific_islander',
        'white',
        'other',
        'special_ed',
        'section_504',
        'english_learner',
        'reduced_price_meals',
        'economically_disadvantaged',
        'mckinney_vento',
        'migrant',
        'gifted',
        'zip_code',
        'sasid', // 0003 widens sasid to 100 on the servers that enforce widths
      ])
        t.string(c, 32).notNullable().defaultTo('');
      t.string('created_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
      t.string('removed_at', 32).nullable();
      t.unique(['org', 'program', 'student_id'], { indexName: 'dessa_students_key' });
    });
    await create(knex, dialect, 'dessa_classes', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.string('site_name', 200).notNullable();
      t.string('class_code', 100).notNullable();
      t.string('class_period', 50).notNullable();
      t.string('class_name', 200).notNullable();
      t.string('created_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
      t.string('removed_at', 32).nullable();
      t.unique(['org', 'program', 'site_name', 'class_code', 'class_period'], { indexName: 'dessa_classes_key' });
    });
    await create(knex, dialect, 'dessa_enrollments', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.bigInteger('student_ref').notNullable();
      t.bigInteger('class_ref').notNullable();
      t.string('created_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
      t.string('removed_at', 32).nullable();
      t.unique(['org', 'program', 'student_ref', 'class_ref'], { indexName: 'dessa_enrollments_key' });
    });
    await create(knex, dialect, 'dessa_class_staff', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.bigInteger('class_ref').notNullable();
      t.bigInteger('staff_ref').notNullable();
      t.string('created_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
      t.string('removed_at', 32).nullable();
      t.unique(['org', 'program', 'class_ref', 'staff_ref'], { indexName: 'dessa_class_staff_key' });
    });
    await create(knex, dialect, 'dessa_runs', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.string('file_name', 500).notNullable();
      t.string('sha256', 64).notNullable();
      t.integer('row_count').notNullable();
      t.text('counts').notNullable();
      t.string('started_at', 32).notNullable();
      t.string('finished_at', 32).nullable();
      t.string('status', 16).notNullable();
      t.string('os_user', 100).notNullable();
      t.index(['org', 'program', 'id'], 'dessa_runs_scope');
    });
    await create(knex, dialect, 'dessa_changes', (t) => {
      t.string('org', 64).notNullable();
      t.string('program', 64).notNullable();
      t.bigInteger('run_id').notNullable();
      t.string('entity', 16).notNullable();
      t.string('entity_key', 600).notNullable();
      t.string('action', 16).notNullable();
      t.text('before').nullable();
      t.text('after').nullable();
      t.index(['org', 'run_id'], 'dessa_changes_run');
    });
  },
  async down(knex) {
    const tables = [
      'dessa_changes',
      'dessa_runs',
      'dessa_class_staff',
      'dessa_enrollments',
      'dessa_classes',
      'dessa_students',
      'dessa_staff',
      'dessa_sites',
    ];
    for (const t of tables) await knex.schema.dropTableIfExists(t);
  },
};
