import type { Knex } from 'knex';
import { DessaError, isDessaError, type FailureCode } from '../base/errors.js';
import { migrate } from './migrate.js';
import type { Scope } from './tables.js';

/** A run's status in history when apply refused it (nothing written; --if-changed never counts these). */
export type RefusedStatus = 'refused-invalid' | 'refused-guard' | 'refused-stale' | 'refused-bad-plan';

const REFUSED_BY_CODE: Partial<Record<FailureCode, RefusedStatus>> = {
  'guard-removals': 'refused-guard',
  'guard-updates': 'refused-guard',
  'plan-stale': 'refused-stale',
  'bad-plan': 'refused-bad-plan',
};

export interface RefusedRun extends Scope {
  file: { name: string; sha256: string; rows: number };
  started: string;
  osUser: string;
}

/**
 * Records a refused apply as a run with zero changes, so a scheduled job's failures show in
 * `history`. Its own short write: the refused apply's transaction has rolled back.
 */
export async function insertRefusedRun(knex: Knex, run: RefusedRun, status: RefusedStatus): Promise<number> {
  await migrate(knex);
  const row = {
    org: run.org,
    program: run.program,
    file_name: run.file.name,
    sha256: run.file.sha256,
    row_count: run.file.rows,
    counts: '{}',
    started_at: run.started,
    finished_at: new Date().toISOString(),
    status,
    os_user: run.osUser,
  };
  const inserted = await knex('dessa_runs').insert(row, ['id']);
  const first = inserted[0] as number | { id: number };
  return Number(typeof first === 'object' ? first.id : first);
}

/**
 * The error to throw for a failed apply: a refusal (guard, stale or edited plan) is recorded
 * first. A failure to record it is added to the refusal's message, never put in its place.
 */
export async function recordRefusal(knex: Knex, err: unknown, run: RefusedRun): Promise<unknown> {
  const status = isDessaError(err) ? REFUSED_BY_CODE[err.code] : undefined;
  if (!status) return err;
  try {
    await insertRefusedRun(knex, run, status);
    return err;
  } catch (recordErr) {
    const e = err as DessaError;
    const why = (recordErr as Error)?.message?.split('\n')[0].slice(0, 200) ?? String(recordErr);
    const message = `${e.message} (this refusal could not be recorded in history: ${why})`;
    return new DessaError(e.code, message, e.context, { cause: err });
  }
}
