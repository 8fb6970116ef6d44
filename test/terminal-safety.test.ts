import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeControls, escapeJsonText } from '../src/base/escape.js';
import { cli, csv, row, emptySqlite, tmp, writeTmp, type CliResult } from './helpers.js';
import { makeZip } from './zips.js';

const ESC = '\u001b';
const CSI8 = '\u009b'; // the 8-bit CSI: a C1 control some terminals obey
const RLO = '\u202e'; // right-to-left override: reorders what is read
// eslint-disable-next-line no-control-regex -- control characters are exactly what this must find.
const HOSTILE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Nothing a terminal would act on reaches either stream (line breaks between lines are ours). */
function safe(r: CliResult): void {
  expect(r.stdout).not.toMatch(HOSTILE);
  expect(r.stderr).not.toMatch(HOSTILE);
}

const sqlite = () => emptySqlite('t.sqlite');

describe('escapeControls', () => {
  it('writes controls, C1, separators and bidi controls as \\uXXXX and keeps text, accents and emoji', () => {
    expect(escapeControls(`a${ESC}[2Jb\tc\nd${CSI8}e${RLO}f\u2028`)).toBe(
      'a\\u001b[2Jb\\u0009c\\u000ad\\u009be\\u202ef\\u2028',
    );
    expect(escapeControls('Siobhán Peña 😀 © 50°')).toBe('Siobhán Peña 😀 © 50°');
  });

  it('writes format characters (Unicode Cf) as \\uXXXX: zero-width space, BOM, word joiner, soft hyphen, tags', () => {
    expect(escapeControls('Student\u200bID \ufeffSite \u2060x \u200ey \u00adz')).toBe(
      'Student\\u200bID \\ufeffSite \\u2060x \\u200ey \\u00adz',
    );
    expect(escapeControls('a\u{e0041}\u{e0042}b')).toBe('a\\u{e0041}\\u{e0042}b');
    expect(escapeControls('Ann\u200dx \u200dé \u200c')).toBe('Ann\\u200dx \\u200dé \\u200c');
  });

  it('the JSON escape gives back the same strings once parsed, astral format characters too (fast-check)', () => {
    const piece = fc.constantFrom(
      'a',
      'é',
      '😀',
      '🏴',
      '\u200b',
      '\u200d',
      '\ufeff',
      '\u{e0041}',
      '\u{e007f}',
      '\u0085',
      '\u202e',
      '\u2028',
      '"',
      '\\',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const value = parts.join('');
        const json = escapeJsonText(JSON.stringify({ value }));
        expect(JSON.parse(json).value).toBe(value);
        expect(escapeControls(value)).not.toMatch(/[\u200b\ufeff\u0085\u202e\u2028\n]/);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the joiners and tags that are part of what is seen: emoji sequences, Persian, subdivision flags', () => {
    for (const text of [
      '👨\u200d👩\u200d👧',
      '❤️\u200d🔥',
      'می\u200cخواهم',
      '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
    ]) {
      expect(escapeControls(text)).toBe(text);
    }
  });
});

describe('validate: no raw escape sequence in text, JSON or CSV reports', () => {
  it('a file name with ESC, values with C1 and bidi controls: text report', () => {
    const file = writeTmp(
      `evil${ESC}]0;pwned${ESC}\\.csv`,
      csv(row({ 'First Name': `Bao${CSI8}2J` }), row({ 'Student ID': '1002', 'Last Name': `x${RLO}gpj.exe` })),
    );
    const r = cli(['validate', file]);
    safe(r);
    expect(r.stdout).toContain('\\u001b]0;pwned');
    expect(r.stdout).toContain('\\u009b2J');
  });

  it('a zip entry name with ESC in the text report and on stderr', async () => {
    const bad = csv(row({ DOB: '13/45/2015' }));
    const zip = writeTmp('z.zip', await makeZip([[`school${ESC}[31m.csv`, bad]]));
    const r = cli(['validate', zip]);
    safe(r);
    expect(`${r.stdout}${r.stderr}`).toContain('school\\u001b[31m');
  });

  it('an error message naming an untrusted path is escaped on stderr', () => {
    const r = cli(['validate', `missing${ESC}[2J.csv`]);
    expect(r.code).toBe(2);
    safe(r);
    expect(r.stderr).toBe('dessa-roster: [file-not-found] missing\\u001b[2J.csv: no such file\n');
  });

  it('the JSON report escapes C1 and bidi controls JSON.stringify leaves raw (same strings once parsed)', () => {
    const name = `Bao${CSI8}x${RLO}y`;
    const r = cli(['validate', writeTmp('j.csv', csv(row({ 'First Name': name }))), '--format', 'json']);
    safe(r);
    expect(JSON.parse(r.stdout).issues.some((i: { value: string }) => i.value === name)).toBe(true);
  });

  it('the CSV report starts with a BOM (Excel shows Siobhán), escapes controls and still defuses formulas', () => {
    const out = join(tmp(), 'r.csv');
    const file = writeTmp(
      'c.csv',
      csv(
        row({ 'First Name': 'Siobhán', Gender: '=1+1' }),
        row({ 'Student ID': '1002', 'First Name': `Bao${ESC}[2J`, 'Last Name': 'Peña' }),
        row({ 'Student ID': '1003', 'First Name': `x${CSI8}y` }),
      ),
    );
    const r = cli(['validate', file, '--format', 'csv', '--output', out]);
    expect(r.code).toBe(1);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1).replace(/\r\n/g, '')).not.toMatch(HOSTILE);
    expect(text).toContain('Bao\\u001b[2J');
    expect(text).toContain('x\\u009by');
    expect(text).toContain(`'=1+1`);
  });
});

describe('diff, apply and history: plan and history fields escaped', () => {
  it('a bidi override in a stored value and ESC in a file name are escaped in plan, apply line and history', () => {
    const url = sqlite();
    const file = writeTmp(`roster${ESC}[8m.csv`, csv(row({ 'Last Name': 'Nguyen' })));
    const diff = cli(['diff', file, '--org', 'e', '--db', url]);
    expect(diff.code).toBe(0);
    safe(diff);
    expect(diff.stdout).toContain('roster\\u001b[8m.csv');
    const apply = cli(['apply', file, '--org', 'e', '--db', url]);
    expect(apply.code).toBe(0);
    safe(apply);
    const list = cli(['history', '--org', 'e', '--db', url]);
    safe(list);
    expect(list.stdout).toContain('roster\\u001b[8m.csv');
    // A file can no longer carry a bidi override (control-character), but a database edited by
    // hand can: the plan and the change log show the stored value, escaped.
    const db = new Database(url.slice('sqlite:'.length));
    db.prepare('update dessa_students set last_name = ? where org = ?').run(`Nguyen${RLO}evil`, 'e');
    db.close();
    const update = cli(['diff', file, '--org', 'e', '--db', url]);
    safe(update);
    expect(update.stdout).toContain('Nguyen\\u202eevil');
    // One student of one updated is over the update guard: --force.
    expect(cli(['apply', file, '--org', 'e', '--db', url, '--force']).code).toBe(0);
    const run = cli(['history', '2', '--org', 'e', '--db', url]);
    expect(run.code).toBe(0);
    safe(run);
    expect(run.stdout).toContain('Nguyen\\u202eevil');
    const refused = cli(['validate', writeTmp('rlo.csv', csv(row({ 'Last Name': `Tran${RLO}x` })))]);
    expect(refused.code).toBe(1);
    safe(refused);
    expect(refused.stdout).toContain('Tran\\u202ex');
  });
});
