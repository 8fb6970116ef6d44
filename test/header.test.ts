import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { check, codes, row } from './helpers.js';

const body = row();

describe('header', () => {
  it('columns may come in any order', () => {
    const names = [...FIELD_NAMES];
    const cells = body.split(',');
    const order = names.map((_, i) => i).reverse();
    const text = `${order.map((i) => names[i]).join(',')}\n${order.map((i) => cells[i]).join(',')}\n`;
    const r = check(text);
    expect(r.issues).toEqual([]);
    expect(r.summary.students).toBe(1);
  });

  it('matches ignoring case, surrounding and inner runs of whitespace', () => {
    const header = FIELD_NAMES.map((n) => `  ${n.toUpperCase().replace(/ /g, '   ')} `).join(',');
    const r = check(`${header}\n${body}\n`);
    expect(r.issues).toEqual([]);
  });

  it('one file-level error names every missing required column', () => {
    const keep = FIELD_NAMES.filter((n) => !['DOB', 'Class Period', 'Gender'].includes(n));
    const r = check(`${keep.join(',')}\n${keep.map(() => 'x').join(',')}\n`);
    const missing = r.issues.filter((i) => i.code === 'missing-column');
    expect(missing).toHaveLength(1);
    expect(missing[0].row).toBeNull();
    expect(missing[0].message).toContain('Gender, DOB, Class Period');
    expect(r.valid).toBe(false);
  });

  it('a header in another delimiter gets a hint', () => {
    const r = check(`${FIELD_NAMES.join(';')}\n${body.replace(/,/g, ';')}\n`);
    expect(r.issues.find((i) => i.code === 'missing-column')?.message).toContain("use --delimiter ';' or");
  });

  it('a column given twice is an error', () => {
    const r = check(`${FIELD_NAMES.join(',')},dob\n${body},03/14/2016\n`);
    expect(codes(r)).toEqual(['duplicate-column']);
    expect(r.issues[0].column).toBe('DOB');
  });

  it('an unknown column is a warning and is ignored', () => {
    const r = check(`Notes,${FIELD_NAMES.join(',')}\nhello,${body}\n`);
    expect(r.valid).toBe(true);
    expect(r.issues.map((i) => [i.severity, i.code, i.value])).toEqual([['warning', 'unknown-column', 'Notes']]);
  });

  it('absent optional columns are accepted and read as blank', () => {
    const required = FIELD_NAMES.slice(0, 20);
    const r = check(`${required.join(',')}\n${body.split(',').slice(0, 20).join(',')}\n`);
    expect(r.issues).toEqual([]);
    expect(r.summary.students).toBe(1);
  });
});
