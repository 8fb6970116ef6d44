import type { ChalkInstance } from 'chalk';
import type { Issue } from '../findings/issues.js';
import { RULES, type IssueCode } from '../findings/messages.js';
import { escapeControls } from '../base/escape.js';
import type { Report } from '../findings/report.js';

export const EXAMPLES_PER_RULE = 5;

function where(i: Issue): string {
  const parts = [i.file, i.row === null ? null : `row ${i.row}`, i.column].filter((p) => p !== null);
  return parts.length ? `${escapeControls(parts.join(', '))}: ` : '';
}

function group(issues: readonly Issue[]): Map<IssueCode, Issue[]> {
  const by = new Map<IssueCode, Issue[]>();
  for (const i of issues) {
    const list = by.get(i.code) ?? [];
    list.push(i);
    by.set(i.code, list);
  }
  return by;
}

/** Human report: verdict, counts, then issues grouped by rule with the first examples of each. */
export function renderText(report: Report, label: string, c: ChalkInstance, opts: { quiet?: boolean } = {}): string {
  const s = report.summary;
  const out: string[] = [];
  const tally =
    `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'} ` +
    `in ${s.rows} row${s.rows === 1 ? '' : 's'}`;
  const name = escapeControls(label);
  // Warnings alone fail only under --strict: the verdict says so rather than "valid" beside exit 1.
  const failed = s.errors === 0 && report.strict ? `fails under --strict (warnings count as errors)` : 'invalid';
  const verdict = report.valid ? c.green.bold(`✓ ${name}: valid`) : c.red.bold(`✗ ${name}: ${failed}`);
  out.push(`${verdict} (${tally}${s.partial ? '; stopped early, partial report' : ''})`);
  if (opts.quiet) return `${out[0]}\n`;
  out.push(
    c.dim(
      `  ${s.sites} sites · ${s.staff} staff · ${s.students} students · ${s.classes} classes · ` +
        `${s.enrollments} enrollments`,
    ),
  );
  const byRule = group(report.issues);
  for (const severity of ['error', 'warning'] as const) {
    const codes = [...byRule.keys()].filter((code) => RULES[code].severity === severity);
    if (codes.length === 0) continue;
    out.push('', severity === 'error' ? c.red.bold('Errors') : c.yellow.bold('Warnings'));
    for (const code of codes) {
      const list = byRule.get(code) ?? [];
      const total = s.byCode[code] ?? list.length;
      out.push(`  ${c.bold(RULES[code].title)} ${c.dim(`[${code}]`)} × ${total}`);
      for (const i of list.slice(0, EXAMPLES_PER_RULE)) out.push(`    ${c.cyan(where(i))}${escapeControls(i.message)}`);
      if (total > EXAMPLES_PER_RULE)
        out.push(c.dim(`    … and ${total - EXAMPLES_PER_RULE} more (--format json or csv lists them)`));
    }
  }
  return `${out.join('\n')}\n`;
}
