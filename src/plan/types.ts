import type { PairTable } from './pair-table.js';
import type { LinkPlan } from './link-changes.js';
import type { EntityName, Fields, LinkEntity, RecordEntity, RecordSet } from './entities.js';

/* The plan's data: what is stored, what changes, the counts the guards read. Types only, so the
   planner and the modules it uses (staff warnings, guards) share them without importing each other. */

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
  /**
   * A create planned from a file: the record's position in its RecordSet, whose fields stand in for `after`
   * until asked for.
   */
  at?: number;
  /**
   * An update or reactivation planned from a file: the record's position in its RecordSet
   * (the writer sets the whole row from it).
   */
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
  code: 'staff-disagreement' | 'blanked-field' | 'leading-zeros';
  entity: RecordEntity;
  /** The record's key (staff-disagreement) or the field's key (blanked-field; student_id for leading-zeros). */
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
