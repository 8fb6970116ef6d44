import { once } from 'node:events';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import type { Dialect } from './dialect.js';
import { withDriver } from './driver.js';

export type Value = string | number | null;

/** An identifier quoted for the dialect's SQL. */
export function quoteId(dialect: Dialect, id: string): string {
  return dialect === 'mysql' ? `\`${id.replace(/`/g, '``')}\`` : `"${id.replace(/"/g, '""')}"`;
}

/** PostgreSQL COPY text format: backslash escapes, \N for null. */
function copyField(v: Value): string {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

async function copyRows(trx: Knex.Transaction, table: string, batch: Batch): Promise<void> {
  await withDriver(trx, 'postgres', async (client) => {
    const cols = [...Object.keys(batch.fixed), ...batch.cols];
    const stream = client.query(
      copyFrom(
        `COPY ${client.escapeIdentifier(table)} (${cols.map((c) => client.escapeIdentifier(c)).join(', ')}) FROM STDIN`,
      ),
    );
    const done = new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject));
    const head = Object.values(batch.fixed)
      .map((v) => `${copyField(v)}\t`)
      .join('');
    let text = '';
    for (let i = 0; i < batch.count; i++) {
      text += `${head}${batch.toRow(i).map(copyField).join('\t')}\n`;
      if (text.length > 1 << 20) {
        if (!stream.write(text)) await Promise.race([once(stream, 'drain'), done]);
        text = '';
      }
    }
    stream.end(text);
    await done;
  });
}

/** Rows a SQLite statement inserts at once: each call into the driver costs more than binding a few more values. */
const SQLITE_ROWS_PER_STATEMENT = 64;

/**
 * SQLite: values the same on every row (org, program, timestamps) are named parameters bound
 * once a statement; the rest are positional. Binding is most of an insert's cost in the driver.
 */
async function sqliteRows(trx: Knex.Transaction, table: string, batch: Batch): Promise<void> {
  await withDriver(trx, 'sqlite', (db) => {
    const quote = (id: string) => quoteId('sqlite', id);
    const fixedCols = Object.keys(batch.fixed);
    const named = Object.fromEntries(fixedCols.map((c, i) => [`f${i}`, batch.fixed[c]]));
    const head = `insert into ${quote(table)} (${[...fixedCols, ...batch.cols].map(quote).join(', ')}) values `;
    const tuple = `(${[...fixedCols.map((_, i) => `@f${i}`), ...batch.cols.map(() => '?')].join(', ')})`;
    const args = fixedCols.length > 0 ? [named] : [];
    const many = db.prepare(head + Array(SQLITE_ROWS_PER_STATEMENT).fill(tuple).join(', '));
    const values: Value[] = [];
    let i = 0;
    for (; i + SQLITE_ROWS_PER_STATEMENT <= batch.count; i += SQLITE_ROWS_PER_STATEMENT) {
      values.length = 0;
      for (let k = i; k < i + SQLITE_ROWS_PER_STATEMENT; k++) for (const v of batch.toRow(k)) values.push(v);
      many.run(...args, values);
    }
    if (i === batch.count) return;
    const one = db.prepare(head + tuple);
    for (; i < batch.count; i++) one.run(...args, batch.toRow(i));
  });
}

async function mysqlRows(trx: Knex.Transaction, table: string, batch: Batch): Promise<void> {
  const fixed = Object.values(batch.fixed);
  const cols = [...Object.keys(batch.fixed), ...batch.cols];
  const step = Math.max(1, Math.min(2000, Math.floor(65_535 / cols.length)));
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const head = trx.raw(`insert into ?? (${cols.map(() => '??').join(', ')}) values `, [table, ...cols]).toQuery();
  for (let i = 0; i < batch.count; i += step) {
    const n = Math.min(step, batch.count - i);
    const values: Value[] = [];
    for (let k = i; k < i + n; k++) values.push(...fixed, ...batch.toRow(k));
    await trx.raw(`${head}${Array(n).fill(tuple).join(', ')}`, values);
  }
}

/** Rows to insert into one table: columns with one value for every row, then columns whose values `toRow(i)` gives. */
export interface Batch {
  fixed: Record<string, Value>;
  cols: readonly string[];
  count: number;
  toRow: (i: number) => Value[];
}

/**
 * Inserts a batch the fastest way each database offers, inside the caller's transaction:
 * PostgreSQL COPY; SQLite prepared statements of 64 rows (no SQL text to parse again);
 * MySQL multi-row VALUES within its 65,535 parameters. Rows are made as they are sent and
 * are arrays, not objects: a million objects held at once cost more than the inserts.
 */
export async function insertMapped(
  trx: Knex.Transaction,
  dialect: Dialect,
  table: string,
  batch: Batch,
): Promise<void> {
  if (batch.count === 0) return;
  if (dialect === 'postgres') return copyRows(trx, table, batch);
  if (dialect === 'sqlite') return sqliteRows(trx, table, batch);
  return mysqlRows(trx, table, batch);
}

/** Sets the same values on many rows by id, in chunks. */
export async function updateByIds(
  trx: Knex.Transaction,
  table: string,
  ids: number[],
  values: Record<string, string | null>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await trx(table)
      .whereIn('id', ids.slice(i, i + 500))
      .update(values);
}
