import { FIELDS } from '../../fields/fields.js';
import { RULES } from '../../findings/messages.js';
import type { PickedRow } from '../../read/pick-rows.js';
import type { CellChange, FixResult } from '../../repair/model.js';
import { REPAIR_RULES, type RepairRule } from '../../repair/rules.js';
import { esc } from './escape.js';
import { page } from './page.js';
import { clip, counts, filterForm, itemAttrs, num, plural, select, table, td } from './parts.js';
import { CELL_CHARS } from './issue-tables.js';
import { issueSections } from './validate-page.js';

/** Changes listed per rule on the page (and drops, held repairs per reason); every count stays exact. */
export const FIX_HTML_CHANGES_PER_RULE = 200;

export interface FixPage {
  result: FixResult;
  /** The input as the user named it. */
  label: string;
  /** The rows of the remaining errors' examples, read again from the corrected copy (by rowKey). */
  rows: ReadonlyMap<string, PickedRow>;
}

const HOLD_WHY: Record<string, string> = {
  'student-rows-disagree': "the student's rows would disagree once repaired",
  'day-first-file': 'the file also holds day-first dates (13/04/2015), so 3/4/2015 may mean 3 April',
};

const ORDER = FIELDS.map((f) => f.name as string);
const byFieldOrder = (a: string, b: string) =>
  (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
/** Keys of a count table, largest first. */
const largestFirst = (c: Record<string, number>) => Object.keys(c).sort((a, b) => c[b] - c[a] || a.localeCompare(b));
const value = (v: string) => (v === '' ? '<span class="note">(blank)</span>' : esc(clip(v, CELL_CHARS)));
const where = (file: string | null, row: number) => (file === null ? num(row) : `${esc(file)} row ${num(row)}`);

function verdictLine({ result, label }: FixPage): string {
  const s = result.report.summary;
  const left = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  if (result.output === null) {
    const why = result.notWritten ?? 'no corrected copy was written';
    return `<p class="verdict invalid" id="verdict">✗ No corrected copy of ${esc(label)}: ${esc(why)} (${left})</p>`;
  }
  const copy = `${esc(result.output)} (${plural(result.summary.written, 'row')})`;
  if (result.report.valid)
    return `<p class="verdict valid" id="verdict">✓ The corrected copy ${copy} is valid (${left})</p>`;
  return `<p class="verdict invalid" id="verdict">✗ Errors remain in the corrected copy ${copy} (${left})</p>`;
}

function countTable(
  title: string,
  id: string,
  c: Record<string, number>,
  keys: string[],
  note?: (k: string) => string,
) {
  if (keys.length === 0) return '';
  const rows = keys.map((k) => `<tr>${td(esc(k), 'mono')}${td(num(c[k]), 'num')}${note ? td(esc(note(k))) : ''}</tr>`);
  const head = [title === 'By rule' ? 'Rule' : 'Column', 'Cells changed', ...(note ? ['What it repairs'] : [])];
  return `<h3 id="${id}">${esc(title)}</h3>${table(head, rows)}`;
}

function changeSection(rule: string, list: readonly CellChange[], total: number): string {
  const listed = total > list.length ? ` <span class="note">(first ${num(list.length)} listed)</span>` : '';
  const rows = list.map(
    (c) =>
      `<tr${itemAttrs({ rule: c.rule, column: c.column })}>${td(where(c.file, c.row), 'num')}` +
      `${td(num(c.outputRow), 'num')}${td(esc(c.column))}` +
      `${td(`<span class="before">${value(c.before)}</span>`, 'cell')}` +
      `${td(`<span class="after">${value(c.after)}</span>`, 'cell')}</tr>`,
  );
  return (
    `<section data-group id="change-${esc(rule)}"><h3>${esc(rule)} × ${num(total)}${listed}</h3>` +
    `<p class="hint">${esc(REPAIR_RULES[rule as RepairRule] ?? '')}</p>` +
    `${table(['Row', 'Copy row', 'Column', 'Before', 'After'], rows)}</section>`
  );
}

function changeSections(result: FixResult): string[] {
  const by = new Map<string, CellChange[]>();
  for (const c of result.changes) {
    const list = by.get(c.rule) ?? [];
    if (list.length < FIX_HTML_CHANGES_PER_RULE) list.push(c);
    by.set(c.rule, list);
  }
  const rules = largestFirst(result.summary.byRule).filter((r) => by.has(r));
  return rules.map((r) => changeSection(r, by.get(r)!, result.summary.byRule[r]));
}

function headerSection(result: FixResult): string {
  const moved = result.header.filter((h) => h.rule !== 'header-order');
  if (moved.length === 0) return '';
  const rows = moved.map((h) => {
    const what = h.field === null ? 'not written' : h.position === 0 ? 'added, blank' : `written as ${h.field}`;
    const column = h.position === 0 ? '—' : num(h.position);
    const cells = [td(esc(h.file ?? ''), 'mono'), td(column, 'num'), td(esc(h.header), 'cell'), td(esc(what))];
    return `<tr>${cells.join('')}${td(esc(h.rule), 'mono')}</tr>`;
  });
  return `<h2 id="header">Header</h2>${table(['Entry', 'Column', 'Header', 'In the copy', 'Rule'], rows)}`;
}

function droppedSection(result: FixResult): string {
  const s = result.summary;
  if (s.dropped === 0) return '';
  const list = result.dropped.slice(0, FIX_HTML_CHANGES_PER_RULE);
  const rows = list.map((d) => {
    const same = d.sameAs ? `repeats ${where(d.sameAs.file, d.sameAs.row)} (kept)` : '';
    return `<tr>${td(where(d.file, d.row), 'num')}${td(esc(d.reason), 'mono')}${td(same)}</tr>`;
  });
  const listed = s.dropped > list.length ? ` <span class="note">(first ${num(list.length)} listed)</span>` : '';
  return `<h2 id="dropped">Dropped rows × ${num(s.dropped)}${listed}</h2>${table(['Row', 'Reason', ''], rows)}`;
}

function heldSection(result: FixResult): string {
  const s = result.summary;
  if (s.held === 0) return '';
  const list = result.held.slice(0, FIX_HTML_CHANGES_PER_RULE);
  const rows = list.map(
    (h) =>
      `<tr${itemAttrs({ rule: h.rule, column: h.column })}>${td(where(h.file, h.row), 'num')}${td(esc(h.column))}` +
      `${td(value(h.value), 'cell bad')}${td(value(h.wouldBe), 'cell')}${td(esc(HOLD_WHY[h.reason] ?? h.reason))}</tr>`,
  );
  const listed = s.held > list.length ? ` <span class="note">(first ${num(list.length)} listed)</span>` : '';
  return (
    `<section data-group id="held"><h2>Not repaired: the value stays and its error remains × ` +
    `${num(s.held)}${listed}</h2>` +
    `${table(['Row', 'Column', 'Value', 'Would be', 'Why not'], rows)}</section>`
  );
}

function filters(result: FixResult, issueRules: readonly string[]): string {
  const s = result.summary;
  const rules = [
    ...largestFirst(s.byRule).map((r) => ({ value: r, label: `${r} (${num(s.byRule[r])} changed)` })),
    // A rule whose repairs were all held back has no change: its held rows still filter by it.
    ...[...new Set(result.held.map((h) => h.rule))]
      .filter((r) => !(r in s.byRule))
      .map((r) => ({ value: r, label: `${r} (not repaired)` })),
    ...issueRules.map((c) => ({
      value: c,
      label: `${RULES[c as keyof typeof RULES].title} (${num(result.report.summary.byCode[c])})`,
    })),
  ];
  const columns = new Set([
    ...Object.keys(s.byColumn),
    ...result.held.map((h) => h.column),
    ...result.report.issues.map((i) => i.column).filter((c) => c !== null),
  ]);
  const columnChoices = [...columns].sort(byFieldOrder).map((c) => ({ value: c, label: c }));
  return filterForm([select('rule', 'Rule', rules), select('column', 'Column', columnChoices)], 'Search');
}

/** fix --format html: the verdict, counts, changes by rule and column, drops, held repairs, what remains. */
export function renderFixHtml(p: FixPage): string {
  const { result } = p;
  const s = result.summary;
  const rs = result.report.summary;
  const remaining = issueSections(result.report, p.rows);
  const sep = s.delimiter === null ? null : `delimiter ${JSON.stringify(s.delimiter)}`;
  const read = [s.encoding, sep].filter(Boolean).join(', ');
  const written = result.output === null ? '' : "; written as UTF-8, comma-separated, the spec's 30 columns in order";
  const parts = [
    `<h1>Roster repair: ${esc(p.label)}</h1>`,
    verdictLine(p),
    counts([
      ['rows read', s.rows],
      ['rows written', s.written],
      ['cells changed', s.changed],
      ['rows dropped', s.dropped],
      ['not repaired', s.held],
      ['errors remaining', rs.errors],
      ['warnings remaining', rs.warnings],
    ]),
    read ? `<p class="note">Read as ${esc(read)}${written}.</p>` : '',
  ];
  if (s.changed > 0 || result.held.length > 0 || remaining.rules.length > 0)
    parts.push(filters(result, remaining.rules));
  if (s.changed > 0) {
    parts.push(
      '<h2 id="counts">Changes by rule and column</h2>',
      countTable('By rule', 'by-rule', s.byRule, largestFirst(s.byRule), (k) => REPAIR_RULES[k as RepairRule] ?? ''),
      countTable('By column', 'by-column', s.byColumn, Object.keys(s.byColumn).sort(byFieldOrder)),
      `<h2 id="changes">Changes</h2><p class="note">Row: the input's spreadsheet row; copy row: the same row in ` +
        `the corrected copy. Each rule lists its first ${num(FIX_HTML_CHANGES_PER_RULE)}, with its exact total; ` +
        '<code>--changes FILE</code> lists every change.</p>',
      ...changeSections(result),
    );
  }
  parts.push(headerSection(result), droppedSection(result), heldSection(result));
  const where = result.output === null ? 'in the input' : 'in the corrected copy (its own row numbers)';
  if (remaining.rules.length) parts.push(`<h2 id="issues">What remains ${esc(where)}</h2>`, ...remaining.sections);
  else parts.push(`<h2 id="issues">What remains</h2><p class="note">Nothing: no error or warning.</p>`);
  const data = {
    file: p.label,
    output: result.output,
    valid: result.output !== null && result.report.valid,
    summary: s,
    remaining: { errors: rs.errors, warnings: rs.warnings, byCode: rs.byCode },
    listedPerRule: FIX_HTML_CHANGES_PER_RULE,
  };
  return page({ title: `Roster repair: ${p.label}`, body: parts.filter(Boolean).join('\n'), data });
}
