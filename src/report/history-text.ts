import type { ChangeRow, RunRow } from '../db/history.js';
import { ENTITIES } from '../plan/entities.js';
import { escapeControls } from '../escape.js';
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

/** The runs of an org, newest first; every stored text field escaped (file names come from outside). */
export function renderRuns(runs: readonly RunRow[], org: string): string {
  if (runs.length === 0) return `No runs for org "${escapeControls(org)}".\n`;
  return runs
    .map((r) => {
      const head = `#${r.id}  ${r.started_at}  ${r.status.padEnd(9)}  ${r.program}  ${r.file_name} `
        + `(${r.row_count} rows, sha256 ${r.sha256.slice(0, 12)}…) by ${r.os_user}`;
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
  const head = `Run #${run.id} of ${run.file_name}, ${run.started_at} (${run.status}): ${changes.length} changes`;
  const lines = changes.map((c) => escapeControls(`  ${c.action.padEnd(10)} ${c.entity.padEnd(11)} ${describe(c)}`));
  return `${[escapeControls(head), ...lines].join('\n')}\n`;
}
