import type { ChangeRow, RunRow } from '../db/history.js';
import { ENTITIES } from '../plan/entities.js';
import { escapeControls } from '../base/escape.js';
import { showKey } from './plan-text.js';

const tally = (counts: Record<string, Record<string, number>>) =>
  ENTITIES.filter((e) => counts[e])
    .map((e) => `${e} +${counts[e].create}/~${counts[e].update}/-${counts[e].remove}/↺${counts[e].reactivate}`)
    .join(' ');

/** What a run with no change counts did: a refused apply says why (nothing was written). */
const OUTCOME: Record<string, string> = {
  'refused-invalid': 'refused: validation errors, nothing written',
  'refused-guard': 'refused by a guard, nothing written',
  'refused-stale': 'refused: stale plan, nothing written',
  'refused-bad-plan': 'refused: bad plan, nothing written',
};

/** The second line of a run: its counts, or its outcome when it has none (never an empty line). */
function outcome(r: RunRow): string {
  return tally(r.counts) || OUTCOME[r.status] || `${r.status}, no changes recorded`;
}

/** What the runs listed are of: an org, or one program of it (with the programs that have runs). */
export interface RunsScope {
  org: string;
  /** Given when --program was: the list is that program's. */
  program?: string;
  /** The org's programs that have runs: named when the program asked for has none. */
  programsWithRuns?: readonly string[];
}

/** Why the list is empty, naming what was asked for and, for a program, the programs that have runs. */
function noRuns({ org, program, programsWithRuns = [] }: RunsScope): string {
  if (program === undefined) return `No runs for org "${org}".`;
  const head = `No runs for program "${program}" of org "${org}"`;
  if (programsWithRuns.length === 0) return `${head}, nor for any other program of it.`;
  return (
    `${head}. Programs of org "${org}" with runs: ${programsWithRuns.join(', ')} ` +
    "(--program NAME lists one's runs)."
  );
}

/** The runs of an org, newest first; every stored text field escaped (file names come from outside). */
export function renderRuns(runs: readonly RunRow[], scope: RunsScope): string {
  if (runs.length === 0) return `${escapeControls(noRuns(scope))}\n`;
  return runs
    .map((r) => {
      const head =
        `#${r.id}  ${r.started_at}  ${r.status.padEnd(9)}  ${r.program}  ${r.file_name} ` +
        `(${r.row_count} rows, sha256 ${r.sha256.slice(0, 12)}…) by ${r.os_user}`;
      return `${escapeControls(head)}\n      ${escapeControls(outcome(r))}\n`;
    })
    .join('');
}

/**
 * What one change did. A links entry is one student (or class) and the other ends it gained or
 * lost (`after.links`): they are listed, so an enrollment shows its class, not only the student.
 */
function describe(c: ChangeRow): string {
  const links = (c.after as { links?: unknown } | null)?.links;
  if (Array.isArray(links)) return `${showKey(c.key)} → ${links.map((k) => showKey(String(k))).join('; ')}`;
  if (c.action === 'update' || c.action === 'reactivate') {
    const fields = `${JSON.stringify(c.before ?? {})} → ${JSON.stringify(c.after ?? {})}`;
    return `${showKey(c.key)} ${escapeControls(fields)}`;
  }
  return showKey(c.key);
}

/** One run and each change it made, one line a change. */
export function renderRunChanges(run: RunRow, changes: readonly ChangeRow[]): string {
  const head =
    `Run #${run.id} of ${run.file_name}, program ${run.program}, ${run.started_at} (${run.status}): ` +
    `${changes.length} changes`;
  const lines = changes.map((c) => escapeControls(`  ${c.action.padEnd(10)} ${c.entity.padEnd(11)} ${describe(c)}`));
  return `${[escapeControls(head), ...lines].join('\n')}\n`;
}
