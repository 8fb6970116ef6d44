import type { Knex } from 'knex';
import type { Change, Plan } from '../plan/plan.js';
import type { Dialect } from './connect.js';
import type { DbState } from './state.js';
import { insertRows, updateByIds } from './insert.js';
import { COLUMNS, keyOf, LINKS, RECORDS, TABLE, type LinkEntity, type Scope } from './tables.js';


const STAMPS = ['created_at', 'updated_at', 'removed_at'];

/**
 * Writes a plan's changes inside the caller's transaction: records first (so links can find
 * their ids), then links, then removals. Nothing is deleted: removal sets removed_at.
 */
export async function writePlan(trx: Knex.Transaction, dialect: Dialect, scope: Scope, plan: Plan, state: DbState, now: string): Promise<void> {
  const byEntity = new Map<string, Change[]>();
  for (const c of plan.changes) {
    const list = byEntity.get(c.entity) ?? [];
    list.push(c);
    byEntity.set(c.entity, list);
  }
  const of = (entity: string, action: Change['action']) => (byEntity.get(entity) ?? []).filter((c) => c.action === action);
  const idOf = (entity: string, key: string) => state.current[entity as keyof DbState['current']].get(key)!.id;

  const stamps = [now, now, null];
  for (const entity of RECORDS) {
    const table = TABLE[entity];
    const cols = COLUMNS[entity];
    const rows = of(entity, 'create').map((c) => [scope.org, scope.program, ...cols.map((k) => c.after![k]), ...stamps]);
    await insertRows(trx, dialect, table, ['org', 'program', ...cols, ...STAMPS], rows);
    for (const c of [...of(entity, 'update'), ...of(entity, 'reactivate')]) {
      const values: Record<string, string | null> = { ...(c.after ?? {}), updated_at: now };
      if (c.action === 'reactivate') values.removed_at = null;
      await trx(table).where({ id: idOf(entity, c.key) }).update(values);
    }
  }
  // Ids of the records just created, for the links that point at them.
  const ids: Record<string, Map<string, number>> = {};
  for (const entity of ['students', 'classes', 'staff'] as const) {
    const cols = COLUMNS[entity];
    const rows = await trx(TABLE[entity]).where(scope).select(['id', ...cols]);
    ids[entity] = new Map(rows.map((r) => [keyOf(entity, r), Number(r.id)]));
  }
  for (const entity of Object.keys(LINKS) as LinkEntity[]) {
    const [a, b] = LINKS[entity];
    const rows = of(entity, 'create').map((c) => [scope.org, scope.program, ids[a[1]].get(c.after![a[0]])!, ids[b[1]].get(c.after![b[0]])!, ...stamps]);
    await insertRows(trx, dialect, TABLE[entity], ['org', 'program', a[2], b[2], ...STAMPS], rows);
    await updateByIds(trx, TABLE[entity], of(entity, 'reactivate').map((c) => idOf(entity, c.key)), { removed_at: null, updated_at: now });
  }
  for (const entity of [...Object.keys(LINKS), ...RECORDS]) {
    await updateByIds(trx, TABLE[entity as keyof typeof TABLE], of(entity, 'remove').map((c) => idOf(entity, c.key)), { removed_at: now, updated_at: now });
  }
}
