import type { ChalkInstance } from 'chalk';
import type { Issue } from '../findings/issues.js';
import { RULES, type IssueCode } from '../findings/messages.js';
import { escapeControls } from '../base/escape.js';
import { DEFAULT_LIMITS } from '../findings/issues.js';
import type { ColumnValues, Report } from '../findings/report.js';
import { HTML_EXAMPLES_PER_RULE } from './html/limits.js';
import { allowed, columnsToShow, othersNote, valueLabel } from './value-summary.js';

export const EXAMPLES_PER_RULE = 5;

const n = (count: number) => count.toLocaleString('en-US');

/**
 * Where the rest of a rule's findings are listed, and how many of them: csv and json keep the first
 * `perCode` of each rule, html shows the first HTML_EXAMPLES_PER_RULE with their rows.
 */
export function morePointer(total: number, perCode: number): string {
  const more = `… and ${n(total - EXAMPLES_PER_RULE)} more`;
  if (total <= HTML_EXAMPLES_PER_RULE) return `${more} (--format csv, json or html lists them all)`;
  const html = `--format html shows the first ${n(HTML_EXAMPLES_PER_RULE)} with their rows`;
  if (total <= perCode) return `${more} (--format csv or json lists them all; ${html})`;
  return `${more} (--format csv or json lists the first ${n(perCode)} of this rule; ${html})`;
}

/** The values of the columns holding one the spec does not allow: "Gender: F × 20, Male × 3 (not allowed)". */
function valueLines(values: readonly ColumnValues[] | undefined, c: ChalkInstance): string[] {
  const shown = columnsToShow(values, false);
  if (shown.length === 0) return [];
  const lines = shown.map((col) => {
    const parts = col.values.map((v) => {
      const text = `${escapeControls(valueLabel(v.value))} × ${n(v.count)}`;
      return allowed(col.column, v.value) ? text : c.red(`${text} (not allowed)`);
    });
    if (col.others > 0) parts.push(othersNote(col.others));
    return `  ${c.bold(col.column)}: ${parts.join(', ')}`;
  });
  return ['', c.bold('Values in rows (columns holding a value the spec does not allow)'), ...lines];
}

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
export function renderText(
  report: Report,
  label: string,
  c: ChalkInstance,
  opts: { quiet?: boolean; listedPerCode?: number } = {},
): string {
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
        out.push(c.dim(`    ${morePointer(total, opts.listedPerCode ?? DEFAULT_LIMITS.perCode)}`));
    }
  }
  out.push(...valueLines(report.values, c));
  return `${out.join('\n')}\n`;
}
