import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/spec/fields.js';
import { cli, csv, row, writeTmp } from './helpers.js';

const accented = csv(row({ 'Last Name': 'Peña', 'First Name': 'Sofía', Gender: 'é' }));

function json(args: string[]) {
  const r = cli(['validate', ...args, '--format', 'json']);
  return { code: r.code, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : null };
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

describe('encodings', () => {
  it('UTF-8 with a BOM: the first header still matches', () => {
    const { code, report } = json([writeTmp('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(accented)]))]);
    expect(code).toBe(1);
    expect(report.summary.encoding).toBe('utf-8');
    expect(report.issues.map((i: { code: string; value: string }) => [i.code, i.value])).toEqual([['invalid-value', 'é']]);
  });

  it("Excel's Unicode Text: UTF-16LE with BOM, tab-separated, in a .txt", () => {
    const text = accented.replace(/,/g, '\t');
    const { report } = json([writeTmp('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))]);
    expect(report.summary).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab', rows: 1, students: 1 });
    expect(report.issues[0].value).toBe('é');
  });

  it('UTF-16BE with BOM', () => {
    const { report } = json([writeTmp('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(accented)]))]);
    expect(report.summary).toMatchObject({ encoding: 'utf-16be', rows: 1 });
    expect(report.issues[0].value).toBe('é');
  });

  it('bytes that are not UTF-8 are read as Windows-1252, with a warning naming it', () => {
    const bytes = Buffer.from(accented, 'latin1');
    const { report } = json([writeTmp('cp1252.csv', bytes)]);
    expect(report.summary.encoding).toBe('windows-1252');
    expect(report.issues.map((i: { code: string; value: string | null }) => [i.code, i.value])).toEqual([['encoding-fallback', null], ['invalid-value', 'é']]);
    expect(report.issues[0].message).toContain('windows-1252');
  });

  it('Windows-1252 found late in a large file still reads every row from the start', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row({ 'Student ID': String(i), 'Class Code': `C${i % 7}` }));
    rows.push(row({ 'Student ID': 'x', 'Last Name': 'Muñoz', 'Class Code': 'C1' }));
    const { report } = json([writeTmp('late.csv', Buffer.from(csv(...rows), 'latin1'))]);
    expect(report.summary).toMatchObject({ encoding: 'windows-1252', rows: 20_001, students: 20_001 });
  });

  it('--encoding overrides detection', () => {
    const { report } = json([writeTmp('forced.csv', Buffer.from(accented, 'latin1')), '--encoding', 'windows-1252']);
    expect(report.issues.map((i: { code: string }) => i.code)).toEqual(['invalid-value']);
  });

  it('standard input that is not UTF-8 gets a clear error naming the flag', () => {
    const r = cli(['validate', '-'], { input: Buffer.from(accented, 'latin1') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--encoding windows-1252');
  });
});

describe('delimiters', () => {
  it.each([['\t', 'tab'], [',', ','], ['|', '|'], [';', ';']])('.txt detects %j from the header', (d, name) => {
    const { report } = json([writeTmp('export.txt', accented.replace(/,/g, d))]);
    expect(report.summary).toMatchObject({ delimiter: name, rows: 1 });
  });

  it('--delimiter overrides the extension', () => {
    const { report } = json([writeTmp('semi.csv', accented.replace(/,/g, ';')), '--delimiter', 'semicolon']);
    expect(report.summary).toMatchObject({ delimiter: ';', rows: 1 });
  });

  it('extensions are matched in any case', () => {
    expect(json([writeTmp('UPPER.CSV', accented)]).report.summary.rows).toBe(1);
  });
});

describe('what is not a text roster', () => {
  it.each([
    ['an image renamed .csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]), 'PNG'],
    ['NUL bytes', Buffer.concat([Buffer.from('Site Name,'), Buffer.from([0, 0, 0, 1, 2, 0]), Buffer.alloc(50)]), 'binary'],
    ['a zip named .csv', Buffer.from('PK\u0003\u0004rest'), 'zip'],
  ])('%s is refused after reading only its start', (_name, bytes, word) => {
    const r = cli(['validate', writeTmp('x.csv', bytes)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a text roster');
    expect(r.stderr).toContain(word);
  });

  it('an empty file is a clear error', () => {
    const r = cli(['validate', writeTmp('empty.csv', '')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The file is empty');
  });

  it('a header of only spec names in another order is fine', () => {
    expect(json([writeTmp('h.csv', `${[...FIELD_NAMES].reverse().join(',')}\n`)]).report.issues[0].code).toBe('no-data-rows');
  });
});
