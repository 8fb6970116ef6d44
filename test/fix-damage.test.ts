import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { parseCsvText } from '../src/input/csv.js';
import { safeCell } from '../src/render/csv.js';
import { damage, damagedHeader } from './excel-damage.js';
import { cli, tmp, writeTmp } from './helpers.js';
import { generateRows } from './roster-generator.js';

interface Expected {
  row: number;
  outputRow: number;
  column: string;
  before: string;
  after: string;
}

/**
 * A valid roster and its Excel-damaged copy: Windows-1252, semicolons (`sep=;`), the header in other cases
 * and another order with an extra column, every kind of value damage, a blank row, an empty line
 * and a repeated row. Returns the original text and the changes fix must list.
 */
function damagedRoster() {
  const original = [...generateRows({ students: 40, classesPerStudent: 3, seed: 12, studentsPerSite: 20 })].join('');
  const [header, ...rows] = parseCsvText(original);
  // The damaged file's columns: Zip Code first, then the rest, then a column of its own.
  const order = [FIELD_NAMES.indexOf('Zip Code'), ...header.map((_, i) => i).filter((i) => header[i] !== 'Zip Code')];
  const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  // Excel's `sep=;` line names the delimiter of a .csv; the header is then row 2.
  const lines = ['sep=;', [...order.map((i) => damagedHeader(header[i])), 'Notes'].map(cell).join(';')];
  const expected: Expected[] = [];
  const dropped: { row: number; reason: string; sameAs?: number }[] = [];
  let outputRow = 1;
  rows.forEach((cells, r) => {
    const damaged = cells.map((v, i) => damage(i, v, r));
    lines.push([...order.map((i) => damaged[i]), `note ${r}`].map(cell).join(';'));
    outputRow++;
    const row = lines.length;
    cells.forEach((after, i) => {
      if (damaged[i] !== after) expected.push({ row, outputRow, column: FIELD_NAMES[i], before: damaged[i], after });
    });
    if (r === 4) {
      lines.push(lines[lines.length - 1]);
      dropped.push({ row: lines.length, reason: 'duplicate-row', sameAs: row });
    }
    if (r === 2) {
      lines.push(';;;;  ;');
      dropped.push({ row: lines.length, reason: 'blank-row' });
    }
    if (r === 9) {
      lines.push('');
      dropped.push({ row: lines.length, reason: 'blank-row' });
    }
  });
  const text = `${lines.join('\r\n')}\r\n`;
  expect([...text].every((ch) => ch.charCodeAt(0) <= 0xff)).toBe(true);
  return { original, damaged: Buffer.from(text, 'latin1'), expected, dropped };
}

describe('fix of an Excel-damaged roster', () => {
  const { original, damaged, expected, dropped } = damagedRoster();

  it('gives back the original byte for byte, and lists exactly the changed cells', () => {
    const input = writeTmp('export.csv', damaged);
    const dir = tmp();
    const output = join(dir, 'fixed.csv');
    const changes = join(dir, 'changes.csv');
    const r = cli(['fix', input, '--output', output, '--changes', changes]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(original);
    expect(readFileSync(input)).toEqual(damaged);

    const log = parseCsvText(readFileSync(changes, 'utf8').replace(/^\uFEFF/, ''));
    expect(log[0]).toEqual([
      'file',
      'row',
      'output_row',
      'column',
      'before',
      'after',
      'rule',
      'same_as_file',
      'same_as_row',
    ]);
    const cellLines = log.slice(1).filter((l) => l[3] !== '');
    const listed = cellLines.map(([, row, out, column, before, after]) => [row, out, column, before, after]);
    const want = expected.map((e) => [e.row, e.outputRow, e.column, e.before, e.after].map((v) => safeCell(String(v))));
    expect(listed).toEqual(want);
    const drops = log.slice(1).filter((l) => l[3] === '');
    expect(drops.map((l) => [Number(l[1]), l[6], l[8]])).toEqual(
      dropped
        .sort((a, b) => a.row - b.row)
        .map((d) => [d.row, d.reason, d.sameAs === undefined ? '' : String(d.sameAs)]),
    );
    expect(r.stdout).toContain('read as windows-1252, delimiter ";"');
    expect(r.stdout).toMatch(/Changes by rule\n {2}\S+ +\d+/);
    expect(r.stdout).toContain('✓');
  });

  it('says the same in JSON: every change with its rule, the dropped rows and the header', () => {
    const input = writeTmp('export.csv', damaged);
    const output = join(tmp(), 'fixed.csv');
    const r = cli(['fix', input, '--output', output, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.output).toBe(output);
    expect(doc.report.valid).toBe(true);
    expect(doc.summary.changed).toBe(expected.length);
    expect(doc.summary.dropped).toBe(dropped.length);
    const rules = Object.keys(doc.summary.byRule).sort();
    expect(rules).toEqual([
      'date-excel-serial',
      'date-month-first',
      'date-with-time',
      'date-year-first',
      'enum-case',
      'enum-word',
      'grade-level',
      'trim-whitespace',
      'zip-leading-zero',
      'zip-plus-four',
    ]);
    type Change = { row: number; outputRow: number; column: string; before: string; after: string };
    expect(doc.changes.map((c: Change) => [c.row, c.outputRow, c.column, c.before, c.after])).toEqual(
      expected.map((e) => [e.row, e.outputRow, e.column, e.before, e.after]),
    );
    const header = Object.fromEntries(doc.header.map((h: { header: string; rule: string }) => [h.header, h.rule]));
    expect(header).toMatchObject({ 'site name': 'header-name', dob: 'header-name', Notes: 'column-dropped' });
    expect(header['Zip Code']).toBe('header-order');
  });
});
