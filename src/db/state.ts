import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DessaError } from '../errors.js';
import { LINK_ENDS, RECORDS, type LinkEntity } from '../plan/entities.js';
import { emptyCurrent, type Current } from '../plan/plan.js';
import { PairTable } from '../plan/pair-table.js';
import { SEP } from '../roster/roster.js';
import { COLUMNS, keyOf, LINK_COLUMNS, TABLE, type Scope } from './tables.js';

export interface DbState {
  current: Current;
  /** sha256 of everything read: a plan made on this state applies only to this state. */
  digest: string;
}

/** Ids are held in 32-bit arrays. */
const MAX_ID = 2 ** 30;

/**
 * Every row of a table in the scope, by id. On SQLite the scope's unique index would be
 * used for the WHERE and then every row re-sorted; a plain table scan is read in id order.
 */
function selectScope(db: Knex | Knex.Transaction, table: string, cols: readonly string[], scope: Scope): Promise<Record<string, unknown>[]> {
  if (/sqlite/.test(String(db.client.config.client))) {
    return db.raw(`select ${cols.map(() => '??').join(', ')} from ?? not indexed where org = ? and program = ? order by id`, [...cols, table, scope.org, scope.program]) as unknown as Promise<Record<string, unknown>[]>;
  }
  return db(table).where(scope).orderBy('id').select([...cols]);
}

/** Reads everything in one org and program (removed records too: they can come back). */
export async function loadState(db: Knex | Knex.Transaction, scope: Scope): Promise<DbState> {
  const current = emptyCurrent();
  const hash = createHash('sha256');
  for (const entity of RECORDS) {
    const cols = COLUMNS[entity];
    const rows = await selectScope(db, TABLE[entity], ['id', 'removed_at', ...cols], scope);
    const byId = current.keys[entity];
    const byKey = current.records[entity];
    for (const row of rows) {
      const fields: Record<string, string> = {};
      for (const c of cols) fields[c] = (row[c] as string | null) ?? '';
      const key = keyOf(entity, fields);
      const id = Number(row.id);
      byId.set(id, key);
      byKey.set(key, { id, removed: row.removed_at !== null, fields });
      hash.update(`${entity}${SEP}${id}${SEP}${row.removed_at ?? ''}${SEP}${cols.map((c) => fields[c]).join(SEP)}\n`);
    }
  }
  for (const entity of Object.keys(LINK_ENDS) as LinkEntity[]) {
    const [aCol, bCol] = LINK_COLUMNS[entity];
    const rows = await selectScope(db, TABLE[entity], ['id', 'removed_at', aCol, bCol], scope);
    const table = new PairTable(rows.length);
    current.links[entity] = table;
    let text = '';
    for (const row of rows) {
      const id = Number(row.id);
      const a = Number(row[aCol]);
      const b = Number(row[bCol]);
      if (a >= MAX_ID || b >= MAX_ID || id >= MAX_ID) throw new DessaError('db-error', `${TABLE[entity]} has ids beyond ${MAX_ID}; this version cannot plan against it`);
      table.set(a, b, id * 2 + (row.removed_at === null ? 0 : 1));
      text += `${id},${a},${b},${row.removed_at ?? ''}\n`;
      if (text.length > 1 << 16) {
        hash.update(text);
        text = '';
      }
    }
    hash.update(`${entity}\n${text}`);
  }
  return { current, digest: hash.digest('hex') };
}

/** Whether the schema exists yet (diff reads an unmigrated database as empty). */
export async function hasSchema(db: Knex): Promise<boolean> {
  return db.schema.hasTable(TABLE.students);
}
