import { describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

/**
 * Excel's delimiter directive: a first line `sep=;` names the delimiter and is not the header.
 * The rows keep their physical numbers: the header is row 2, the first data row 3.
 */
const rows = (d: string) => csv(row(), row({ 'Student ID': '1002', Gender: 'q' })).replace(/,/g, d);

function run(path: string, ...args: string[]) {
  const r = cli(['validate', path, '--format', 'json', ...args]);
  const report = JSON.parse(r.stdout);
  const issues = report.issues.map((i: { code: string; row: number; file: string | null }) => [i.code, i.row, i.file]);
  return { code: r.code, delimiter: report.summary.delimiter, rows: report.summary.rows, issues };
}

describe('a first line sep=X', () => {
  it.each([
    ['semicolon in a .csv', 'roster.csv', ';', '\r\n'],
    ['comma in a .csv', 'roster.csv', ',', '\r\n'],
    ['tab in a .txt', 'roster.txt', '\t', '\n'],
    ['pipe in a .txt, CR line ends', 'roster.txt', '|', '\r'],
  ])('%s: that delimiter, the line skipped, rows numbered as in the file', (_what, name, d, eol) => {
    const text = `sep=${d}${eol}${rows(d).replace(/\r\n/g, eol)}`;
    const r = run(writeTmp(name, text));
    expect(r).toEqual({ code: 1, delimiter: d === '\t' ? 'tab' : d, rows: 2, issues: [['invalid-value', 4, null]] });
  });

  it('a file that is only the line reads as empty', () => {
    const r = run(writeTmp('roster.csv', 'sep=;\r\n'));
    expect(r.issues.map((i: string[]) => i[0])).toEqual(['empty-file']);
  });

  it('--delimiter wins over the line, which is still skipped', () => {
    const r = run(writeTmp('roster.txt', `sep=;\r\n${rows(',')}`), '--delimiter', 'comma');
    expect(r).toEqual({ code: 1, delimiter: ',', rows: 2, issues: [['invalid-value', 4, null]] });
  });

  it('without the line, the header is row 1 as before; sep= later in the file is a value', () => {
    expect(run(writeTmp('roster.csv', rows(','))).issues).toEqual([['invalid-value', 3, null]]);
    const notFirst = run(writeTmp('roster.csv', `${rows(',')}sep=;\r\n`));
    expect(notFirst.issues.map((i: string[]) => i[0])).toEqual(['invalid-value', 'too-few-cells']);
  });

  it('inside a zip entry, beside an entry without it', async () => {
    const zip = await makeZip([
      ['a/excel.csv', `sep=;\r\n${rows(';')}`],
      ['b/plain.csv', rows(',').replace(/1001/g, '2001').replace(/1002/g, '2002')],
    ]);
    const r = run(writeTmp('roster.zip', zip));
    expect(r.issues).toEqual([
      ['invalid-value', 4, 'a/excel.csv'],
      ['invalid-value', 3, 'b/plain.csv'],
    ]);
    expect(r.rows).toBe(4);
  });
});
