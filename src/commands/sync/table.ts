import { escapeControls } from '../../base/escape.js';
import { totals, type SyncOutcome, type SyncStatus } from './outcome.js';

/** sync --config's summary: one row a district, then the count of each status. */
export function summaryTable(outcomes: SyncOutcome[]): string {
  const head = ['ORG', 'PROGRAM', 'STATUS', 'FILE', 'RUN', 'DETAIL'];
  const rows = outcomes.map((o) => [
    o.org,
    o.program,
    o.status === 'rejected' ? `rejected (${o.rejected})` : o.status,
    o.file ?? '-',
    o.run === undefined ? '-' : String(o.run),
    (o.status === 'applied'
      ? totals(o.summary)
      : o.error
        ? `[${o.error.code}] ${o.error.message}`
        : (o.detail ?? '')
    ).split('\n')[0],
  ]);
  const cells = [head, ...rows].map((r) => r.map((c) => escapeControls(c)));
  const widths = head.map((_, i) => Math.min(40, Math.max(...cells.map((r) => r[i].length))));
  const lines = cells.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  const counts = new Map<SyncStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const tally = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
  return `${lines.join('\n')}\n\n${outcomes.length} district(s): ${tally}\n`;
}
