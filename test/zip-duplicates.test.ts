import { describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { makeZip, renameRaw } from './zips.js';

// unzip keeps only the last of two same-named entries, so merging both would keep active a student
// the second file drops: such an archive is refused, naming the entry.
function expectRefused(zip: Buffer, text: string) {
  const r = cli(['validate', writeTmp('dup.zip', zip), '--format', 'json']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^dessa-roster: \[zip-unsafe\] /);
  expect(r.stderr).toContain(text);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

const first = csv(row(), row({ 'Student ID': '1002' }));
const second = csv(row());

describe('zip entries of the same name', () => {
  it('two entries named roster.csv are refused', async () => {
    let zip: Buffer;
    try {
      zip = await makeZip([['roster.csv', first], ['roster.csv', second]]);
    } catch {
      zip = renameRaw(await makeZip([['roster.csv', first], ['rosteX.csv', second]]), 'rosteX.csv', 'roster.csv');
    }
    expectRefused(zip, '"roster.csv" twice');
  });

  it('names that differ only in case are refused (they collide on Windows/macOS)', async () => {
    expectRefused(await makeZip([['roster.csv', first], ['ROSTER.csv', second]]), '"roster.csv" and "ROSTER.csv"');
  });

  it('names that differ only in case of a folder are refused', async () => {
    expectRefused(await makeZip([['Export/a.csv', first], ['export/a.csv', second]]), '"Export/a.csv" and "export/a.csv"');
  });

  it('different names are still one roster', async () => {
    const r = cli(['validate', writeTmp('ok.zip', await makeZip([['a.csv', first], ['b.csv', second]])), '--format', 'json']);
    expect(r.code).toBe(0);
  });
});
