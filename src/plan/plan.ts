import { PairTable } from './pair-table.js';
import { staffWarnings } from './staff-warnings.js';
import { emptyLinkPlan, LINK_ACTIONS, linkPlanOf, type LinkPlan } from './link-changes.js';
import { ENTITIES, LINK_ENDS, LINKS, RECORDS, type Desired, type EntityName, type Fields, type LinkEntity, type RecordEntity, type RecordSet } from './entities.js';

/**
 * A record as the database holds it. `fields` are read only where the plan needs them:
 * when the print differs from the file's, when it comes back, or when it is removed.
 */
export interface StoredRow {
  id: number;
  removed: boolean;
  print: string;
  fields: Fields | null;
}

/** Links as the database holds them: (a id, b id) -> link id * 2 + (removed ? 1 : 0). */
export type StoredLinks = PairTable;

export interface Current {
  records: Record<RecordEntity, Map<string, StoredRow>>;
  links: Record<LinkEntity, StoredLinks>;
  /** Database id -> natural key, per record entity. */
  keys: Record<RecordEntity, Map<number, string>>;
  /**
   * Staff are the org's: the org's records of people the file lists but the program does not
   * (another program's, or no one's any more), by email key, fields read. Writing the file's
   * fields over one that differs is an update of the org's record, not only a new membership.
   */
  joining: Map<string, StoredRow>;
  /** The program whose run last wrote an org staff record the plan changes, where that is another program. */
  staffWriters: Map<string, string>;
  /** The program the state was read for (the warnings name it). */
  program: string;
  /** The org's active staff records: what a program's updates of staff change for every program. */
  orgStaffActive: number;
}

export type Action = 'create' | 'update' | 'remove' | 'reactivate';

/**
 * One planned change. Records carry the fields that change (all of them for create and
 * remove); a link's key names both its ends, which is all there is to say about it.
 */
export interface Change {
  entity: EntityName;
  action: Action;
  key: string;
  before?: Fields;
  after?: Fields;
  /** A record's fingerprint once changed (create, update, reactivate). */
  print?: string;
  /** A create planned from a file: the record's position in its RecordSet, whose fields stand in for `after` until asked for. */
  at?: number;
  /** An update or reactivation planned from a file: the record's position in its RecordSet (the writer sets the whole row from it). */
  row?: number;
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

/** Something the plan does that the user should know before applying it (not a reason to refuse). */
export interface PlanWarning {
  code: 'staff-disagreement';
  entity: RecordEntity;
  key: string;
  message: string;
}

/** Record changes as objects; link changes (a million on a first load) as pairs of key positions. */
export interface Plan {
  summary: Summary;
  warnings: PlanWarning[];
  records: Change[];
  links: Record<LinkEntity, LinkPlan>;
  /** The file's records: a create's fields are made from them when written, not held for the whole run. */
  sources?: Record<RecordEntity, RecordSet>;
  /** Staff are the org's: what the update guard measures a program's staff updates against. */
  orgStaff?: OrgStaff;
}

/**
 * A program's staff updates are of two kinds: of the staff it lists (measured against its
 * active staff, as every entity), and of the org's records of people it takes on whom its file
 * spells otherwise (measured against the org's active staff records: every program sees them).
 */
export interface OrgStaff {
  /** The keys of the second kind, each with whether the org's record is active (else no program lists it any more). */
  joined: ReadonlyMap<string, boolean>;
  /** The org's active staff records (Current.orgStaffActive). */
  active: number;
  program: string;
}

/** A plan as JSON holds it (`diff --format json`, `diff --output`): every change an object. */
export interface PlanJson {
  summary: Summary;
  changes: Change[];
}

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
  entity: RecordEntity, want: RecordSet, have: Map<string, StoredRow>, changes: Change[],
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
    if (c.entity === 'staff' && c.action === 'update' && !current.records.staff.has(c.key)) joined.set(c.key, current.joining.get(c.key)?.removed === false);
  }
  const orgStaff = { joined, active: current.orgStaffActive, program: current.program };
  return { summary, warnings: staffWarnings(records, current), records, links, sources: desired.records, orgStaff };
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
  const out = plan.records.map(({ at, row: _row, ...c }) => (at === undefined ? c : { ...c, after: plan.sources![c.entity as RecordEntity].fields(at) }));
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
  for (const entity of LINKS) links[entity] = linkPlanOf(entity, changes.filter((c) => c.entity === entity));
  return { summary, warnings: [], records: changes.filter((c) => !isLink(c)), links };
}

export function countChanges(summary: Summary): number {
  return ENTITIES.reduce((n, e) => n + summary[e].create + summary[e].update + summary[e].remove + summary[e].reactivate, 0);
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
