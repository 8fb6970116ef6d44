import { once } from 'node:events';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import type { Dialect } from './connect.js';

export type Value = string | number | null;

/** The driver connection of a knex transaction: what knex itself runs the transaction's queries on. */
async function connectionOf<T>(trx: Knex.Transaction): Promise<T> {
  return (trx.client as unknown as { acquireConnection(): Promise<T> }).acquireConnection();
}

/** PostgreSQL COPY text format: backslash escapes, \N for null. */
function copyField(v: Value): string {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

async function copyRows(trx: Knex.Transaction, table: string, cols: readonly string[], rows: Value[][]): Promise<void> {
  const client = await connectionOf<{ query<S>(s: S): S; escapeIdentifier(s: string): string }>(trx);
  const stream = client.query(copyFrom(`COPY ${client.escapeIdentifier(table)} (${cols.map((c) => client.escapeIdentifier(c)).join(', ')}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject));
  let batch = '';
  for (const r of rows) {
    batch += `${r.map(copyField).join('\t')}\n`;
    if (batch.length > 1 << 20) {
      if (!stream.write(batch)) await Promise.race([once(stream, 'drain'), done]);
      batch = '';
    }
  }
  stream.end(batch);
  await done;
}

/**
 * Inserts many rows the fastest way each database offers, inside the caller's transaction:
 * PostgreSQL COPY; SQLite one prepared statement run per row (no SQL text to parse again);
 * MySQL multi-row VALUES within its 65,535 parameters. Rows are arrays in `cols` order:
 * a million objects would cost more than the inserts.
 */
export async function insertRows(trx: Knex.Transaction, dialect: Dialect, table: string, cols: readonly string[], rows: Value[][]): Promise<void> {
  if (rows.length === 0) return;
  if (dialect === 'postgres') return copyRows(trx, table, cols, rows);
  if (dialect === 'sqlite') {
    const db = await connectionOf<{ prepare(sql: string): { run(...v: Value[]): unknown } }>(trx);
    const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const stmt = db.prepare(`insert into ${quote(table)} (${cols.map(quote).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
    for (const r of rows) stmt.run(...r);
    return;
  }
  const step = Math.max(1, Math.min(2000, Math.floor(65_535 / cols.length)));
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const head = trx.raw(`insert into ?? (${cols.map(() => '??').join(', ')}) values `, [table, ...cols]).toQuery();
  for (let i = 0; i < rows.length; i += step) {
    const chunk = rows.slice(i, i + step);
    await trx.raw(`${head}${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

/**
 * Inserts `items` turned into rows by `toRow`, a slice at a time: a million row arrays built
 * at once would hold hundreds of megabytes for no gain.
 */
export async function insertMapped<T>(trx: Knex.Transaction, dialect: Dialect, table: string, cols: readonly string[], items: readonly T[], toRow: (item: T) => Value[]): Promise<void> {
  const slice = 50_000;
  for (let i = 0; i < items.length; i += slice) await insertRows(trx, dialect, table, cols, items.slice(i, i + slice).map(toRow));
}

/** Sets the same values on many rows by id, in chunks. */
export async function updateByIds(trx: Knex.Transaction, table: string, ids: number[], values: Record<string, string | null>): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await trx(table).whereIn('id', ids.slice(i, i + 500)).update(values);
}
