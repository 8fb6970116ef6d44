import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { check, cli, csv, HEADER, row, tmp, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

const found = (text: string) => check(text).issues.map((i) => [i.code, i.row]);

describe('trailing empty lines', () => {
  it('one empty line at the end of the file is its end, not a blank row (CRLF, LF, CR)', () => {
    expect(found(`${csv(row())}\r\n`)).toEqual([]);
    expect(found(`${HEADER}\n${row()}\n\n`)).toEqual([]);
    expect(found(`${HEADER}\r${row()}\r\r`)).toEqual([]);
  });

  it('two or more at the end are blank rows, every one of them; so are empty lines between rows', () => {
    expect(found(`${csv(row())}\r\n\r\n`)).toEqual([
      ['blank-row', 3],
      ['blank-row', 4],
    ]);
    expect(found(`${HEADER}\n\n${row()}\n\n`)).toEqual([['blank-row', 2]]);
    const between = `${HEADER}\n${row()}\n\n\n${row({ 'Student ID': '2' })}\n`;
    expect(found(between)).toEqual([
      ['blank-row', 3],
      ['blank-row', 4],
    ]);
  });

  it('a last line of only spaces or delimiters is still a blank row', () => {
    expect(found(`${csv(row())}${','.repeat(29)}\r\n`)).toEqual([['blank-row', 3]]);
    expect(found(`${csv(row())} \r\n`)).toEqual([['blank-row', 3]]);
  });

  it('the CLI reads a file that ends with an empty line as valid with no warning', () => {
    const r = cli(['validate', writeTmp('r.csv', `${csv(row())}\r\n`), '--format', 'json']);
    expect([r.code, JSON.parse(r.stdout).issues]).toEqual([0, []]);
  });
});

describe('blank headers', () => {
  it('a column with a blank header that holds values is a warning, once, on the first row with a value', () => {
    const [two, three] = [row({ 'Student ID': '2' }), row({ 'Student ID': '3' })];
    const text = `${HEADER},,\n${row()},,\n${two},,kept?\n${three},,again\n`;
    const r = check(text);
    const seen = r.issues.map((i) => [i.severity, i.code, i.row, i.value]);
    expect(seen).toEqual([['warning', 'blank-header', 3, 'kept?']]);
    expect(r.issues[0].message).toBe(
      'Column 32 has no header but holds values (first on this row); they are ignored: ' +
        'give the column its spec field name, or delete it.',
    );
  });

  it('blank header columns with no values (trailing delimiters from Excel) stay silent', () => {
    expect(found(`${HEADER},, \n${row()},,\n${row({ 'Student ID': '2' })}, ,\n`)).toEqual([]);
  });
});
describe('a text of only line breaks is an empty file', () => {
  it.each([
    ['a newline', '\n'],
    ['CRLF', '\r\n'],
    ['a BOM and a newline', '\ufeff\n'],
  ])('on standard input: %s', (_what, text) => {
    const r = cli(['validate', '-', '--format', 'json'], { input: text });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.issues.map((i: { code: string; row: number | null }) => [i.code, i.row])).toEqual([
      ['empty-file', null],
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0 });
  });

  it('as a file, and as a zip entry beside a good one (named by its entry)', async () => {
    const plain = JSON.parse(cli(['validate', writeTmp('nl.csv', '\r\n'), '--format', 'json']).stdout);
    expect(plain.issues.map((i: { code: string }) => i.code)).toEqual(['empty-file']);
    const zip = writeTmp(
      'z.zip',
      await makeZip([
        ['a.csv', csv(row())],
        ['b.csv', '\n'],
      ]),
    );
    const inZip = JSON.parse(cli(['validate', zip, '--format', 'json']).stdout);
    expect(inZip.issues.map((i: { code: string; file: string }) => [i.code, i.file])).toEqual([
      ['empty-file', 'b.csv'],
    ]);
  });
});

describe('command line edges', () => {
  it('validate DIR says it is a directory, in one line, exit 2', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'exports.csv'));
    for (const path of [dir, join(dir, 'exports.csv')]) {
      const r = cli(['validate', path]);
      expect([r.code, r.stdout]).toEqual([2, '']);
      const why = 'is a directory, not a roster file; name a .csv, .tsv, .txt or .zip file in it';
      expect(r.stderr).toBe(`dessa-roster: [file-unreadable] ${path}: ${why}\n`);
    }
  });

  it('the semicolon hint is quoted so that it can be pasted into a shell', () => {
    const path = writeTmp('semi.csv', `${FIELD_NAMES.join(';')}\n${row().replace(/,/g, ';')}\n`);
    const r = cli(['validate', path]);
    expect(r.stdout).toContain("use --delimiter ';' or the matching extension");
    expect(cli(['validate', path, '--delimiter', ';']).code).toBe(0);
  });
});
