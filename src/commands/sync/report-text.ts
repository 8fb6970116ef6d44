import { escapeControls } from '../../base/escape.js';
import { renderSummary } from '../../render/plan-text.js';
import type { SyncOutcome } from './outcome.js';

/* The report a sync run leaves in the district's reports/ folder: plain text for the person who sent the file. */

const NEXT: Record<string, string> = {
  applied: 'Nothing. The next delivery is read on the next scheduled run.',
  unchanged:
    'Nothing. The file holds what was already loaded, so nothing changed. ' +
    'The next delivery is read on the next scheduled run.',
  invalid:
    'Correct what is listed below in the export (or in the student information system), then deliver the ' +
    'whole file again. Nothing from this file was loaded; the roster stays as it was.',
  guard:
    'Check that the export is complete: a partial export (one school missing, a filter left on) looks like ' +
    'many students leaving. If it is complete and the change is real, ask your vendor contact to accept it ' +
    '(they can apply it with --force or a higher limit). Nothing from this file was loaded.',
};

export interface ReportContext {
  at: Date;
  /** The delivery's size and modification time. */
  size: number;
  mtimeMs: number;
  /** The validation report (an invalid file), or the guard's or reader's message. */
  body?: string;
  warnings?: string[];
}

/** The report's text. Every value a district sent (file names, the validation report's values) is escaped. */
export function reportText(o: SyncOutcome, ctx: ReportContext): string {
  const status =
    o.status === 'rejected'
      ? `REJECTED (${o.rejected === 'guard' ? 'refused by a safety limit' : 'invalid'})`
      : o.status.toUpperCase();
  const lines = [
    `dessa-roster sync report`,
    ``,
    `Status:     ${status}`,
    `File:       ${o.file} (${ctx.size} bytes, delivered ${new Date(ctx.mtimeMs).toISOString()})`,
    `District:   ${o.org}, program ${o.program}`,
    `Checked at: ${ctx.at.toISOString()}`,
  ];
  if (o.run !== undefined) lines.push(`History:    run ${o.run}`);
  if (o.movedTo) lines.push(`Moved to:   ${o.movedTo}`);
  if (o.detail) lines.push(`Result:     ${o.detail}`);
  lines.push('', `What to do next: ${NEXT[o.rejected ?? o.status] ?? ''}`);
  if (o.summary && o.status !== 'rejected')
    lines.push('', 'Changes by record type and action:', renderSummary(o.summary));
  if (o.summary && o.rejected === 'guard')
    lines.push('', 'What this file would have changed:', renderSummary(o.summary));
  if (ctx.warnings && ctx.warnings.length > 0) lines.push('', 'Warnings:', ...ctx.warnings.map((w) => `- ${w}`));
  if (o.superseded.length > 0) {
    lines.push('', 'Older deliveries set aside unread (a newer file replaces them):');
    for (const s of o.superseded) lines.push(`- ${s.file}${s.movedTo ? ` -> ${s.movedTo}` : ''}`);
  }
  if (ctx.body) lines.push('', ctx.body.trimEnd());
  // Line by line: escapeControls writes a line break as \u000a, and the report is read as lines.
  return `${lines
    .join('\n')
    .split('\n')
    .map((line) => escapeControls(line))
    .join('\n')}\n`;
}
