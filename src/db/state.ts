import { createHash, type Hash } from 'node:crypto';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import { to as copyTo } from 'pg-copy-streams';
import { DessaError } from '../errors.js';
import { LINK_ENDS, RECORDS, type Desired, type LinkEntity } from '../plan/entities.js';
import { PairTable } from '../plan/pair-table.js';
import { emptyCurrent, needsFields, type Current, type StoredRow } from '../plan/plan.js';
import { SEP } from '../roster/roster.js';
import { COLUMNS, KEY_COLUMNS, LINK_COLUMNS, TABLE, type Scope } from './tables.js';

export interface DbState {
  current: Current;
  /** sha256 of every row's id, key, print, state and last update: a plan applies only to the state it was made on. */
  digest: string;
}

/** Ids are held in 32-bit arrays. */
const MAX_ID = 2 ** 30;

type Db = Knex | Knex.Transaction;

const dialectOf = (db: Db) => {
  const client = String(db.client.config.client);
  return /sqlite/.test(client) ? 'sqlite' : /pg|postgres/.test(client) ? 'postgres' : 'mysql';
};

/** The one value of a one-row, one-column query, as text. */
async function firstValue(db: Db, sql: string, bindings: Knex.Value[]): Promise<string | null> {
  const result = await db.raw(sql, bindings);
  const rows: Record<string, unknown>[] = Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : result.rows;
  const value = rows[0] ? Object.values(rows[0])[0] : null;
  return value === null || value === undefined ? null : String(value);
}

/**
 * Every row of a table in the scope, by id, as arrays (a million row objects cost seconds of
 * garbage collection), through the driver connection knex holds for this query or transaction.
 * On SQLite a plain table scan is read in id order; the scope's index would need a re-sort.
 */
async function scopeRows(db: Db, table: string, cols: readonly string[], scope: Scope): Promise<unknown[][]> {
  const sqlite = dialectOf(db) === 'sqlite';
  const sql = db.raw(`select ${cols.map(() => '??').join(', ')} from ??${sqlite ? ' not indexed' : ''} where org = ? and program = ? order by id`, [...cols, table, scope.org, scope.program]).toSQL().toNative();
  const client = db.client as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    if (sqlite) return (conn as { prepare(s: string): { raw(on: boolean): { all(...v: unknown[]): unknown[][] } } }).prepare(sql.sql).raw(true).all(...sql.bindings);
    if (dialectOf(db) === 'postgres') {
      const res = await (conn as { query(q: object): Promise<{ rows: unknown[][] }> }).query({ text: sql.sql, values: sql.bindings, rowMode: 'array' });
      return res.rows;
    }
    return await new Promise((resolve, reject) => {
      (conn as { query(q: object, cb: (e: Error | null, r: unknown[][]) => void): void }).query({ sql: sql.sql, values: sql.bindings, rowsAsArray: true }, (e, r) => (e ? reject(e) : resolve(r)));
    });
  } finally {
    await client.releaseConnection(conn);
  }
}

export interface LoadOptions {
  /** What the file says: records whose fields the plan will need are read in full. */
  desired?: Desired;
  /** Compute the state's digest (a saved plan's base); it costs a pass over every row. */
  digest?: boolean;
  /** Link rows per aggregated chunk on SQLite and MySQL (tests use a small one to cross chunk boundaries). */
  linkChunk?: number;
}

/**
 * Reads one org and program (removed records too: they can come back). Records are read
 * light (id, key, fingerprint); full fields only for those `desired` shows the plan needs.
 */
export async function loadState(db: Db, scope: Scope, options: LoadOptions = {}): Promise<DbState> {
  const { desired } = options;
  const current = emptyCurrent();
  const hash = options.digest ? createHash('sha256') : null;
  for (const entity of RECORDS) {
    const keyCols = KEY_COLUMNS[entity];
    const rows = await scopeRows(db, TABLE[entity], ['id', 'removed_at', 'updated_at', 'fingerprint', ...keyCols], scope);
    const byId = current.keys[entity];
    const byKey = current.records[entity];
    const need: number[] = [];
    let text = '';
    for (const r of rows) {
      const id = Number(r[0]);
      const key = keyCols.length === 1 ? String(r[4]) : keyCols.map((_, k) => String(r[4 + k] ?? '')).join(SEP);
      const row: StoredRow = { id, removed: r[1] !== null, print: String(r[3] ?? ''), fields: null };
      byId.set(id, key);
      byKey.set(key, row);
      if (desired && needsFields(row, desired.records[entity], key)) need.push(id);
      if (!hash) continue;
      text += `${id}${SEP}${key}${SEP}${r[1] ?? ''}${SEP}${r[2]}${SEP}${row.print}\n`;
      if (text.length > 1 << 16) {
        hash.update(text);
        text = '';
      }
    }
    hash?.update(`${entity}\n${text}`);
    await readFields(db, entity, need, byId, byKey);
  }
  for (const entity of Object.keys(LINK_ENDS) as LinkEntity[]) {
    hash?.update(`${entity}\n`);
    current.links[entity] = await readLinks(db, entity, scope, hash, options.linkChunk ?? LINK_CHUNK);
  }
  return { current, digest: hash ? hash.digest('hex') : '' };
}

/** Link rows read a chunk at a time (SQLite, MySQL): enough to make a string of a few megabytes. */
const LINK_CHUNK = 200_000;

/**
 * A scope's links into a PairTable, read as text of numbers ("value,a,b,…", value = id*2 +
 * removed) rather than as a million row objects: parsing it costs a quarter of what the
 * drivers spend building rows. PostgreSQL streams it with COPY TO; SQLite and MySQL
 * aggregate a chunk into one string, SQLite following the rowid (its table order), MySQL the
 * scope's unique index (a range scan, where ordering by id would sort the scope every chunk).
 * Rows come in a fixed order only when the digest needs one.
 */
async function readLinks(db: Db, entity: LinkEntity, scope: Scope, hash: Hash | null, chunkRows: number): Promise<PairTable> {
  const [aCol, bCol] = LINK_COLUMNS[entity];
  const table = new PairTable();
  // Where the next chunk starts: the greatest id (SQLite) or (a, b) (MySQL) read so far.
  let maxId = 0;
  let maxA = 0;
  let maxB = 0;
  const parser = new TripleParser((value, a, b) => {
    if (value >= 2 * MAX_ID || a >= MAX_ID || b >= MAX_ID) throw new DessaError('db-error', `${TABLE[entity]} has ids beyond ${MAX_ID}; this version cannot plan against it`);
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
    await copyOut(db, (lit) => `select ${value}, ${aCol}, ${bCol} from ${TABLE[entity]} where org = ${lit(scope.org)} and program = ${lit(scope.program)}${hash ? ' order by id' : ''}`, feed);
    parser.end();
    return table;
  }
  const sqlite = dialect === 'sqlite';
  const item = sqlite
    ? `(id * 2 + (removed_at is not null)) || ',' || ${aCol} || ',' || ${bCol}`
    : `concat(id * 2 + (case when removed_at is null then 0 else 1 end), ',', ${aCol}, ',', ${bCol})`;
  const order = sqlite ? 'id' : `${aCol}, ${bCol}`;
  // Ordering inside the aggregate sorts every chunk again: only the digest needs it.
  const agg = sqlite ? `group_concat(item, ','${hash ? ' order by id' : ''})` : `group_concat(item${hash ? ` order by ${order}` : ''} separator ',')`;
  const from = sqlite ? `${TABLE[entity]} not indexed where org = ? and program = ? and id > ?` : `${TABLE[entity]} where org = ? and program = ? and (${aCol}, ${bCol}) > (?, ?)`;
  const sql = `select ${agg} from (select ${order}, ${item} as item from ${from} order by ${order} limit ${Math.max(1, Math.floor(chunkRows))}) chunk`;
  if (!sqlite) await db.raw('set session group_concat_max_len = 1073741824');
  for (;;) {
    const text = await firstValue(db, sql, sqlite ? [scope.org, scope.program, maxId] : [scope.org, scope.program, maxA, maxB]);
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

/** PostgreSQL COPY (query) TO STDOUT through the connection knex holds; `sql` gets a literal quoter (COPY takes no parameters). */
async function copyOut(db: Db, sql: (lit: (s: string) => string) => string, onChunk: (b: Buffer) => void): Promise<void> {
  const client = db.client as { acquireConnection(): Promise<PgConn>; releaseConnection(c: unknown): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    const stream = conn.query(copyTo(`COPY (${sql((s) => conn.escapeLiteral(s))}) TO STDOUT`));
    stream.on('data', onChunk);
    await finished(stream);
  } finally {
    await client.releaseConnection(conn);
  }
}

interface PgConn {
  query<S>(s: S): S;
  escapeLiteral(s: string): string;
}

async function readFields(db: Db, entity: (typeof RECORDS)[number], ids: number[], byId: Map<number, string>, byKey: Map<string, StoredRow>): Promise<void> {
  const cols = COLUMNS[entity];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db(TABLE[entity]).whereIn('id', ids.slice(i, i + 500)).select(['id', ...cols]);
    for (const r of rows) {
      const fields: Record<string, string> = {};
      for (const c of cols) fields[c] = r[c] ?? '';
      byKey.get(byId.get(Number(r.id))!)!.fields = fields;
    }
  }
}

/** Whether the schema exists yet (diff reads an unmigrated database as empty). */
export async function hasSchema(db: Knex): Promise<boolean> {
  return db.schema.hasTable(TABLE.students);
}
