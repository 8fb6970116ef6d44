import { describe, expect, it } from 'vitest';
import { escapeControls } from '../src/base/escape.js';
import { check, cli, csv, row, writeTmp } from './helpers.js';

/**
 * A value that looks like another but is not the same text: a no-break or other Unicode space
 * inside it, or an accent stored as a separate combining mark (not NFC). Kept as typed, it would
 * make a second site or student shown exactly like the first, so each such cell is a warning.
 */
type Found = { row: number; column: string; code: string; severity: string; message: string };
const lookalikes = (r: { issues: Found[] }) => r.issues.filter((i) => i.code === 'lookalike-character');

describe('lookalike characters in a value', () => {
  it('a no-break space, an en space and a decomposed accent: a warning on their row and column', () => {
    const r = check(
      csv(
        row({ 'Site Name': 'Lincoln\u00a0Elementary' }),
        row({ 'Student ID': '2', 'Last Name': 'Lee\u2002Kim' }),
        row({ 'Student ID': 'Jose\u0301', 'First Name': 'Bo' }),
        row({ 'Student ID': '4', 'Class Code': 'B2', 'Class Name': 'Art\u3000A' }),
        row({ 'Student ID': '5', 'Class Code': 'C3', 'Staff Email Address': 'jose\u0301@school.org' }),
      ),
    );
    expect(lookalikes(r).map((i) => [i.row, i.column, i.severity])).toEqual([
      [2, 'Site Name', 'warning'],
      [3, 'Last Name', 'warning'],
      [4, 'Student ID', 'warning'],
      [5, 'Class Name', 'warning'],
      [6, 'Staff Email Address', 'warning'],
    ]);
    const [nbsp, en, nfd] = lookalikes(r).map((i) => i.message);
    expect(nbsp).toContain('U+00A0 no-break space (position 8)');
    expect(nbsp).toMatch(/replace it with a plain space\.$/);
    expect(en).toContain('U+2002');
    expect(nfd).toContain('position 4');
    expect(nfd).toMatch(/save the text normalised \(NFC\)\.$/);
    // Warnings only: the values are kept as typed.
    expect(r.valid).toBe(true);
  });

  it('plain spaces, composed accents and other scripts raise nothing', () => {
    const r = check(
      csv(
        row({ 'Site Name': 'Lincoln Elementary', 'Last Name': 'José Ñúñez' }),
        row({ 'Student ID': '2', 'Last Name': '中村', 'First Name': 'Zoë' }),
        row({ 'Student ID': '3', 'Last Name': 'Lee\u00a0' }), // trimmed: nothing left inside
      ),
    );
    expect(lookalikes(r)).toEqual([]);
  });

  it('conflict messages show the Unicode space escaped, so the two values differ on screen', () => {
    expect(escapeControls('Lee\u2002Kim Lee\u00a0Kim Lee\u3000Kim Lee Kim')).toBe(
      'Lee\\u2002Kim Lee\\u00a0Kim Lee\\u3000Kim Lee Kim',
    );
    expect(escapeControls('Jose\u0301')).toBe('Jose\u0301');
    const file = writeTmp(
      'lookalike.csv',
      csv(row({ 'Last Name': 'Lee Kim' }), row({ 'Last Name': 'Lee\u2002Kim', 'Class Code': 'B2' })),
    );
    const r = cli(['validate', file]);
    expect(r.stdout).toContain('Last Name "Lee\\u2002Kim" here but "Lee Kim"');
    expect(r.stdout).not.toContain('\u2002');
  });
});
