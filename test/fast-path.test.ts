import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as fast from '../src/checks/bytes.js';
import { checkDob, earliestDob } from '../src/checks/dates.js';
import { severityOf, type IssueCode } from '../src/findings/messages.js';
import {
  checkControl,
  checkEmail,
  checkEnum,
  checkExcelText,
  checkGrade,
  checkZip,
  looksScientific,
  type Finding,
} from '../src/checks/values.js';
import { checkLookalike } from '../src/checks/lookalike.js';
import { FIELDS, type FieldSpec } from '../src/fields/fields.js';
import { charCount, maxCharsOf } from '../src/fields/limits.js';
import { check, HEADER, row, TODAY } from './helpers.js';

/**
 * The row checks test most values on their bytes (src/checks/bytes.ts) and make a string only
 * for a value the byte test does not pass plainly; the string checks (values.ts, dates.ts)
 * decide and word the finding. Two properties keep them one rule:
 * - per test: bytes that pass are a value the string check passes, and for the closed forms
 *   (grade, zip, date, one-letter codes, ASCII emails and text) the other way too;
 * - per row: the findings `validate` reports on random rows are exactly those of the string
 *   checks alone, applied to each trimmed cell as the spec says.
 */
const INVISIBLE = [
  '\ufeff',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u061c',
];
const PIECES = [
  'a',
  'Z',
  '0',
  '7',
  '1',
  ' ',
  '\t',
  '\u00a0',
  '\u2002',
  '\u200a',
  '\u202f',
  '\u3000',
  'e\u0301',
  '\u0301',
  '\u212b', // Angstrom sign: NFC makes it Å
  '\u000b',
  'é',
  'Ñ',
  'ü',
  '中',
  '😀',
  'ی',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
  '\u00a1',
  '\u2028',
  '\u2013',
  '\u20ac',
  '\ufffd',
  ...INVISIBLE,
  '"',
  ',',
  ';',
  '|',
  '\r',
  '\n',
  '+',
  'E',
  'e+',
  '@',
  '.',
  '/',
  '-',
  ':',
  'K',
  'Y',
  'N',
  'U',
  'M',
  'F',
  'X',
  '=',
  '="',
];
const SHAPED = [
  '03/14/2016',
  '02/29/2016',
  '02/29/2015',
  '12/31/2026',
  '11/30/2026',
  '11/29/2026',
  '13/01/2016',
  '3/14/2016',
  '2016-03-14',
  '01/01/1999',
  '12/01/2000',
  '11/30/2000',
  '44000',
  '03/14/16',
  'a@b.co',
  'a.b@c.d.org',
  'a@b',
  'a@@b.co',
  'a@b..co',
  'a b@c.de',
  'é@b.co',
  'K',
  'k',
  '12',
  '13',
  '01',
  '06103',
  '6103',
  '06103-1234',
  '061031234',
  'Y',
  'N',
  'U',
  'y',
  'Yes',
  'no',
  'M',
  'X',
  '1.23457E+11',
  '1E+05',
  '2e+10',
  '1001',
  'Lincoln Elementary',
  'Lincoln\u00a0Elementary',
  'Jose\u0301',
  'Jos\u00e9',
  'jose\u0301@b.co',
  // Excel's formula text, ="...": refused on every field, including those its inner value would pass.
  '="00100000"',
  '=""',
  '="a@b.co"',
  '="06103"',
  '="03/14/2016"',
  '="K"',
  '="Y"',
  '="Ann ""Jo""" ',
];
const piece = fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(...SHAPED));
const value = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(''));
const date = fc
  .tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 1895, max: 2030 }))
  .map(([m, d, y]) => `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`);

const bytes = (v: string) => Buffer.from(v);
// eslint-disable-next-line no-control-regex -- ASCII runs from U+0000: the control characters are part of the range.
const isAscii = (v: string) => /^[\x00-\x7f]*$/.test(v);

describe('each byte test agrees with its string check', () => {
  const runs = { numRuns: 3000 };
  it('grade, zip and the one-letter codes: the same verdict on any value', () => {
    const codes = FIELDS.filter((f) => f.kind === 'enum' || f.kind === 'flag');
    fc.assert(
      fc.property(value, (v) => {
        const b = bytes(v);
        expect(fast.isGrade(b, 0, b.length), v).toBe(checkGrade(v) === null);
        expect(b.length === 5 && fast.allDigits(b, 0, 5), v).toBe(checkZip(v) === null);
        for (const f of codes) {
          const allowed = f.values!.map((x) => x.charCodeAt(0));
          expect(b.length === 1 && allowed.includes(b[0]), `${f.name}: ${v}`).toBe(
            checkEnum(v, f.values!, f.name) === null,
          );
        }
      }),
      runs,
    );
  });

  it('date of birth: the same verdict at the edges of months, leap years and the likely range, and on anything', () => {
    // Month ends, 29 February in 1900, 2000 and 2100, and a today from 0 to 27 years after the
    // date, so the date falls just inside or outside the likely range (at most 25 years old).
    const edge = fc
      .record({
        m: fc.integer({ min: 0, max: 13 }),
        d: fc.constantFrom(0, 1, 15, 27, 28, 29, 30, 31, 32),
        y: fc.constantFrom(1899, 1900, 1999, 2000, 2001, 2024, 2025, 2026, 2100, 2104),
        age: fc.integer({ min: -1, max: 27 }),
        md: fc.constantFrom(101, 228, 229, 301, 615, 1231),
      })
      .map(
        ({ m, d, y, age, md }) =>
          [`${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`, (y + age) * 10000 + md] as const,
      );
    const anything = fc.oneof(date, value).map((v) => [v, TODAY] as const);
    fc.assert(
      fc.property(fc.oneof(edge, anything), ([v, today]) => {
        const b = bytes(v);
        expect(fast.isLikelyDob(b, 0, b.length, earliestDob(today), today), `${v} on ${today}`).toBe(
          checkDob(v, today) === null,
        );
      }),
      { numRuns: 10000 },
    );
  });

  it('email: what the bytes pass the string check passes; on ASCII, the same verdict', () => {
    fc.assert(
      fc.property(value, (v) => {
        const b = bytes(v);
        const passed = fast.isPlainEmail(b, 0, b.length);
        const found = checkControl(v) ?? checkEmail(v) ?? checkLookalike(v);
        if (passed) expect(found, v).toBeNull();
        if (isAscii(v)) expect(passed, v).toBe(found === null);
      }),
      runs,
    );
  });

  it("Excel's formula text: the same verdict on any value", () => {
    fc.assert(
      fc.property(value, (v) => {
        const b = bytes(v);
        expect(fast.isExcelText(b, 0, b.length), v).toBe(checkExcelText(v) !== null);
      }),
      runs,
    );
  });

  it('free text and IDs: what the bytes pass has no control or lookalike character; on ASCII, the same verdict', () => {
    fc.assert(
      fc.property(value, (v) => {
        const b = bytes(v);
        const text = fast.isPlainText(b, 0, b.length, false);
        const id = fast.isPlainText(b, 0, b.length, true);
        const own = checkControl(v) ?? checkLookalike(v);
        if (text) expect(own, v).toBeNull();
        if (id) expect(own ?? (looksScientific(v) || null), v).toBeNull();
        // Any non-ASCII character goes to the string checks; a '+' sends an ID to them.
        if (!isAscii(v)) expect(text || id, v).toBe(false);
        if (isAscii(v)) expect(text, v).toBe(own === null);
        if (isAscii(v) && !v.includes('+')) expect(id, v).toBe(own === null);
      }),
      runs,
    );
  });

  it('lookalike characters: a Unicode space inside or a value not in NFC is found; plain text is not', () => {
    fc.assert(
      fc.property(value, (v) => {
        const lookalike = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/.test(v) || v.normalize('NFC') !== v;
        expect(checkLookalike(v) !== null, v).toBe(lookalike);
      }),
      runs,
    );
  });
});

/** The finding the spec's rule gives a trimmed, non-blank value of a field, by the string checks alone. */
function stringCheck(f: FieldSpec, v: string): Finding | null {
  return checkExcelText(v) ?? ownCheck(f, v);
}

function ownCheck(f: FieldSpec, v: string): Finding | null {
  switch (f.kind) {
    case 'email':
      return checkControl(v) ?? checkEmail(v) ?? checkLookalike(v);
    case 'date':
      return checkDob(v, TODAY);
    case 'grade':
      return checkGrade(v);
    case 'enum':
    case 'flag':
      return checkEnum(v, f.values!, f.name);
    case 'zip':
      return checkZip(v);
    default: {
      const id = f.key === 'student_id' || f.key === 'sasid';
      const scientific: Finding | null = id && looksScientific(v) ? { code: 'scientific-notation', params: {} } : null;
      return checkControl(v) ?? scientific ?? checkLookalike(v);
    }
  }
}

const trim = (v: string) => v.replace(/^[\t\n\v\f\r \u00a0]+|[\t\n\v\f\r \u00a0]+$/g, '');

/** [row, column, code] of every value finding the string checks make on these rows (numbered from 2). */
function expected(rows: string[][]): string[] {
  const out: string[] = [];
  rows.forEach((cells, r) => {
    const values = cells.map(trim);
    if (values.every((v) => v === '')) return; // a blank row is one warning, not 30 findings
    FIELDS.forEach((f, i) => {
      const v = values[i];
      if (v === '') {
        if (f.required) out.push(`${r + 2}|${f.name}|required-blank`);
        return;
      }
      const found = stringCheck(f, v);
      if (found) out.push(`${r + 2}|${f.name}|${found.code}`);
      if ((!found || severityOf(found.code) === 'warning') && charCount(v) > maxCharsOf(f.key))
        out.push(`${r + 2}|${f.name}|value-too-long`);
    });
  });
  return out.sort();
}

const VALUE_CODES = new Set<IssueCode>([
  'required-blank',
  'control-character',
  'invalid-email',
  'invalid-date-format',
  'invalid-date',
  'future-date',
  'unlikely-dob',
  'invalid-grade',
  'wrong-case',
  'invalid-value',
  'invalid-zip',
  'scientific-notation',
  'excel-formula-text',
  'lookalike-character',
  'value-too-long',
]);

const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const GOOD = row().split(',');
const STUDENT = FIELDS.flatMap((f, i) => (f.entity === 'student' ? [i] : []));

describe('validate on random rows reports what the string checks alone find', () => {
  // Each cell: the sample row's value, a random one, either padded with spaces, or a long one
  // (an ID in scientific notation too long for its column: a warning, so its length is checked too).
  const cell = (i: number) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(GOOD[i]) },
      { weight: 3, arbitrary: value },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(' ', '\t', '\u00a0', ''), value, fc.constantFrom(' ', '\u00a0 ', ''))
          .map((p) => p.join('')),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'x'.repeat(33),
          'é'.repeat(101),
          '😀'.repeat(201),
          'a'.repeat(255),
          `1.${'2'.repeat(100)}E+11`,
        ),
      },
    );
  const oneRow = fc.tuple(...FIELDS.map((_, i) => cell(i)));
  // A row may repeat the previous row's student cells, as exports list a student's classes: the
  // checks skip those cells after a clean row, which must not change what is found.
  const rows = fc.array(fc.tuple(oneRow, fc.boolean()), { minLength: 1, maxLength: 4 }).map((list) =>
    list.map(([cells, repeat], k, all) => {
      if (!repeat || k === 0) return cells;
      const copy = [...cells];
      for (const i of STUDENT) copy[i] = all[k - 1][0][i];
      return copy;
    }),
  );

  it('the same findings, row by row and column by column', () => {
    fc.assert(
      fc.property(rows, (list) => {
        const text = `${HEADER}\r\n${list.map((cells) => cells.map(quoted).join(',')).join('\r\n')}\r\n`;
        const found = check(text)
          .issues.filter((i) => VALUE_CODES.has(i.code as IssueCode))
          .map((i) => `${i.row}|${i.column}|${i.code}`)
          .sort();
        expect(found).toEqual(expected(list));
      }),
      { numRuns: 1500 },
    );
  });
});
