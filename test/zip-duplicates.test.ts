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
      zip = await makeZip([
        ['roster.csv', first],
        ['roster.csv', second],
      ]);
    } catch {
      zip = renameRaw(
        await makeZip([
          ['roster.csv', first],
          ['rosteX.csv', second],
        ]),
        'rosteX.csv',
        'roster.csv',
      );
    }
    expectRefused(zip, '"roster.csv" twice');
  });

  it('names that differ only in case are refused (they collide on Windows/macOS)', async () => {
    expectRefused(
      await makeZip([
        ['roster.csv', first],
        ['ROSTER.csv', second],
      ]),
      '"roster.csv" and "ROSTER.csv", one file once unzipped (Windows and macOS ignore case)',
    );
  });

  it('names that differ only in case of a folder are refused', async () => {
    expectRefused(
      await makeZip([
        ['Export/a.csv', first],
        ['export/a.csv', second],
      ]),
      '"Export/a.csv" and "export/a.csv"',
    );
  });

  // Each pair is one file once unzipped (or read by a tool that tidies paths): reading both
  // would merge two versions of one roster.
  it.each([
    ['a "./" before the path', './x/r.csv', 'x/r.csv', '"./" or a doubled "/"'],
    ['a doubled separator', 'x//r.csv', 'x/r.csv', '"./" or a doubled "/"'],
    [
      'an accent composed in one and decomposed in the other (NFC / NFD)',
      'Caf\u00e9.csv',
      'Cafe\u0301.csv',
      'letter plus an accent',
    ],
    ['a trailing space', 'r.csv ', 'r.csv', 'trailing spaces and dots'],
    ['a trailing dot', 'x/r.csv.', 'x/r.csv', 'trailing spaces and dots'],
    ['a folder with a trailing dot and a different case', 'Export./r.csv', 'export/r.csv', 'trailing spaces and dots'],
  ])('names that are one once tidied are refused: %s', async (_what, a, b, why) => {
    const r = cli([
      'validate',
      writeTmp(
        'dup.zip',
        await makeZip([
          [a, first],
          [b, second],
        ]),
      ),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[zip-unsafe\] /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain('zip it again with one file of each name');
    // Both names are shown, and told apart where they look alike (accents decomposed are escaped).
    const shown = r.stderr.match(/entries "([^"]*)" and "([^"]*)"/);
    expect(shown, r.stderr).not.toBeNull();
    expect(shown![1]).not.toBe(shown![2]);
    expect(JSON.parse(r.stdout).error.code).toBe('zip-unsafe');
  });

  it('the two spellings of an accented name are shown apart, the decomposed accent escaped', async () => {
    const r = cli([
      'validate',
      writeTmp(
        'dup.zip',
        await makeZip([
          ['Caf\u00e9.csv', first],
          ['Cafe\u0301.csv', second],
        ]),
      ),
    ]);
    expect(r.stderr).toContain('"Caf\\u00e9.csv" and "Cafe\\u0301.csv"');
  });

  it('names that only look alike after tidying a different part are still two files', async () => {
    const entries: [string, string][] = [
      ['x/r.csv', first],
      ['x.r.csv', csv(row({ 'Student ID': '7' }))],
      ['r .csv', csv(row({ 'Student ID': '8' }))],
    ];
    const r = cli(['validate', writeTmp('ok.zip', await makeZip(entries)), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).summary.students).toBe(4);
  });

  it('different names are still one roster', async () => {
    const r = cli([
      'validate',
      writeTmp(
        'ok.zip',
        await makeZip([
          ['a.csv', first],
          ['b.csv', second],
        ]),
      ),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
  });
});
