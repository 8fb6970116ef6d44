import type { Knex } from 'knex';
import type { Dialect } from './connect.js';

type Row = Record<string, string | number | null>;

/**
 * Inserts many rows fast on each database: PostgreSQL takes whole columns as arrays
 * (unnest: one statement, a handful of parameters, close to COPY); SQLite and MySQL take
 * multi-row VALUES within their parameter limits (SQLite 32,766; MySQL 65,535).
 */
export async function insertRows(trx: Knex.Transaction, dialect: Dialect, table: string, rows: Row[], numeric: ReadonlySet<string> = new Set()): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  if (dialect === 'postgres') {
    const step = 50_000;
    for (let i = 0; i < rows.length; i += step) {
      const chunk = rows.slice(i, i + step);
      const arrays = cols.map((c) => chunk.map((r) => r[c]));
      const casts = cols.map((c) => (numeric.has(c) ? '?::bigint[]' : '?::text[]')).join(', ');
      await trx.raw(`insert into ?? (${cols.map(() => '??').join(', ')}) select * from unnest(${casts})`, [table, ...cols, ...(arrays as unknown as Knex.Value[])]);
    }
    return;
  }
  const maxParams = dialect === 'sqlite' ? 32_766 : 65_535;
  const step = Math.max(1, Math.min(2000, Math.floor(maxParams / cols.length)));
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += step) {
    const chunk = rows.slice(i, i + step);
    const values: (string | number | null)[] = [];
    for (const r of chunk) for (const c of cols) values.push(r[c]);
    await trx.raw(`insert into ?? (${cols.map(() => '??').join(', ')}) values ${chunk.map(() => tuple).join(', ')}`, [table, ...cols, ...values]);
  }
}

/** Sets the same values on many rows by id, in chunks. */
export async function updateByIds(trx: Knex.Transaction, table: string, ids: number[], values: Record<string, string | null>): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await trx(table).whereIn('id', ids.slice(i, i + 500)).update(values);
}
