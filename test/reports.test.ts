import { describe, expect, it } from 'vitest';
import { renderCsv, defuse } from '../src/render/csv.js';
import { styleFor } from '../src/render/style.js';
import { renderText } from '../src/render/text.js';
import { parseCsvText } from '../src/input/csv.js';
import { check, csv, row } from './helpers.js';

const bad = check(
  csv(
    row({ Gender: '=HYPERLINK(1+2)' }),
    ...Array.from({ length: 8 }, (_, i) =>
      row({ 'Student ID': String(i + 2), DOB: '1/2/2015', 'Class Code': `C${i}` }),
    ),
  ),
);

describe('JSON report shape', () => {
  it('has the documented keys, spreadsheet rows and spec column names', () => {
    expect(Object.keys(bad)).toEqual(['valid', 'summary', 'issues', 'values']);
    expect(bad.summary).toMatchObject({
      rows: 9,
      errors: 9,
      warnings: 0,
      students: 9,
      partial: false,
      truncated: false,
    });
    for (const i of bad.issues)
      expect(Object.keys(i)).toEqual(['severity', 'code', 'file', 'row', 'column', 'value', 'message']);
    expect(bad.issues[1]).toMatchObject({
      severity: 'error',
      code: 'invalid-date-format',
      file: null,
      row: 3,
      column: 'DOB',
      value: '1/2/2015',
    });
  });
});

describe('CSV report', () => {
  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'ok'].map(defuse)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'ok',
    ]);
  });

  it('is RFC 4180 with one line per issue and no live formula', async () => {
    const out = await renderCsv(bad.issues);
    expect(out.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsvText(out.slice(1));
    expect(rows[0]).toEqual(['severity', 'code', 'file', 'row', 'column', 'value', 'message']);
    expect(rows).toHaveLength(bad.issues.length + 1);
    expect(rows[1][5]).toBe(`'=HYPERLINK(1+2)`);
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('text report', () => {
  it('gives a verdict, the counts, and issues grouped by rule with the first examples', () => {
    const text = renderText(bad, 'x.csv', styleFor({ isTTY: false }, {}));
    const lines = text.split('\n');
    expect(lines[0]).toBe('✗ x.csv: invalid (9 errors, 0 warnings in 9 rows)');
    expect(lines[1]).toContain('1 sites · 1 staff · 9 students · 9 classes · 9 enrollments');
    expect(text).toContain('Date not mm/dd/yyyy [invalid-date-format] × 8');
    expect(text.match(/row \d+, DOB/g)).toHaveLength(5);
    expect(text).toContain('… and 3 more');
  });

  it('colours only on a TTY and never under NO_COLOR', () => {
    expect(renderText(bad, 'x', styleFor({ isTTY: true }, {}))).toContain('\u001b[');
    expect(renderText(bad, 'x', styleFor({ isTTY: true }, { NO_COLOR: '1' }))).not.toContain('\u001b[');
    expect(renderText(bad, 'x', styleFor({ isTTY: false }, {}))).not.toContain('\u001b[');
  });
});
