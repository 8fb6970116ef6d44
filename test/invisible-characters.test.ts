import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainText } from '../src/checks/bytes.js';
import { checkControl } from '../src/checks/values.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, cli, csv, HEADER, row, tmp, writeTmp } from './helpers.js';

type Found = { row: number; column: string; code: string; message: string };
const controls = (r: { issues: Found[] }) => r.issues.filter((i) => i.code === 'control-character');
const where = (i: Found) => i.message.match(/U\+\w+[^,]*, position \d+/)?.[0];

const INVISIBLE = [
  0xfeff, 0x200b, 0x200c, 0x200d, 0x2060, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067,
  0x2068, 0x2069, 0x061c,
].map((c) => String.fromCharCode(c));

describe('invisible format characters', () => {
  it('each one, in a name, an ID or an email, is a control-character error with its position', () => {
    for (const ch of INVISIBLE) {
      const r = check(
        csv(
          row({ 'Last Name': `Lee${ch}` }),
          row({ 'Student ID': `2${ch}`, 'First Name': 'Bo' }),
          row({ 'Student ID': '3', 'Staff Email Address': `${ch}t@school.org` }),
        ),
      );
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      expect(
        controls(r).map((i) => [i.row, i.column]),
        code,
      ).toEqual([
        [2, 'Last Name'],
        [3, 'Student ID'],
        [4, 'Staff Email Address'],
      ]);
      expect(where(controls(r)[0])).toMatch(new RegExp(`^${code.replace('+', '\\+')} [a-zA-Z -]+, position 4$`));
      expect(controls(r)[0].message).toContain('delete it');
      expect(r.valid).toBe(false);
    }
  });

  it('a BOM inside a name (exports joined together) is an error that says where it comes from', () => {
    const r = check(csv(row({ 'Last Name': '\ufeffBom' })));
    expect(controls(r).map(where)).toEqual(['U+FEFF byte-order mark, position 1']);
    expect(controls(r)[0].message).toContain('joining two exports');
  });

  it('a file starting with a UTF-8 BOM still validates (the decoder strips that one)', () => {
    const path = writeTmp('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(row()))]));
    const r = cli(['validate', path, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).issues).toEqual([]);
  });

  it('a zero-width joiner between two emoji or two letters of a joining script is kept; beside ASCII it is not', () => {
    const r = check(
      csv(
        row({ 'Class Name': 'Family 👨\u200d👩\u200d👧 club' }),
        row({ 'Student ID': '2', 'Last Name': 'می\u200cخواهم' }),
        row({ 'Student ID': '3', 'Last Name': 'Ann\u200dx' }),
        row({ 'Student ID': '4', 'Last Name': '\u200dé' }),
      ),
    );
    expect(controls(r).map((i) => [i.row, where(i)])).toEqual([
      [4, 'U+200D zero-width joiner, position 4'],
      [5, 'U+200D zero-width joiner, position 1'],
    ]);
  });

  it('the byte test never passes what the string check refuses (fast-check)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ...INVISIBLE,
        'a',
        'Z',
        ' ',
        '+',
        'é',
        '\u00a0',
        '\u0085',
        '\u0001',
        '\u2013',
        '\u2019',
        '\u20ac',
        '\u2028',
        '\u2061',
        '\u206a',
        '\u0600',
        '\u061b',
        '\ufefe',
        '\ufffd',
        '👨',
        '\ufe0f',
        'ی',
      ),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (parts, id) => {
        const v = parts.join('');
        const b = Buffer.from(v);
        if (isPlainText(b, 0, b.length, id)) expect(checkControl(v)).toBeNull();
        // Every invisible character checkControl refuses makes the byte test step aside.
        if (checkControl(v)) expect(isPlainText(b, 0, b.length, id)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('invisible characters in header cells are shown escaped', () => {
  // A header cell "Student\u200bID" reads as "Student ID" on screen: the message must show why it does not match.
  const header = HEADER.replace('Student ID', 'Student\u200bID')
    .replace('Site Name', '\u2060Site Name')
    .replace('Gender', 'Gender\u00ad');
  const file = () => writeTmp('inv.csv', `${header}\r\n${row()}\r\n`);
  const RAW = /[\u00ad\u200b\u2060\ufeff]/;

  it('in the text report', () => {
    const r = cli(['validate', file()]);
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(RAW);
    expect(r.stdout).toContain('"Student\\u200bID"');
    expect(r.stdout).toContain('"\\u2060Site Name"');
    expect(r.stdout).toContain('"Gender\\u00ad"');
  });

  it('in the CSV report', () => {
    const out = join(tmp(), 'r.csv');
    cli(['validate', file(), '--format', 'csv', '--output', out]);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).not.toMatch(RAW);
    expect(text).toContain('Student\\u200bID');
  });

  it('in the JSON report as JSON escapes: the same strings once parsed', () => {
    const r = cli(['validate', file(), '--format', 'json']);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Student\\u200bID');
    const values = JSON.parse(r.stdout).issues.map((i: { value: string | null }) => i.value);
    expect(values).toContain('Student\u200bID');
  });

  it('a byte-order mark in the middle of a file (two exports joined) is escaped where its row is shown', () => {
    const r = cli([
      'validate',
      writeTmp('joined.csv', `${csv(row())}\ufeff${row({ 'Student ID': '2' })}\r\n`),
      '--format',
      'csv',
    ]);
    expect(r.stdout.slice(1)).not.toMatch(RAW);
    expect(r.stdout).toContain('\\ufeffLincoln Elementary');
  });
});
