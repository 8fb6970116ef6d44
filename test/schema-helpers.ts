import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { query } from './db-helpers.js';
import { ROOT, tmp } from './helpers.js';

/**
 * A database's schema as the server reports it, for the schema snapshot: every dessa_ table
 * with its columns in order (each as one line: type, nullability, default), primary key and
 * other indexes (columns in index order). Sorted by name, so two equal schemas print alike.
 */
export interface TableShape {
  columns: Record<string, string>;
  primaryKey: string[];
  indexes: Record<string, string>;
  /** MySQL/MariaDB: the table's collation (keys compare exactly under utf8mb4_bin). */
  collation?: string;
}
export type SchemaShape = Record<string, TableShape>;

type Column = { name: string; type: string; notnull: boolean; dflt: string | null; extra?: string };
type Index = { name: string; unique: boolean; primary: boolean; columns: string[] };

const describeColumn = (c: Column) => {
  const parts = [c.type, c.notnull ? 'not null' : 'null', c.dflt === null ? '' : `default ${c.dflt}`, c.extra ?? ''];
  return parts.filter(Boolean).join(' ');
};

function shape(columns: Column[], indexes: Index[], collation?: string): TableShape {
  const out: TableShape = {
    columns: Object.fromEntries(columns.map((c) => [c.name, describeColumn(c)])),
    primaryKey: indexes.find((i) => i.primary)?.columns ?? [],
    indexes: {},
  };
  for (const i of indexes.filter((x) => !x.primary).sort((a, b) => a.name.localeCompare(b.name))) {
    out.indexes[i.name] = `${i.unique ? 'unique ' : ''}(${i.columns.join(', ')})`;
  }
  if (collation !== undefined) out.collation = collation;
  return out;
}

async function sqliteTable(knex: Knex, table: string): Promise<TableShape> {
  type Info = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
  const info = (await knex.raw(`pragma table_info(${table})`)) as Info[];
  // An INTEGER PRIMARY KEY is the rowid: never null, whatever table_info says.
  const columns = info.map((c) => ({
    name: c.name,
    type: c.type,
    notnull: c.notnull === 1 || c.pk > 0,
    dflt: c.dflt_value,
  }));
  const pk = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const indexes: Index[] = [{ name: 'primary', unique: true, primary: true, columns: pk }];
  const list = (await knex.raw(`pragma index_list(${table})`)) as { name: string; unique: number; origin: string }[];
  for (const i of list) {
    if (i.origin === 'pk') continue;
    const cols = (await knex.raw(`pragma index_info(${i.name})`)) as { seqno: number; name: string }[];
    const columns = cols.sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
    indexes.push({ name: i.name, unique: i.unique === 1, primary: false, columns });
  }
  return shape(columns, indexes);
}

async function postgresTable(knex: Knex, table: string): Promise<TableShape> {
  const cols = await knex.raw(
    'select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull, ' +
      'pg_get_expr(d.adbin, d.adrelid) as dflt from pg_attribute a ' +
      'left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum ' +
      'where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum',
    [table],
  );
  const idx = await knex.raw(
    'select c.relname as name, x.indisunique as unique, x.indisprimary as primary, ' +
      'array(select a.attname::text from unnest(x.indkey) with ordinality k(num, pos) ' +
      'join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.num order by k.pos) as columns ' +
      'from pg_index x join pg_class c on c.oid = x.indexrelid where x.indrelid = ?::regclass',
    [table],
  );
  return shape(cols.rows, idx.rows);
}

async function mysqlTable(knex: Knex, table: string): Promise<TableShape> {
  const [cols] = await knex.raw(
    'select column_name as name, column_type as type, is_nullable as nullable, column_default as dflt, extra, ' +
      'collation_name as collation from information_schema.columns ' +
      'where table_schema = database() and table_name = ? order by ordinal_position',
    [table],
  );
  const [[t]] = await knex.raw(
    'select table_collation as collation from information_schema.tables ' +
      'where table_schema = database() and table_name = ?',
    [table],
  );
  const columns: Column[] = cols.map((c: Record<string, string | null>) => ({
    name: c.name,
    type: c.type,
    notnull: c.nullable === 'NO',
    dflt: c.dflt,
    // A column's collation is shown where it is not the table's.
    extra: [c.extra, c.collation && c.collation !== t.collation ? `collate ${c.collation}` : '']
      .filter(Boolean)
      .join(' '),
  }));
  const [stats] = await knex.raw(
    'select index_name as name, non_unique, column_name as col from information_schema.statistics ' +
      'where table_schema = database() and table_name = ? order by index_name, seq_in_index',
    [table],
  );
  const indexes = new Map<string, Index>();
  for (const s of stats as { name: string; non_unique: number | string; col: string }[]) {
    const unique = Number(s.non_unique) === 0;
    const i = indexes.get(s.name) ?? { name: s.name, unique, primary: s.name === 'PRIMARY', columns: [] };
    i.columns.push(s.col);
    indexes.set(s.name, i);
  }
  return shape(columns, [...indexes.values()], t.collation);
}

const TABLES_SQL: Record<string, string> = {
  sqlite: "select name from sqlite_master where type = 'table' and name like 'dessa%' order by name",
  postgres:
    'select table_name as name from information_schema.tables ' +
    "where table_schema = current_schema() and table_name like 'dessa%' order by table_name",
  mysql:
    'select table_name as name from information_schema.tables ' +
    "where table_schema = database() and table_name like 'dessa%' order by table_name",
};
const TABLE_SHAPE: Record<string, (knex: Knex, table: string) => Promise<TableShape>> = {
  sqlite: sqliteTable,
  postgres: postgresTable,
  mysql: mysqlTable,
};

/** The schema of every dessa_ table (knex's bookkeeping tables included: their names are part of every database). */
export async function inspectSchema(knex: Knex, dialect: string): Promise<SchemaShape> {
  const result = await knex.raw(TABLES_SQL[dialect]);
  const rows: { name: string }[] = dialect === 'sqlite' ? result : dialect === 'postgres' ? result.rows : result[0];
  const out: SchemaShape = {};
  for (const { name } of rows) {
    out[name] = await TABLE_SHAPE[dialect](knex, name);
  }
  return out;
}

/** A database of its own on the server (created here, dropped by `drop`), or a new SQLite file. */
export async function scratchDatabase(
  kind: string,
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(tmp(), `${prefix}.sqlite`)}`, drop: async () => {} };
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  // MySQL: knex's bookkeeping tables take the database's collation; named here, not the server's default.
  const charset = kind === 'mysql' ? ' character set utf8mb4 collate utf8mb4_general_ci' : '';
  await query(serverUrl, (k) => k.raw(`create database ${name}${charset}`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => query(serverUrl, (k) => k.raw(`drop database ${name}`)).then(() => {}) };
}

/** The stored schema of each dialect (test/fixtures/schema/<dialect>.json). */
export const SNAPSHOT_DIALECTS = ['sqlite', 'postgres', 'mysql'] as const;
export const snapshotFile = (dialect: string) => join(ROOT, 'test', 'fixtures', 'schema', `${dialect}.json`);
export const readSnapshot = (dialect: string): SchemaShape => JSON.parse(readFileSync(snapshotFile(dialect), 'utf8'));

/** knex's bookkeeping tables: in every database, holding no org's data. */
export const KNEX_TABLES = ['dessa_migrations', 'dessa_migrations_lock'];

/** The width a column description gives its text type (`varchar(200) not null` → 200), else null. */
export function widthOf(column: string): number | null {
  const m = /^(?:varchar|character varying)\((\d+)\)/.exec(column);
  return m ? Number(m[1]) : null;
}
