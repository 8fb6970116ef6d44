import { FIELDS } from '../../fields/fields.js';
import type { Issue } from '../../findings/issues.js';
import { RULES, type IssueCode } from '../../findings/messages.js';
import type { ColumnValues, Report } from '../../findings/report.js';
import { rowKey, type PickedRow } from '../../read/pick-rows.js';
import { allowed, othersNote, valueLabel } from '../value-summary.js';
import { esc } from './escape.js';
import { HTML_EXAMPLES_PER_RULE } from './limits.js';
import { CELL_CHARS, exampleTables } from './issue-tables.js';
import { page } from './page.js';
import { clip, counts, filterForm, num, plural, select, table, td } from './parts.js';

export { HTML_EXAMPLES_PER_RULE } from './limits.js';

export interface ValidatePage {
  report: Report;
  /** The file as the user named it. */
  label: string;
  /** The examples' rows read again from the file (read/pick-rows.ts), by rowKey. */
  rows: ReadonlyMap<string, PickedRow>;
  /** Issues the report keeps per rule (what --format csv and json list). */
  listedPerCode: number;
}

function byRule(issues: readonly Issue[]): Map<IssueCode, Issue[]> {
  const by = new Map<IssueCode, Issue[]>();
  for (const i of issues) {
    const list = by.get(i.code) ?? [];
    if (list.length < HTML_EXAMPLES_PER_RULE) list.push(i);
    by.set(i.code, list);
  }
  return by;
}

/** The rows a page shows in full: the examples it lists that have a row. */
export function rowsToPick(report: Report): Set<string> {
  const keys = new Set<string>();
  for (const list of byRule(report.issues).values())
    for (const i of list) if (i.row !== null) keys.add(rowKey(i.file, i.row));
  return keys;
}

function verdictLine(report: Report, label: string): string {
  const s = report.summary;
  const tally = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${plural(s.rows, 'row')}`;
  const partial = s.partial ? '; reading stopped early, partial report' : '';
  if (report.valid) return `<p class="verdict valid" id="verdict">✓ ${esc(label)} is valid (${tally}${partial})</p>`;
  const why = s.errors === 0 && report.strict ? 'fails under --strict (warnings count as errors)' : 'is not valid';
  return `<p class="verdict invalid" id="verdict">✗ ${esc(label)} ${why} (${tally}${partial})</p>`;
}

function readAs(encoding: string | null, delimiter: string | null): string {
  if (encoding === null) return '';
  const sep = delimiter === null ? '' : `, delimiter <code>${esc(delimiter === ',' ? 'comma' : delimiter)}</code>`;
  return `<p class="note">Read as ${esc(encoding)}${sep}.</p>`;
}

function capNote(report: Report, listedPerCode: number): string {
  const over = Object.entries(report.summary.byCode).filter(([, n]) => n > HTML_EXAMPLES_PER_RULE);
  if (over.length === 0) return '';
  const total = report.summary.errors + report.summary.warnings;
  return (
    `<p class="cap" id="cap">${plural(total, 'issue')} in all. This page lists the first ` +
    `${num(HTML_EXAMPLES_PER_RULE)} of each rule, with each rule's exact total beside it; ` +
    `<code>--format csv</code> or <code>--format json</code> list the first ${num(listedPerCode)} of each.</p>`
  );
}

function ruleSection(
  code: IssueCode,
  list: readonly Issue[],
  total: number,
  rows: ReadonlyMap<string, PickedRow>,
  withEntry: boolean,
) {
  const rule = RULES[code];
  const listed = total > list.length ? ` <span class="note">(first ${num(list.length)} listed)</span>` : '';
  return (
    `<section data-group id="rule-${esc(code)}"><h3 class="sev-${rule.severity}">${esc(rule.title)} ` +
    `<span class="code">[${esc(code)}]</span> × ${num(total)}${listed}</h3>` +
    `<p class="hint"><strong>How to fix</strong> (first example): ${esc(list[0].message)}</p>` +
    `${exampleTables(list, rows, withEntry)}</section>`
  );
}

function valueSection(values: readonly ColumnValues[] | undefined): string {
  if (!values?.length) return '';
  const rows = values.map((c) => {
    const items = c.values.map((v) => {
      const text = `${esc(valueLabel(v.value))} × ${num(v.count)}`;
      return allowed(c.column, v.value)
        ? `<li>${text}</li>`
        : `<li><span class="bad">${text}</span> (not allowed)</li>`;
    });
    if (c.others > 0) items.push(`<li>${esc(othersNote(c.others))}</li>`);
    return `<tr>${td(esc(c.column))}${td(`<ul class="values">${items.join('')}</ul>`)}</tr>`;
  });
  return (
    '<h2 id="values">Values by column</h2><p class="note">Rows holding each value, as read; ' +
    'marked values are not allowed by the spec.</p>' +
    table(['Column', 'Values (rows)'], rows)
  );
}

function filters(report: Report, rules: readonly IssueCode[]): string {
  const columns = new Set(report.issues.map((i) => i.column).filter((c) => c !== null));
  const order = FIELDS.map((f) => f.name as string);
  const columnChoices = [...columns]
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map((c) => ({ value: c, label: c }));
  const ruleChoices = rules.map((c) => ({ value: c, label: `${RULES[c].title} (${num(report.summary.byCode[c])})` }));
  const severities = [
    { value: 'error', label: 'errors' },
    { value: 'warning', label: 'warnings' },
  ];
  return filterForm(
    [
      select('severity', 'Severity', severities),
      select('rule', 'Rule', ruleChoices),
      select('column', 'Column', columnChoices),
    ],
    'Search',
  );
}

/** A report's issues as sections by rule (errors first), each with its examples; fix's page lists what remains so. */
export function issueSections(
  report: Report,
  rows: ReadonlyMap<string, PickedRow>,
): { rules: IssueCode[]; groups: Map<IssueCode, Issue[]>; sections: string[] } {
  const groups = byRule(report.issues);
  const withEntry = report.issues.some((i) => i.file !== null);
  const rules = (['error', 'warning'] as const).flatMap((sev) =>
    [...groups.keys()].filter((c) => RULES[c].severity === sev),
  );
  const sections = rules.map((code) =>
    ruleSection(code, groups.get(code)!, report.summary.byCode[code], rows, withEntry),
  );
  return { rules, groups, sections };
}

/** validate --format html: verdict, counts, issues by rule with their rows, values by column. */
export function renderValidateHtml(p: ValidatePage): string {
  const { report } = p;
  const s = report.summary;
  const { rules, groups, sections } = issueSections(report, p.rows);
  const parts = [
    `<h1>Roster check: ${esc(p.label)}</h1>`,
    verdictLine(report, p.label),
    counts([
      ['rows', s.rows],
      ['sites', s.sites],
      ['staff', s.staff],
      ['students', s.students],
      ['classes', s.classes],
      ['enrollments', s.enrollments],
      ['errors', s.errors],
      ['warnings', s.warnings],
    ]),
    readAs(s.encoding, s.delimiter),
    capNote(report, p.listedPerCode),
  ];
  if (rules.length) parts.push('<h2 id="issues">Issues by rule</h2>', filters(report, rules));
  parts.push(...sections);
  parts.push(valueSection(report.values));
  // The first example of each rule, for a script reading the page: values from the file, so JSON-escaped for <script>.
  const first = rules.map((c) => {
    const i = groups.get(c)![0];
    const value = i.value === null ? null : clip(i.value, CELL_CHARS);
    return { code: c, total: s.byCode[c], row: i.row, file: i.file, column: i.column, value };
  });
  const data = { file: p.label, valid: report.valid, summary: s, listedPerRule: HTML_EXAMPLES_PER_RULE, first };
  return page({ title: `Roster check: ${p.label}`, body: parts.join('\n'), data });
}
