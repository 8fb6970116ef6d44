import type { Knex } from 'knex';
import { LINK_ENDS, linkEnds, printFields, type LinkEntity } from '../plan/entities.js';
import type { Change, Plan } from '../plan/plan.js';
import type { Dialect } from './connect.js';
import type { DbState } from './state.js';
import { insertMapped, updateByIds, type Value } from './insert.js';
import { COLUMNS, KEY_COLUMNS, keyOf, LINK_COLUMNS, RECORDS, TABLE, type Scope } from './tables.js';

const STAMPS = ['created_at', 'updated_at', 'removed_at'];
const LINKS = Object.keys(LINK_ENDS) as LinkEntity[];

/**
 * Writes a plan's changes inside the caller's transaction: records first (so links can find
 * their ids), then links, then removals. Nothing is deleted: removal sets removed_at.
 */
export async function writePlan(trx: Knex.Transaction, dialect: Dialect, scope: Scope, plan: Plan, state: DbState, now: string): Promise<void> {
  const groups = new Map<string, Change[]>();
  for (const c of plan.changes) {
    const k = `${c.entity} ${c.action}`;
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  const of = (entity: string, action: Change['action']) => groups.get(`${entity} ${action}`) ?? [];
  const stamps: Value[] = [now, now, null];
  const { records } = state.current;

  for (const entity of RECORDS) {
    const cols = COLUMNS[entity];
    await insertMapped(trx, dialect, TABLE[entity], ['org', 'program', ...cols, 'fingerprint', ...STAMPS], of(entity, 'create'), (c) => [
      scope.org, scope.program, ...cols.map((k) => c.after![k]), c.print ?? printFields(entity, c.after!), ...stamps,
    ]);
    for (const c of [...of(entity, 'update'), ...of(entity, 'reactivate')]) {
      const values: Record<string, string | null> = { ...(c.after ?? {}), updated_at: now };
      if (c.print) values.fingerprint = c.print;
      if (c.action === 'reactivate') values.removed_at = null;
      await trx(TABLE[entity]).where({ id: records[entity].get(c.key)!.id }).update(values);
    }
  }
  // Ids of every record of the scope, those just created included, for the links.
  const ids: Record<string, Map<string, number>> = {};
  for (const entity of ['students', 'classes', 'staff'] as const) {
    const known = new Map<string, number>();
    for (const [key, row] of records[entity]) known.set(key, row.id);
    if (of(entity, 'create').length > 0) {
      const rows = await trx(TABLE[entity]).where(scope).select(['id', ...KEY_COLUMNS[entity]]);
      for (const r of rows) known.set(keyOf(entity, r), Number(r.id));
    }
    ids[entity] = known;
  }
  const linkId = (entity: LinkEntity, key: string) => {
    const [a, b] = LINK_ENDS[entity];
    const [ak, bk] = linkEnds(entity, key);
    return Math.floor(state.current.links[entity].get(ids[a].get(ak)!, ids[b].get(bk)!) / 2);
  };
  for (const entity of LINKS) {
    const [a, b] = LINK_ENDS[entity];
    await insertMapped(trx, dialect, TABLE[entity], ['org', 'program', ...LINK_COLUMNS[entity], ...STAMPS], of(entity, 'create'), (c) => {
      const [ak, bk] = linkEnds(entity, c.key);
      return [scope.org, scope.program, ids[a].get(ak)!, ids[b].get(bk)!, ...stamps];
    });
    await updateByIds(trx, TABLE[entity], of(entity, 'reactivate').map((c) => linkId(entity, c.key)), { removed_at: null, updated_at: now });
    await updateByIds(trx, TABLE[entity], of(entity, 'remove').map((c) => linkId(entity, c.key)), { removed_at: now, updated_at: now });
  }
  for (const entity of RECORDS) {
    await updateByIds(trx, TABLE[entity], of(entity, 'remove').map((c) => records[entity].get(c.key)!.id), { removed_at: now, updated_at: now });
  }
}
