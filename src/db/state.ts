import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ENTITIES } from '../plan/entities.js';
import type { Current, StoredRow } from '../plan/plan.js';
import { SEP } from '../roster/roster.js';
import { COLUMNS, keyOf, LINKS, RECORDS, TABLE, type Scope } from './tables.js';

export interface DbState {
  current: Current;
  /** Database id -> natural key, per record entity: links are stored by id. */
  keys: Record<string, Map<number, string>>;
  /** sha256 of everything read: a plan made on this state applies only to this state. */
  digest: string;
}

/** Reads everything in one org and program (removed records too: they can come back). */
export async function loadState(db: Knex | Knex.Transaction, scope: Scope): Promise<DbState> {
  const current = Object.fromEntries(ENTITIES.map((e) => [e, new Map<string, StoredRow>()])) as Current;
  const keys: Record<string, Map<number, string>> = {};
  const hash = createHash('sha256');
  for (const entity of RECORDS) {
    const cols = COLUMNS[entity];
    const rows = await db(TABLE[entity]).where(scope).orderBy('id').select(['id', 'removed_at', ...cols]);
    const byId = new Map<number, string>();
    for (const row of rows) {
      const fields: Record<string, string> = {};
      for (const c of cols) fields[c] = row[c] ?? '';
      const key = keyOf(entity, fields);
      const id = Number(row.id);
      byId.set(id, key);
      current[entity].set(key, { id, removed: row.removed_at !== null, fields });
      hash.update(`${entity}${SEP}${id}${SEP}${row.removed_at ?? ''}${SEP}${cols.map((c) => fields[c]).join(SEP)}\n`);
    }
    keys[entity] = byId;
  }
  for (const [entity, ends] of Object.entries(LINKS) as [keyof typeof LINKS, (typeof LINKS)[keyof typeof LINKS]][]) {
    const rows = await db(TABLE[entity]).where(scope).orderBy('id').select(['id', 'removed_at', ends[0][2], ends[1][2]]);
    for (const row of rows) {
      const a = keys[ends[0][1]].get(Number(row[ends[0][2]])) ?? '';
      const b = keys[ends[1][1]].get(Number(row[ends[1][2]])) ?? '';
      current[entity].set(`${a}${SEP}${b}`, { id: Number(row.id), removed: row.removed_at !== null, fields: { [ends[0][0]]: a, [ends[1][0]]: b } });
      hash.update(`${entity}${SEP}${row.id}${SEP}${row.removed_at ?? ''}${SEP}${a}${SEP}${b}\n`);
    }
  }
  return { current, keys, digest: hash.digest('hex') };
}

/** Whether the schema exists yet (diff reads an unmigrated database as empty). */
export async function hasSchema(db: Knex): Promise<boolean> {
  return db.schema.hasTable(TABLE.students);
}
