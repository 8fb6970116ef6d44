import { describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { makeZip, renameRaw } from './zips.js';

/**
 * PowerShell 5's Compress-Archive writes entry names with Windows backslashes
 * (`exports\school-a.csv`). They are read as `/`; the names that then point outside the
 * archive are refused as before. yazl refuses `\` in a name: each zip is made with `/` (or
 * another stand-in of the same length) and its name bytes patched.
 */
const schoolA = csv(row(), row({ 'Student ID': '1002', Gender: 'q' }));
const schoolB = csv(row({ 'Student ID': '2001', 'Site Name': 'Hill Middle', 'Class Code': 'HM1' }));

async function zipWithNames(entries: [made: string, named: string, data: string][]): Promise<string> {
  let zip = await makeZip(entries.map(([made, , data]) => [made, data]));
  for (const [made, named] of entries) zip = renameRaw(zip, made, named);
  return writeTmp('roster.zip', zip);
}

function run(path: string) {
  const r = cli(['validate', path, '--format', 'json']);
  return { ...r, report: r.code === 2 ? null : JSON.parse(r.stdout) };
}

describe('zip entry names with backslashes', () => {
  it('are read as folders: every roster entry is read, issues name the entry with /', async () => {
    const r = run(
      await zipWithNames([
        ['exports/school-a.csv', 'exports\\school-a.csv', schoolA],
        ['exports/school-b.csv', 'exports\\school-b.csv', schoolB],
        ['exports/._school-a.csv', 'exports\\._school-a.csv', 'junk'],
      ]),
    );
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(r.report.summary.rows).toBe(3);
    expect(r.report.issues.map((i: { code: string; file: string; row: number }) => [i.code, i.file, i.row])).toEqual([
      ['invalid-value', 'exports/school-a.csv', 3],
    ]);
  });

  it.each([
    ['..\\evil.csv', 'xx/evil.csv'],
    ['a\\..\\..\\evil.csv', 'a/xx/xx/evil.csv'],
    ['C:\\evil.csv', 'Cx/evil.csv'],
    ['\\evil.csv', 'xevil.csv'],
  ])('%s still points outside the archive: zip-unsafe', async (name, stand) => {
    const r = run(await zipWithNames([[stand, name, schoolA]]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[zip-unsafe\] /);
    expect(r.stderr).toContain('escapes the archive');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a\\b.csv beside a/b.csv is one file twice: refused', async () => {
    const r = run(
      await zipWithNames([
        ['a/b.csv', 'a/b.csv', schoolA],
        ['axb.csv', 'a\\b.csv', schoolB],
      ]),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[zip-unsafe\] .*"a\/b\.csv"/);
  });
});
