import type { Knex } from 'knex';
import { DessaError } from '../../base/errors.js';
import type { Dialect } from '../dialect.js';

/**
 * What the migrations share. It is part of them and frozen as they are: every database made
 * since holds what these write, so they never change (test/schema-snapshot.test.ts fails if
 * they do). The dialect is the migration's, passed in.
 */

/**
 * Makes a table: the row id first, then the columns `build` writes out.
 *
 * The id: SQLite a plain rowid key (AUTOINCREMENT adds a sequence update to every insert, 40%
 * slower measured on a million rows, and is not needed: rows are never deleted, so ids are
 * never reused); elsewhere a bigint sequence. MySQL tables are utf8mb4 with a binary
 * collation: keys compare exactly, as the spec's uniqueness does.
 *
 * MySQL cannot roll DDL back: a table left by an interrupted migration (perhaps without its
 * indexes, which knex adds by separate statements) is dropped and made again. Such a table is
 * empty, since nothing writes to a table before its migration is recorded; one holding rows
 * is not ours to drop, and is refused.
 */
export async function create(
  knex: Knex,
  dialect: Dialect,
  name: string,
  build: (t: Knex.CreateTableBuilder) => void,
): Promise<void> {
  if (dialect === 'mysql' && (await knex.schema.hasTable(name))) {
    if (await knex(name).first()) {
      throw new DessaError(
        'db-error',
        `table ${name} holds rows, but the migration that creates it is not recorded in ` +
          "dessa_migrations; it is left alone: restore the database's dessa_migrations table " +
          'or start from a new database',
      );
    }
    await knex.schema.dropTable(name);
  }
  await knex.schema.createTable(name, (t) => {
    if (dialect === 'mysql') {
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
    }
    if (dialect === 'sqlite') t.specificType('id', 'integer primary key');
    else t.bigIncrements('id').primary();
    build(t);
  });
}

const INDEX_SQL: Record<Dialect, string> = {
  sqlite: "select 1 as x from sqlite_master where type = 'index' and tbl_name = ? and name = ?",
  postgres: 'select 1 as x from pg_indexes where schemaname = current_schema() and tablename = ? and indexname = ?',
  mysql:
    'select 1 as x from information_schema.statistics ' +
    'where table_schema = database() and table_name = ? and index_name = ? limit 1',
};

/** Whether a table has an index of that name (a step that adds one runs again only if it does not). */
export async function hasIndex(knex: Knex, dialect: Dialect, table: string, index: string): Promise<boolean> {
  const result = await knex.raw(INDEX_SQL[dialect], [table, index]);
  const rows = dialect === 'mysql' ? result[0] : dialect === 'sqlite' ? result : result.rows;
  return rows.length > 0;
}
