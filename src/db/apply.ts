import { userInfo } from 'node:os';
import type { Knex } from 'knex';
import { DessaError } from '../base/errors.js';
import { markScope } from '../base/signals.js';
import type { Desired } from '../plan/entities.js';
import { guardChecks, guardRefusal, type GuardOptions } from '../plan/guards.js';
import { fieldsJson, LINKS, RECORDS, type EntityName, type Fields, type RecordEntity } from '../plan/entities.js';
import { groupByOwner, LINK_ACTIONS } from '../plan/link-changes.js';
import { allChanges, countChanges, planChanges, recordGroups } from '../plan/plan.js';
import type { Action, Change, Plan } from '../plan/plan.js';
import { compareChanges, mismatchText } from '../plan/saved-plan.js';
import type { Database } from './connect.js';
import { insertMapped } from './insert.js';
import { lockWaitSeconds, withScopeLock } from './lock.js';
import { storedFileName } from './history.js';
import { migrate } from './migrate.js';
import { loadState, type DbState } from './state.js';
import { recordRefusal } from './refusals.js';
import type { Scope } from './tables.js';
import { writePlan } from './write.js';

export interface SourceFile {
  name: string;
  sha256: string;
  rows: number;
}

export interface ExpectedPlan {
  changes: Change[];
  /** The digest of the state the plan was made on ("" for a database with no schema yet). */
  base: string;
}

export interface ApplyRequest {
  scope: Scope;
  file: SourceFile;
  guards: GuardOptions;
  /** What the file says: the only source of what is written. */
  desired: Desired;
  /** The digest of the reading options the file was read with (src/plan/read-options.ts), for --if-changed. */
  readDigest: string;
  /** With apply --plan: the reviewed plan's changes, which the re-plan must equal. */
  expected?: ExpectedPlan;
  /** Seconds to wait for another apply of the same scope. */
  lockWait?: number;
  /** Told as each step starts (the progress bar). */
  onStep?: (label: string) => void;
}

export type RunStatus = 'succeeded' | 'unchanged';

export interface ApplyResult {
  runId: number;
  status: RunStatus;
  plan: Plan;
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

const nowIso = () => new Date().toISOString();

/**
 * Applies a roster (or a saved plan) in one transaction under the scope's lock: plan against
 * the state read inside the lock, check the guards, write, log every change, record the run.
 * All or nothing: a failure or a killed process leaves the previous state.
 */
export async function applyChanges(db: Database, req: ApplyRequest): Promise<ApplyResult> {
  await migrate(db.knex, db.label);
  markScope(req.scope);
  const started = nowIso();
  try {
    return await withScopeLock(db, req.scope, req.lockWait ?? lockWaitSeconds(), (trx) =>
      applyInLock(trx, db, req, started),
    );
  } catch (err) {
    // The transaction rolled back; a refusal is still recorded, in a write of its own.
    throw await recordRefusal(db.knex, err, { ...req.scope, file: req.file, started, osUser: osUser() });
  }
}

async function applyInLock(
  trx: Knex.Transaction,
  db: Database,
  req: ApplyRequest,
  started: string,
): Promise<ApplyResult> {
  // Writing the run first takes SQLite's write lock before anything is read.
  const runId = await insertRun(trx, req, started);
  req.onStep?.('reading the database');
  const state = await loadState(trx, req.scope, { desired: req.desired, digest: Boolean(req.expected) });
  // Only the re-plan is ever written: a saved plan is only compared with it.
  const plan = planChanges(req.desired, state.current);
  if (req.expected) checkSavedPlan(req.expected, plan, state);
  const violations = guardChecks(plan.summary, req.guards, plan);
  if (violations.length > 0) throw guardRefusal(plan.summary, violations);
  const now = nowIso();
  req.onStep?.(`writing ${countChanges(plan.summary)} changes`);
  await writePlanAndLog(trx, db, req, plan, state, runId, now);
  const status: RunStatus = countChanges(plan.summary) === 0 ? 'unchanged' : 'succeeded';
  const finished = { status, finished_at: nowIso(), counts: JSON.stringify(plan.summary) };
  await trx('dessa_runs').where({ id: runId }).update(finished);
  return { runId, status, plan };
}

/**
 * A saved plan applies only when the file, re-planned against the database now, makes exactly
 * its changes. Otherwise: when the base differs, stale (the database moved, or the plan's org,
 * program or base was edited: they cannot be told apart); on the same base, the plan was edited (bad-plan).
 */
function checkSavedPlan(expected: ExpectedPlan, plan: Plan, state: DbState): void {
  const mismatch = compareChanges(expected.changes, allChanges(plan));
  if (!mismatch) return;
  const { records, links } = state.current;
  const empty = RECORDS.every((e) => records[e].size === 0) && LINKS.every((e) => links[e].size === 0);
  const sameBase = expected.base === state.digest || (expected.base === '' && empty);
  if (!sameBase) {
    // A moved database and an edited plan (its org, program or base changed) look alike here: both are said.
    throw new DessaError(
      'plan-stale',
      'the database changed since this plan was made, or the plan was edited ' +
        `(${mismatchText(mismatch)}); nothing was applied. Run diff again and review the new plan.`,
    );
  }
  throw new DessaError(
    'bad-plan',
    `the plan's changes are not what its roster file makes on this database ` +
      `(${mismatchText(mismatch)}): it was edited; nothing was applied. Make a new one with diff --output.`,
  );
}

async function insertRun(trx: Knex.Transaction, req: ApplyRequest, started: string): Promise<number> {
  const row = {
    ...req.scope,
    file_name: storedFileName(req.file.name),
    sha256: req.file.sha256,
    read_digest: req.readDigest,
    row_count: req.file.rows,
    counts: '{}',
    started_at: started,
    finished_at: null,
    status: 'running',
    os_user: osUser(),
  };
  const inserted = await trx('dessa_runs').insert(row, ['id']);
  const first = inserted[0] as number | { id: number };
  return Number(typeof first === 'object' ? first.id : first);
}

async function writePlanAndLog(
  trx: Knex.Transaction,
  db: Database,
  req: ApplyRequest,
  plan: Plan,
  state: DbState,
  runId: number,
  now: string,
): Promise<void> {
  await writePlan(trx, db.dialect, req.scope, plan, state, now);
  for (const batch of logBatches(plan)) {
    await insertMapped(trx, db.dialect, 'dessa_changes', {
      fixed: { ...req.scope, run_id: runId, entity: batch.entity, action: batch.action },
      cols: ['entity_key', 'before', 'after'],
      count: batch.count,
      toRow: batch.row,
    });
  }
}

/** Change-log rows of one entity and action: [key, before JSON, after JSON], made one at a time as they are written. */
export interface LogBatch {
  entity: EntityName;
  action: Action;
  count: number;
  row(i: number): [string, string | null, string | null];
}

const json = (f: Fields | undefined) => (f ? JSON.stringify(f) : null);

/**
 * The change log of a plan: a record's change with its fields; the links of one student
 * (or class) and one action as one entry listing the other ends, so a first load of a million
 * enrollments logs one entry a student rather than a million. Rows are made when written:
 * a first load's half a million would otherwise be held at once.
 */
export function logBatches(plan: Plan): LogBatch[] {
  const out: LogBatch[] = [];
  for (const list of recordGroups(plan).values()) {
    const entity = list[0].entity as RecordEntity;
    out.push({
      entity,
      action: list[0].action,
      count: list.length,
      row: (i) => {
        const c = list[i];
        const after = c.at !== undefined ? fieldsJson(entity, plan.sources![entity].values(c.at)) : json(c.after);
        return [c.key, json(c.before), after];
      },
    });
  }
  for (const entity of LINKS) {
    for (const action of LINK_ACTIONS) {
      const set = plan.links[entity][action];
      if (set.count === 0) continue;
      const { owners, members, starts } = groupByOwner(set);
      out.push({
        entity,
        action,
        count: owners.length,
        row: (g) => {
          const others: string[] = [];
          for (let m = starts[g]; m < starts[g + 1]; m++) others.push(set.bKey(members[m]));
          // A list, not joined text: a class key may itself hold a line break.
          return [owners[g], null, JSON.stringify({ links: others })];
        },
      });
    }
  }
  return out;
}

/** Every change-log entry of a plan as a Change, made at once (for tests and small plans). */
export function changeLog(plan: Plan): Change[] {
  return logBatches(plan).flatMap((b) =>
    Array.from({ length: b.count }, (_, i) => {
      const [key, before, after] = b.row(i);
      return {
        entity: b.entity,
        action: b.action,
        key,
        ...(before ? { before: JSON.parse(before) } : {}),
        ...(after ? { after: JSON.parse(after) } : {}),
      };
    }),
  );
}

/**
 * Whether the last successful run of the scope read this file (sha256) with these reading
 * options (their digest), for --if-changed. A run recorded before runs kept the digest
 * (read_digest null) read with unknown options: never a match, at worst one run more.
 */
export async function sameAsLastRun(knex: Knex, scope: Scope, sha256: string, readDigest: string): Promise<boolean> {
  const row = await knex('dessa_runs')
    .where(scope)
    .whereIn('status', ['succeeded', 'unchanged'])
    .orderBy('id', 'desc')
    .first('sha256', 'read_digest');
  return row !== undefined && row.sha256 === sha256 && row.read_digest === readDigest;
}
