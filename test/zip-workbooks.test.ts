import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

/** An OLE2 compound file's signature: what an .xls starts with. */
const OLE2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

/** A minimal .xlsx / .ods made by yazl: what the workbook sniffer looks for in its first bytes. */
const xlsx = () =>
  makeZip([
    ['[Content_Types].xml', '<Types/>'],
    ['xl/workbook.xml', '<workbook/>'],
  ]);
const ods = () =>
  makeZip([
    ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compress: false }],
    ['content.xml', '<x/>'],
  ]);

function run(path: string, ...args: string[]) {
  const r = cli(['validate', path, '--format', 'json', ...args]);
  return { ...r, report: r.code !== 2 && r.stdout ? JSON.parse(r.stdout) : null };
}

type Found = { file: string | null; row: number | null; code: string; severity: string; message: string };
const brief = (issues: Found[]) => issues.map((i) => [i.file, i.row, i.code]);

/** Enough rows that the zip is over 1 MB, so it is read on the second thread. */
function bigRoster(): string {
  const rows = [];
  for (let i = 0; i < 9000; i++) {
    rows.push(row({ 'Student ID': String(100000 + i), 'Last Name': `L${(i * 7919) % 100003}x${i}` }));
  }
  return csv(...rows);
}

describe('workbooks and other files beside the roster texts in a zip', () => {
  const cases = [
    ['a small zip, one thread', csv(row()), ['--threads', '1']],
    ['a zip over 1 MB, read on the second thread', bigRoster(), []],
  ] as const;
  for (const [what, roster, threads] of cases) {
    it(`${what}: each workbook entry is an error naming it; the CSV entry is still checked`, async () => {
      const zip = await makeZip([
        ['school-a.csv', roster, { compress: false }],
        ['school-b.xls', OLE2],
        ['school-c.ods', await ods()],
        ['school-d.xlsm', await xlsx()],
      ]);
      if (threads.length === 0) expect(zip.length).toBeGreaterThan(1 << 20);
      const r = run(await writeTmp('schools.zip', zip), ...threads);
      expect(r.code).toBe(1);
      expect(r.report.valid).toBe(false);
      const found: Found[] = r.report.issues;
      expect(brief(found)).toEqual([
        ['school-b.xls', null, 'zip-entry-workbook'],
        ['school-c.ods', null, 'zip-entry-workbook'],
        ['school-d.xlsm', null, 'zip-entry-workbook'],
      ]);
      expect(found.every((i) => i.severity === 'error' && i.message.includes('CSV UTF-8'))).toBe(true);
      expect(r.report.summary.rows).toBe(roster.split('\n').filter(Boolean).length - 1);
    });
  }

  it('a workbook under another name is told by its content', async () => {
    const zip = await makeZip([
      ['a.csv', csv(row())],
      ['export/school-e.dat', await xlsx()],
      ['school-f', OLE2],
    ]);
    const r = run(await writeTmp('renamed.zip', zip), '--threads', '1');
    expect(r.code).toBe(1);
    expect(brief(r.report.issues)).toEqual([
      ['export/school-e.dat', null, 'zip-entry-workbook'],
      ['school-f', null, 'zip-entry-workbook'],
    ]);
    expect(r.report.issues[0].message).toContain('an Excel workbook');
  });

  it('a PDF, a README and an image are one warning naming them; the zip stays valid', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(99)]);
    const zip = await makeZip([
      ['a.csv', csv(row())],
      ['guide.pdf', pdf],
      ['README.md', '# export'],
      ['logo.png', png],
    ]);
    const r = run(await writeTmp('others.zip', zip), '--threads', '1');
    expect(r.code).toBe(0);
    expect(r.report.valid).toBe(true);
    expect(brief(r.report.issues)).toEqual([[null, null, 'zip-entry-ignored']]);
    expect(r.report.issues[0].message).toContain(
      '3 zip entries are not a .csv, .tsv or .txt roster and were ignored: guide.pdf, README.md, logo.png',
    );
  });

  it('diff and apply refuse a zip holding a workbook: its students are not taken as gone', async () => {
    const url = `sqlite:${join(tmp(), 'schools.sqlite')}`;
    const both = csv(row(), row({ 'Student ID': '2', 'Site Name': 'School B' }));
    expect(cli(['apply', writeTmp('both.csv', both), '--org', 'o1', '--db', url]).code).toBe(0);
    const zip = await makeZip([
      ['school-a.csv', csv(row())],
      ['school-b.xlsx', await xlsx()],
    ]);
    const path = writeTmp('diff.zip', zip);
    for (const command of ['diff', 'apply']) {
      const r = cli([command, path, '--org', 'o1', '--db', url]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('school-b.xlsx');
    }
    const again = cli(['diff', writeTmp('same.csv', both), '--org', 'o1', '--db', url, '--format', 'json']);
    expect(JSON.parse(again.stdout).summary.students).toMatchObject({ remove: 0 });
  });
});
