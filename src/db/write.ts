import type { Knex } from 'knex';
import { LINK_ENDS, LINKS, type RecordEntity } from '../plan/entities.js';
import type { LinkChanges } from '../plan/link-changes.js';
import { recordGroups, type Change, type Plan } from '../plan/plan.js';
import { fingerprint } from '../plan/fingerprint.js';
import type { Dialect } from './dialect.js';
import type { DbState } from './state.js';
import { insertMapped, updateByIds } from './insert.js';
import { createStaff, setMembership } from './staff.js';
import { updateRows } from './update.js';
import { COLUMNS, KEY_COLUMNS, keyOf, LINK_COLUMNS, RECORDS, TABLE, type Scope } from './tables.js';

/**
 * Writes a plan's changes inside the caller's transaction: records first (so links can find
 * their ids), then links, then removals. Nothing is deleted: removal sets removed_at.
 */
export async function writePlan(
  trx: Knex.Transaction,
  dialect: Dialect,
  scope: Scope,
  plan: Plan,
  state: DbState,
  now: string,
): Promise<void> {
  const groups = recordGroups(plan);
  const of = (entity: string, action: Change['action']) => groups.get(`${entity} ${action}`) ?? [];
  const fixed = { org: scope.org, program: scope.program, created_at: now, updated_at: now, removed_at: null };
  const { records } = state.current;
  // Ids of the records of the scope, those just created included, for the links: made once, when a link changes.
  const ids: Partial<Record<RecordEntity, Map<string, number>>> = {};

  for (const entity of RECORDS) {
    const cols = COLUMNS[entity];
    // A whole row from the file; from a saved plan, a create's `after` (an update's holds only what changes: null).
    const valuesOf = (c: Change) => {
      const at = c.at ?? c.row;
      if (at === undefined && c.action !== 'create') return null;
      const values = at !== undefined ? plan.sources![entity].values(at) : cols.map((k) => c.after![k] ?? '');
      return [...values, c.print ?? fingerprint(values)];
    };
    // Staff are the org's: an update of a person the program does not list yet (another program's
    // record, spelled otherwise) joins them to the program, as a create does.
    const joined = entity === 'staff' ? of(entity, 'update').filter((c) => !records.staff.has(c.key)) : [];
    const created = [...of(entity, 'create'), ...joined];
    // Staff are the org's: creating them yields the org's ids, new ones included.
    if (entity === 'staff') {
      if (created.length > 0) ids.staff = await createStaff(trx, dialect, scope, created, valuesOf, now);
    } else {
      const toRow = (i: number) => valuesOf(created[i])!;
      const count = created.length;
      await insertMapped(trx, dialect, TABLE[entity], { fixed, cols: [...cols, 'fingerprint'], count, toRow });
    }
    for (const action of ['update', 'reactivate'] as const) {
      // Planned from a file: whole rows, many a statement. From a saved plan: the changed fields, one by one.
      const changes = of(entity, action).filter((c) => !joined.includes(c));
      const whole = changes.filter((c) => c.row !== undefined);
      await updateRows(trx, dialect, TABLE[entity], {
        set: { updated_at: now, ...(action === 'reactivate' ? { removed_at: null } : {}) },
        cols: [...cols, 'fingerprint'],
        count: whole.length,
        id: (i) => records[entity].get(whole[i].key)!.id,
        toRow: (i) => [...plan.sources![entity].values(whole[i].row!), whole[i].print!],
      });
      for (const c of changes.filter((ch) => ch.row === undefined)) {
        const values: Record<string, string | null> = { ...(c.after ?? {}), updated_at: now };
        if (c.print) values.fingerprint = c.print;
        if (action === 'reactivate') values.removed_at = null;
        await trx(TABLE[entity])
          .where({ id: records[entity].get(c.key)!.id })
          .update(values);
      }
      if (entity === 'staff' && action === 'reactivate')
        await setMembership(
          trx,
          scope,
          changes.map((c) => records.staff.get(c.key)!.id),
          null,
          now,
        );
    }
  }
  const idsOf = async (entity: RecordEntity) => {
    if (ids[entity]) return ids[entity];
    const known = new Map<string, number>();
    for (const [key, row] of records[entity]) known.set(key, row.id);
    if (of(entity, 'create').length > 0) {
      const rows = await trx(TABLE[entity])
        .where(scope)
        .select(['id', ...KEY_COLUMNS[entity]]);
      for (const r of rows) known.set(keyOf(entity, r), Number(r.id));
    }
    return (ids[entity] = known);
  };
  for (const entity of LINKS) {
    const [a, b] = LINK_ENDS[entity];
    const { create, reactivate, remove } = plan.links[entity];
    // Each end's id by its position in the key list: one lookup per record, not per link.
    const endIds = async (set: LinkChanges) => {
      const [aIds, bIds] = [await idsOf(a), await idsOf(b)];
      return [set.aKeys.map((k) => aIds.get(k)!), set.bKeys.map((k) => bIds.get(k)!)];
    };
    if (create.count > 0) {
      const [aIds, bIds] = await endIds(create);
      await insertMapped(trx, dialect, TABLE[entity], {
        fixed,
        cols: LINK_COLUMNS[entity],
        count: create.count,
        toRow: (i) => [aIds[create.pairs[2 * i]], bIds[create.pairs[2 * i + 1]]],
      });
    }
    const linkIds = async (set: LinkChanges) => {
      if (set.count === 0) return [];
      const [ai, bi] = await endIds(set);
      return Array.from({ length: set.count }, (_, i) =>
        Math.floor(state.current.links[entity].get(ai[set.pairs[2 * i]], bi[set.pairs[2 * i + 1]]) / 2),
      );
    };
    await updateByIds(trx, TABLE[entity], await linkIds(reactivate), { removed_at: null, updated_at: now });
    await updateByIds(trx, TABLE[entity], await linkIds(remove), { removed_at: now, updated_at: now });
  }
  for (const entity of RECORDS) {
    const ids = of(entity, 'remove').map((c) => records[entity].get(c.key)!.id);
    if (entity === 'staff') await setMembership(trx, scope, ids, now, now);
    else await updateByIds(trx, TABLE[entity], ids, { removed_at: now, updated_at: now });
  }
}
