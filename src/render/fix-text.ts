import type { ChalkInstance } from 'chalk';
import { escapeControls } from '../base/escape.js';
import type { FixResult } from '../repair/model.js';
import { REPAIR_RULES, type RepairRule } from '../repair/rules.js';
import { renderText } from './text.js';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

const HOLD_WHY: Record<string, string> = {
  'student-rows-disagree': "the student's rows would disagree once repaired",
  'day-first-file': 'the file also holds day-first dates (13/04/2015), so 3/4/2015 may mean 3 April',
};

/** Counts by key, largest first, as `  key  count  note` lines. */
function table(counts: Record<string, number>, note: (key: string) => string = () => ''): string[] {
  const keys = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
  const width = Math.max(...keys.map((k) => k.length));
  return keys.map((k) => `  ${escapeControls(k).padEnd(width)}  ${n(counts[k]).padStart(7)}${note(k)}`);
}

/**
 * fix's text summary: what was written, the changes per rule and per column, dropped rows, repairs
 * held back, then what remains as validate reports it (of the copy; of the input when no copy was written).
 */
export function renderFixText(result: FixResult, input: string, c: ChalkInstance): string {
  const s = result.summary;
  const out: string[] = [];
  const source = escapeControls(input);
  if (result.output === null) {
    out.push(c.red.bold(`✗ ${escapeControls(result.notWritten ?? 'no corrected copy was written')}.`), '');
    return `${out.join('\n')}\n${renderText(result.report, input, c)}`;
  }
  const read = [s.encoding, s.delimiter === null ? null : `delimiter ${JSON.stringify(s.delimiter)}`].filter(Boolean);
  out.push(
    c.bold(`Wrote ${escapeControls(result.output)} from ${source}`) +
      ` (${plural(s.written, 'row')}; ${plural(s.changed, 'cell')} changed, ${plural(s.dropped, 'row')} dropped)`,
    c.dim(`  read as ${read.join(', ') || 'text'}; written as UTF-8, comma-separated, the spec's 30 columns in order`),
  );
  if (s.changed > 0) {
    const describe = (rule: string) => c.dim(`  ${REPAIR_RULES[rule as RepairRule] ?? ''}`);
    out.push('', c.bold('Changes by rule'), ...table(s.byRule, describe), '', c.bold('Changes by column'));
    out.push(...table(s.byColumn));
  }
  const moved = result.header.filter((h) => h.rule !== 'header-order');
  if (moved.length > 0) {
    out.push('', c.bold('Header'));
    for (const h of moved.slice(0, 40)) {
      const where = h.file === null ? '' : `${escapeControls(h.file)}: `;
      const what =
        h.field === null ? 'not written' : h.position === 0 ? 'added, blank' : `→ ${JSON.stringify(h.field)}`;
      const name = h.position === 0 ? JSON.stringify(h.field) : escapeControls(JSON.stringify(h.header));
      out.push(`  ${where}${name} ${what} ${c.dim(`[${h.rule}]`)}`);
    }
    if (moved.length > 40) out.push(c.dim(`  … and ${n(moved.length - 40)} more (--format json lists them)`));
  }
  if (s.dropped > 0) out.push('', c.bold('Dropped rows'), ...table(s.dropsByReason));
  if (s.held > 0) {
    out.push(
      '',
      c.bold('Not repaired (the error remains)'),
      ...table(s.heldByReason, (k) => c.dim(`  ${HOLD_WHY[k]}`)),
    );
  }
  if (s.truncated)
    out.push('', c.dim('The first 1,000 of each rule are listed in --format json; --changes lists every change.'));
  out.push('', c.bold('What remains in the corrected copy (its own row numbers):'));
  return `${out.join('\n')}\n${renderText(result.report, result.output, c)}`;
}
