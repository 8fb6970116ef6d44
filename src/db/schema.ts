import type { Knex } from 'knex';
import { DessaError } from '../errors.js';
import { FIELDS, STUDENT_ATTRS } from '../spec/fields.js';

/**
 * The schema, as knex migrations shipped in the package (no files to find at run time).
 * Every table carries the org and program, and every unique index starts with them, so a
 * vendor can shard by tenant (Citus distributes on org) without a schema change.
 */

export const KEY = 64; // org and program keys

let mysql = false;
let sqlite = false;

/** Which server the next tables are made for (set by each migration's `up`). */
export function dialectFor(knex: Knex): void {
  mysql = /mysql/.test(String(knex.client.config.client));
  sqlite = /sqlite/.test(String(knex.client.config.client));
}

/** A row id and the org; `program` as well unless the table is the org's own (staff). */
export function scope(t: Knex.CreateTableBuilder, withProgram = true): void {
  if (mysql) {
    t.charset('utf8mb4');
    t.collate('utf8mb4_bin'); // keys compare exactly, as the spec's uniqueness does
  }
  // SQLite: a plain rowid key. AUTOINCREMENT adds a sequence update to every insert (40% slower
  // measured on a million rows) and is not needed: rows are never deleted, so ids are never reused.
  if (sqlite) t.specificType('id', 'integer primary key');
  else t.bigIncrements('id').primary();
  t.string('org', KEY).notNullable();
  if (withProgram) t.string('program', KEY).notNullable();
}

export function lifecycle(t: Knex.CreateTableBuilder): void {
  t.string('created_at', 32).notNullable();
  t.string('updated_at', 32).notNullable();
  // A removal is soft: history and ratings hang off the row, and a returning student keeps it.
  t.string('removed_at', 32).nullable();
}

/**
 * MySQL cannot roll DDL back: a table left by an interrupted migration (perhaps without its
 * indexes, which knex adds by separate statements) is dropped and made again. Such a table is
 * empty, since nothing writes to a table before its migration is recorded; one holding rows
 * is not ours to drop, and is refused.
 */
export async function create(knex: Knex, name: string, build: (t: Knex.CreateTableBuilder) => void): Promise<void> {
  if (mysql && (await knex.schema.hasTable(name))) {
    if (await knex(name).first()) {
      throw new DessaError('db-error', `table ${name} holds rows, but the migration that creates it is not recorded in `
        + 'dessa_migrations; it is left alone: restore the database\'s dessa_migrations table '
        + 'or start from a new database');
    }
    await knex.schema.dropTable(name);
  }
  await knex.schema.createTable(name, build);
}

/** Whether a table has an index of that name (a step that adds one runs again only if it does not). */
export async function hasIndex(knex: Knex, table: string, index: string): Promise<boolean> {
  const client = String(knex.client.config.client);
  const sql = /mysql/.test(client)
    ? 'select 1 as x from information_schema.statistics '
      + 'where table_schema = database() and table_name = ? and index_name = ? limit 1'
    : /sqlite/.test(client)
      ? "select 1 as x from sqlite_master where type = 'index' and tbl_name = ? and name = ?"
      : 'select 1 as x from pg_indexes where schemaname = current_schema() and tablename = ? and indexname = ?';
  const result = await knex.raw(sql, [table, index]);
  const rows = /mysql/.test(client) ? result[0] : /sqlite/.test(client) ? result : result.rows;
  return rows.length > 0;
}

export const init: Knex.Migration = {
  async up(knex) {
    dialectFor(knex);
    await create(knex, 'dessa_sites', (t) => {
      scope(t);
      t.string('name', 200).notNullable();
      lifecycle(t);
      t.unique(['org', 'program', 'name'], { indexName: 'dessa_sites_key' });
    });
    await create(knex, 'dessa_staff', (t) => {
      scope(t);
      t.string('email_key', 254).notNullable();
      t.string('email', 254).notNullable();
      t.string('last_name', 200).notNullable();
      t.string('first_name', 200).notNullable();
      lifecycle(t);
      t.unique(['org', 'program', 'email_key'], { indexName: 'dessa_staff_key' });
    });
    await create(knex, 'dessa_students', (t) => {
      scope(t);
      t.string('student_id', 100).notNullable();
      for (const c of STUDENT_COLUMNS) t.string(c, c === 'last_name' || c === 'first_name' ? 200 : 32).notNullable().defaultTo('');
      // 0003 widens sasid to 100 on the servers that enforce lengths.
      lifecycle(t);
      t.unique(['org', 'program', 'student_id'], { indexName: 'dessa_students_key' });
    });
    await create(knex, 'dessa_classes', (t) => {
      scope(t);
      t.string('site_name', 200).notNullable();
      t.string('class_code', 100).notNullable();
      t.string('class_period', 50).notNullable();
      t.string('class_name', 200).notNullable();
      lifecycle(t);
      t.unique(['org', 'program', 'site_name', 'class_code', 'class_period'], { indexName: 'dessa_classes_key' });
    });
    await create(knex, 'dessa_enrollments', (t) => {
      scope(t);
      t.bigInteger('student_ref').notNullable();
      t.bigInteger('class_ref').notNullable();
      lifecycle(t);
      t.unique(['org', 'program', 'student_ref', 'class_ref'], { indexName: 'dessa_enrollments_key' });
    });
    await create(knex, 'dessa_class_staff', (t) => {
      scope(t);
      t.bigInteger('class_ref').notNullable();
      t.bigInteger('staff_ref').notNullable();
      lifecycle(t);
      t.unique(['org', 'program', 'class_ref', 'staff_ref'], { indexName: 'dessa_class_staff_key' });
    });
    await create(knex, 'dessa_runs', (t) => {
      scope(t);
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
    await create(knex, 'dessa_changes', (t) => {
      scope(t);
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
    for (const t of ['dessa_changes', 'dessa_runs', 'dessa_class_staff', 'dessa_enrollments', 'dessa_classes', 'dessa_students', 'dessa_staff', 'dessa_sites']) {
      await knex.schema.dropTableIfExists(t);
    }
  },
};

/** Student attributes stored as columns, named by the spec table's keys, in spec order. */
const STUDENT_COLUMNS: readonly string[] = STUDENT_ATTRS.map((i) => FIELDS[i].key);

/**
 * A fingerprint of each record's fields, so a re-apply compares one value a record and reads
 * full rows back only for the few that differ.
 */
export const fingerprints: Knex.Migration = {
  async up(knex) {
    for (const t of ['dessa_sites', 'dessa_staff', 'dessa_students', 'dessa_classes']) {
      // One ALTER a table: after a partial run on MySQL some tables have the column already.
      if (await knex.schema.hasColumn(t, 'fingerprint')) continue;
      await knex.schema.alterTable(t, (table) => {
        table.string('fingerprint', 16).notNullable().defaultTo('');
      });
    }
  },
  async down(knex) {
    for (const t of ['dessa_sites', 'dessa_staff', 'dessa_students', 'dessa_classes']) {
      await knex.schema.alterTable(t, (table) => {
        table.dropColumn('fingerprint');
      });
    }
  },
};

/** A SASID can be longer than a code: widen it to 100 (SQLite does not enforce lengths). Safe to repeat. */
export const widerSasid: Knex.Migration = {
  async up(knex) {
    if (/sqlite/.test(String(knex.client.config.client))) return;
    await knex.schema.alterTable('dessa_students', (t) => {
      t.string('sasid', 100).notNullable().defaultTo('').alter();
    });
  },
  async down() {},
};

