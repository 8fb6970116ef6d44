import { PairTable } from './pair-table.js';
import { staffWarnings } from './staff-warnings.js';
import { blankWarnings } from './blank-warnings.js';
import { zeroWarnings } from './zero-warnings.js';
import { emptyLinkPlan, LINK_ACTIONS, linkPlanOf, type LinkPlan } from './link-changes.js';
import {
  ENTITIES,
  LINK_ENDS,
  LINKS,
  RECORDS,
  type Desired,
  type Fields,
  type LinkEntity,
  type RecordEntity,
  type RecordSet,
} from './entities.js';

export type {
  StoredRow,
  StoredLinks,
  Current,
  Action,
  Change,
  Counts,
  Summary,
  PlanWarning,
  Plan,
  OrgStaff,
  PlanJson,
} from './types.js';
import type { StoredRow, Current, Change, Counts, Summary, Plan } from './types.js';

const zero = (): Counts => ({ create: 0, update: 0, remove: 0, reactivate: 0, unchanged: 0, active: 0 });

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

/** Whether a stored record needs its fields read to be planned against `want`. */
export function needsFields(row: StoredRow, want: RecordSet, key: string): boolean {
  const at = want.index.get(key);
  if (at === undefined) return !row.removed;
  return row.removed || row.print !== want.prints[at];
}

function planRecords(
  entity: RecordEntity,
  want: RecordSet,
  have: Map<string, StoredRow>,
  changes: Change[],
  joining?: Map<string, StoredRow>,
): Counts {
  const counts = zero();
  want.keys.forEach((key, i) => {
    const row = have.get(key);
    const print = want.prints[i];
    const shared = row === undefined ? joining?.get(key) : undefined;
    // The org's record of a person the program now lists, spelled otherwise: the program joins
    // them and the org's record changes; the update is what the user must see.
    const respelt = shared && shared.print !== print ? differences(shared.fields ?? {}, want.fields(i)) : null;
    if (respelt) {
      counts.update++;
      changes.push({ entity, action: 'update', key, before: respelt[0], after: respelt[1], print, row: i });
      return;
    }
    if (row === undefined) {
      counts.create++;
      changes.push({ entity, action: 'create', key, print, at: i });
      return;
    }
    if (!row.removed && row.print === print) {
      counts.unchanged++;
      return;
    }
    const diff = differences(row.fields ?? {}, want.fields(i));
    if (row.removed) {
      counts.reactivate++;
      changes.push({ entity, action: 'reactivate', key, before: diff?.[0], after: diff?.[1], print, row: i });
    } else if (diff) {
      counts.update++;
      changes.push({ entity, action: 'update', key, before: diff[0], after: diff[1], print, row: i });
    } else counts.unchanged++;
  });
  for (const [key, row] of have) {
    if (row.removed) continue;
    counts.active++;
    if (!want.index.has(key)) {
      counts.remove++;
      changes.push({ entity, action: 'remove', key, before: row.fields ?? {} });
    }
  }
  return counts;
}

function planLinks(entity: LinkEntity, desired: Desired, current: Current, plan: LinkPlan): Counts {
  const counts = zero();
  const [a, b] = LINK_ENDS[entity];
  const { pairs, count } = desired.links[entity];
  const stored = current.links[entity];
  // Database ids of the desired ends, looked up once per record rather than once per link.
  const aIds = desired.records[a].keys.map((k) => current.records[a].get(k)?.id ?? -1);
  const bIds = desired.records[b].keys.map((k) => current.records[b].get(k)?.id ?? -1);
  // Stored links the file also has, marked where the table holds them: no second table of a million pairs.
  const seen = stored.marks();
  for (let i = 0; i < count; i++) {
    const ai = pairs[2 * i];
    const bi = pairs[2 * i + 1];
    const slot = aIds[ai] < 0 || bIds[bi] < 0 ? -1 : stored.find(aIds[ai], bIds[bi]);
    if (slot < 0) {
      counts.create++;
      plan.create.add(ai, bi);
      continue;
    }
    seen[slot] = 1;
    if (stored.valueAt(slot) % 2 === 1) {
      counts.reactivate++;
      plan.reactivate.add(ai, bi);
    } else counts.unchanged++;
  }
  stored.forEach((aId, bId, value, slot) => {
    if (value % 2 === 1) return;
    counts.active++;
    if (seen[slot] === 1) return;
    counts.remove++;
    plan.remove.addKeys(current.keys[a].get(aId) ?? '', current.keys[b].get(bId) ?? '');
  });
  return counts;
}

/**
 * What applying the roster would change: pure, from what the file says and what the
 * database holds. Keys absent from the file are removed; removed keys back in the file are
 * reactivated (keeping their row and id).
 */
export function planChanges(desired: Desired, current: Current): Plan {
  const records: Change[] = [];
  const summary = {} as Summary;
  for (const entity of RECORDS) {
    const joining = entity === 'staff' ? current.joining : undefined;
    summary[entity] = planRecords(entity, desired.records[entity], current.records[entity], records, joining);
  }
  const links = {} as Plan['links'];
  for (const entity of LINKS) {
    const [a, b] = LINK_ENDS[entity];
    links[entity] = emptyLinkPlan(desired.records[a].keys, desired.records[b].keys);
    summary[entity] = planLinks(entity, desired, current, links[entity]);
  }
  const joined = new Map<string, boolean>();
  for (const c of records) {
    if (c.entity === 'staff' && c.action === 'update' && !current.records.staff.has(c.key))
      joined.set(c.key, current.joining.get(c.key)?.removed === false);
  }
  const orgStaff = { joined, active: current.orgStaffActive, program: current.program };
  const warnings = [
    ...blankWarnings(records, desired.absent),
    ...zeroWarnings(records),
    ...staffWarnings(records, current),
  ];
  return { summary, warnings, records, links, sources: desired.records, orgStaff };
}

/** A plan's record changes by `entity action`, in plan order within each. */
export function recordGroups(plan: Plan): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const c of plan.records) {
    const k = `${c.entity} ${c.action}`;
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  return groups;
}

/** Every change as an object, links after records: the JSON plan's `changes`. */
export function allChanges(plan: Plan): Change[] {
  // A create planned from a file carries its record's position; its fields are made here.
  const out = plan.records.map(({ at, row: _row, ...c }) =>
    at === undefined ? c : { ...c, after: plan.sources![c.entity as RecordEntity].fields(at) },
  );
  for (const entity of LINKS) {
    for (const action of LINK_ACTIONS) {
      const set = plan.links[entity][action];
      for (let i = 0; i < set.count; i++) out.push({ entity, action, key: set.key(i) });
    }
  }
  return out;
}

/** A plan from its JSON form (a saved plan): the inverse of allChanges. */
export function planFromChanges(summary: Summary, changes: readonly Change[]): Plan {
  const isLink = (c: Change) => (LINKS as readonly string[]).includes(c.entity);
  const links = {} as Plan['links'];
  for (const entity of LINKS)
    links[entity] = linkPlanOf(
      entity,
      changes.filter((c) => c.entity === entity),
    );
  return { summary, warnings: [], records: changes.filter((c) => !isLink(c)), links };
}

export function countChanges(summary: Summary): number {
  return ENTITIES.reduce(
    (n, e) => n + summary[e].create + summary[e].update + summary[e].remove + summary[e].reactivate,
    0,
  );
}

/** A database with nothing in it yet. */
export function emptyCurrent(program = ''): Current {
  return {
    records: { sites: new Map(), staff: new Map(), students: new Map(), classes: new Map() },
    links: { enrollments: new PairTable(), class_staff: new PairTable() },
    keys: { sites: new Map(), staff: new Map(), students: new Map(), classes: new Map() },
    joining: new Map(),
    staffWriters: new Map(),
    program,
    orgStaffActive: 0,
  };
}
