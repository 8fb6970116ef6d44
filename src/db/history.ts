import type { Knex } from 'knex';
import { DessaError } from '../base/errors.js';
import type { Scope } from './tables.js';

export interface RunRow {
  id: number;
  org: string;
  program: string;
  file_name: string;
  sha256: string;
  row_count: number;
  counts: Record<string, Record<string, number>>;
  started_at: string;
  finished_at: string | null;
  status: string;
  os_user: string;
}

export interface ChangeRow {
  entity: string;
  key: string;
  action: string;
  before: Record<string, string> | null;
  after: Record<string, string> | null;
}

/** Characters the runs table's file_name column holds (migration 0001: varchar 500). */
export const FILE_NAME_CHARS = 500;

/**
 * The file name as stored in a run: a longer one keeps its end (the file's own name and the
 * folders nearest it) after "…", so every database accepts it (SQLite would store any length,
 * PostgreSQL and MariaDB refuse it). Counted in code points, as the column counts characters.
 */
export function storedFileName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= FILE_NAME_CHARS ? name : `…${chars.slice(chars.length - (FILE_NAME_CHARS - 1)).join('')}`;
}

function toRun(r: Record<string, unknown>): RunRow {
  return {
    ...(r as unknown as RunRow),
    id: Number(r.id),
    row_count: Number(r.row_count),
    counts: JSON.parse(String(r.counts || '{}')),
  };
}

/** Runs of an org (one program, or all), newest first. */
export async function listRuns(knex: Knex, org: string, program?: string, limit = 50): Promise<RunRow[]> {
  if (!(await knex.schema.hasTable('dessa_runs'))) return [];
  const q = knex('dessa_runs').where({ org }).orderBy('id', 'desc').limit(limit);
  if (program) q.andWhere({ program });
  return (await q.select('*')).map(toRun);
}

/** The programs of an org that have runs, by name: what a program with none is told to look at. */
export async function programsWithRuns(knex: Knex, org: string): Promise<string[]> {
  if (!(await knex.schema.hasTable('dessa_runs'))) return [];
  const rows = await knex('dessa_runs').where({ org }).distinct('program').orderBy('program');
  return rows.map((r) => String(r.program));
}

/**
 * One run of the org and every change it made. With `program` (--program given), a run of
 * another program of the org is no run, as an unknown id is.
 */
export async function runChanges(
  knex: Knex,
  org: string,
  runId: number,
  program?: string,
): Promise<{ run: RunRow; changes: ChangeRow[] }> {
  const where = program === undefined ? { org, id: runId } : { org, program, id: runId };
  const run = (await knex.schema.hasTable('dessa_runs')) ? await knex('dessa_runs').where(where).first() : undefined;
  if (!run) {
    const scope = program === undefined ? `org "${org}"` : `org "${org}" and program "${program}"`;
    const list = `dessa-roster history --org ${org}${program === undefined ? '' : ` --program ${program}`}`;
    throw new DessaError('not-found', `no run ${runId} for ${scope}: ${list} lists its runs`, {
      org,
      runId,
      ...(program !== undefined && { program }),
    });
  }
  const rows = await knex('dessa_changes')
    .where({ org, run_id: runId })
    .orderBy('id')
    .select('entity', 'entity_key', 'action', 'before', 'after');
  return {
    run: toRun(run),
    changes: rows.map((r) => ({
      entity: r.entity,
      key: r.entity_key,
      action: r.action,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
    })),
  };
}

export type { Scope };

/** The newest run of the scope with this status: the refusal a guard just recorded, for a report to name. */
export async function lastRunWithStatus(knex: Knex, scope: Scope, status: string): Promise<number | undefined> {
  const row = await knex('dessa_runs')
    .where({ ...scope, status })
    .orderBy('id', 'desc')
    .first('id');
  return row === undefined ? undefined : Number(row.id);
}
