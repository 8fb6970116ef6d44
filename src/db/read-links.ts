import type { Hash } from 'node:crypto';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import { to as copyTo } from 'pg-copy-streams';
import { DessaError } from '../base/errors.js';
import type { LinkEntity } from '../plan/entities.js';
import { PairTable } from '../plan/pair-table.js';
import { dialectOf, type Db } from './dialect.js';
import { withDriver } from './driver.js';
import { LINK_COLUMNS, TABLE, type Scope } from './tables.js';

/** Ids are held in 32-bit arrays. */
export const MAX_ID = 2 ** 30;

/** The one value of a one-row, one-column query, as text. */
async function firstValue(db: Db, sql: string, bindings: Knex.Value[]): Promise<string | null> {
  const result = await db.raw(sql, bindings);
  const rows: Record<string, unknown>[] = Array.isArray(result)
    ? Array.isArray(result[0])
      ? result[0]
      : result
    : result.rows;
  const value = rows[0] ? Object.values(rows[0])[0] : null;
  return value === null || value === undefined ? null : String(value);
}

/** Link rows read a chunk at a time (SQLite, MySQL): enough to make a string of a few megabytes. */
export const LINK_CHUNK = 200_000;

/**
 * A scope's links into a PairTable, read as text of numbers ("value,a,b,…", value = id*2 +
 * removed) rather than as a million row objects: parsing it costs a quarter of what the
 * drivers spend building rows. PostgreSQL streams it with COPY TO; SQLite and MySQL
 * aggregate a chunk into one string, SQLite following the rowid (its table order), MySQL the
 * scope's unique index (a range scan, where ordering by id would sort the scope every chunk).
 * Rows come in a fixed order only when the digest needs one.
 */
export async function readLinks(
  db: Db,
  entity: LinkEntity,
  scope: Scope,
  hash: Hash | null,
  chunkRows: number,
): Promise<PairTable> {
  const [aCol, bCol] = LINK_COLUMNS[entity];
  const table = new PairTable();
  // Where the next chunk starts: the greatest id (SQLite) or (a, b) (MySQL) read so far.
  let maxId = 0;
  let maxA = 0;
  let maxB = 0;
  const parser = new TripleParser((value, a, b) => {
    if (value >= 2 * MAX_ID || a >= MAX_ID || b >= MAX_ID)
      throw new DessaError(
        'db-error',
        `${TABLE[entity]} has ids beyond ${MAX_ID}; this version cannot plan against it`,
      );
    table.set(a, b, value);
    if (value >= maxId * 2) maxId = Math.floor(value / 2);
    if (a > maxA || (a === maxA && b > maxB)) [maxA, maxB] = [a, b];
  });
  const feed = (chunk: Buffer) => {
    hash?.update(chunk);
    parser.feed(chunk);
  };
  const dialect = dialectOf(db);
  if (dialect === 'postgres') {
    const value = 'id * 2 + (case when removed_at is null then 0 else 1 end)';
    await copyOut(
      db,
      (lit) =>
        `select ${value}, ${aCol}, ${bCol} from ${TABLE[entity]} ` +
        `where org = ${lit(scope.org)} and program = ${lit(scope.program)}${hash ? ' order by id' : ''}`,
      feed,
    );
    parser.end();
    return table;
  }
  const sqlite = dialect === 'sqlite';
  const item = sqlite
    ? `(id * 2 + (removed_at is not null)) || ',' || ${aCol} || ',' || ${bCol}`
    : `concat(id * 2 + (case when removed_at is null then 0 else 1 end), ',', ${aCol}, ',', ${bCol})`;
  const order = sqlite ? 'id' : `${aCol}, ${bCol}`;
  // Ordering inside the aggregate sorts every chunk again: only the digest needs it.
  const agg = sqlite
    ? `group_concat(item, ','${hash ? ' order by id' : ''})`
    : `group_concat(item${hash ? ` order by ${order}` : ''} separator ',')`;
  const from = sqlite
    ? `${TABLE[entity]} not indexed where org = ? and program = ? and id > ?`
    : `${TABLE[entity]} where org = ? and program = ? and (${aCol}, ${bCol}) > (?, ?)`;
  const sql =
    `select ${agg} from (select ${order}, ${item} as item from ${from} ` +
    `order by ${order} limit ${Math.max(1, Math.floor(chunkRows))}) chunk`;
  if (!sqlite) await db.raw('set session group_concat_max_len = 1073741824');
  for (;;) {
    const text = await firstValue(
      db,
      sql,
      sqlite ? [scope.org, scope.program, maxId] : [scope.org, scope.program, maxA, maxB],
    );
    if (!text) return table;
    feed(Buffer.from(`${text},`, 'latin1'));
  }
}

/** Reads "x,y,z,x,y,z…" (non-negative integers, any non-digit a separator) chunk by chunk. */
class TripleParser {
  private t = [0, 0, 0];
  private n = 0;
  private v = 0;
  private digits = false;

  constructor(private readonly each: (x: number, y: number, z: number) => void) {}

  feed(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c >= 48 && c <= 57) {
        this.v = this.v * 10 + c - 48;
        this.digits = true;
      } else if (this.digits) this.push();
    }
  }

  end(): void {
    if (this.digits) this.push();
  }

  private push(): void {
    this.t[this.n++] = this.v;
    this.v = 0;
    this.digits = false;
    if (this.n < 3) return;
    this.n = 0;
    this.each(this.t[0], this.t[1], this.t[2]);
  }
}

/**
 * PostgreSQL COPY (query) TO STDOUT through the connection knex holds; `sql` gets a literal quoter
 * (COPY takes no parameters).
 */
async function copyOut(
  db: Db,
  sql: (lit: (s: string) => string) => string,
  onChunk: (b: Buffer) => void,
): Promise<void> {
  await withDriver(db, 'postgres', async (conn) => {
    const stream = conn.query(copyTo(`COPY (${sql((s) => conn.escapeLiteral(s))}) TO STDOUT`));
    stream.on('data', onChunk);
    await finished(stream);
  });
}
