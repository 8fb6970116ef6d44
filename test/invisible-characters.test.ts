import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainText } from '../src/checks/bytes.js';
import { checkControl } from '../src/checks/values.js';
import { check, cli, csv, row, writeTmp } from './helpers.js';

type Found = { row: number; column: string; code: string; message: string };
const controls = (r: { issues: Found[] }) => r.issues.filter((i) => i.code === 'control-character');
const where = (i: Found) => i.message.match(/U\+\w+[^,]*, position \d+/)?.[0];

const INVISIBLE = [
  0xfeff, 0x200b, 0x200c, 0x200d, 0x2060, 0x200e, 0x200f,
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x061c,
].map((c) => String.fromCharCode(c));

describe('invisible format characters', () => {
  it('each one, in a name, an ID or an email, is a control-character error with its position', () => {
    for (const ch of INVISIBLE) {
      const r = check(csv(
        row({ 'Last Name': `Lee${ch}` }),
        row({ 'Student ID': `2${ch}`, 'First Name': 'Bo' }),
        row({ 'Student ID': '3', 'Staff Email Address': `${ch}t@school.org` }),
      ));
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      expect(controls(r).map((i) => [i.row, i.column]), code)
        .toEqual([[2, 'Last Name'], [3, 'Student ID'], [4, 'Staff Email Address']]);
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
    const r = check(csv(
      row({ 'Class Name': 'Family 👨\u200d👩\u200d👧 club' }),
      row({ 'Student ID': '2', 'Last Name': 'می\u200cخواهم' }),
      row({ 'Student ID': '3', 'Last Name': 'Ann\u200dx' }),
      row({ 'Student ID': '4', 'Last Name': '\u200dé' }),
    ));
    expect(controls(r).map((i) => [i.row, where(i)])).toEqual([
      [4, 'U+200D zero-width joiner, position 4'], [5, 'U+200D zero-width joiner, position 1'],
    ]);
  });

  it('the byte test never passes what the string check refuses (fast-check)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...INVISIBLE, 'a', 'Z', ' ', '+', 'é', '\u00a0', '\u0085', '\u0001', '\u2013', '\u2019', '\u20ac',
        '\u2028', '\u2061', '\u206a', '\u0600', '\u061b', '\ufefe', '\ufffd', '👨', '\ufe0f', 'ی'),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (parts, id) => {
      const v = parts.join('');
      const b = Buffer.from(v);
      if (isPlainText(b, 0, b.length, id)) expect(checkControl(v)).toBeNull();
      // Every invisible character checkControl refuses makes the byte test step aside.
      if (checkControl(v)) expect(isPlainText(b, 0, b.length, id)).toBe(false);
    }), { numRuns: 5000 });
  });
});
