import { ENTITIES, type Desired, type EntityName, type Fields } from './entities.js';

/** A record as the database holds it. */
export interface StoredRow {
  id: number;
  removed: boolean;
  fields: Fields;
}

export type Current = Record<EntityName, Map<string, StoredRow>>;

export type Action = 'create' | 'update' | 'remove' | 'reactivate';

/** One planned change; `before`/`after` hold the fields that change (all of them for create and remove). */
export interface Change {
  entity: EntityName;
  action: Action;
  key: string;
  before?: Fields;
  after?: Fields;
}

export interface Counts {
  create: number;
  update: number;
  remove: number;
  reactivate: number;
  unchanged: number;
  /** Active before the change: what the guards compare with. */
  active: number;
}

export type Summary = Record<EntityName, Counts>;

export interface Plan {
  summary: Summary;
  changes: Change[];
}

function differences(before: Fields, after: Fields): [Fields, Fields] | null {
  let b: Fields | null = null;
  let a: Fields | null = null;
  for (const k of Object.keys(after)) {
    if (before[k] === after[k]) continue;
    (b ??= {})[k] = before[k] ?? '';
    (a ??= {})[k] = after[k];
  }
  return a === null ? null : [b!, a];
}

/**
 * What applying the roster would change: pure, from what the file says and what the
 * database holds. Keys absent from the file are removed; removed keys back in the file are
 * reactivated (keeping their row and id).
 */
export function planChanges(desired: Desired, current: Current): Plan {
  const changes: Change[] = [];
  const summary = {} as Summary;
  for (const entity of ENTITIES) {
    const counts: Counts = { create: 0, update: 0, remove: 0, reactivate: 0, unchanged: 0, active: 0 };
    const want = desired[entity];
    const have = current[entity];
    for (const [key, after] of want) {
      const row = have.get(key);
      if (row === undefined) {
        counts.create++;
        changes.push({ entity, action: 'create', key, after });
        continue;
      }
      const diff = differences(row.fields, after);
      if (row.removed) {
        counts.reactivate++;
        changes.push({ entity, action: 'reactivate', key, before: diff?.[0], after: diff?.[1] });
      } else if (diff) {
        counts.update++;
        changes.push({ entity, action: 'update', key, before: diff[0], after: diff[1] });
      } else counts.unchanged++;
    }
    for (const [key, row] of have) {
      if (row.removed) continue;
      counts.active++;
      if (!want.has(key)) {
        counts.remove++;
        changes.push({ entity, action: 'remove', key, before: row.fields });
      }
    }
    summary[entity] = counts;
  }
  return { summary, changes };
}

export function countChanges(summary: Summary): number {
  return ENTITIES.reduce((n, e) => n + summary[e].create + summary[e].update + summary[e].remove + summary[e].reactivate, 0);
}
