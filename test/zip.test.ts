import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, FIXTURES, writeTmp } from './helpers.js';
import { centralHeaders, localHeaders, makeZip, renameRaw } from './zips.js';

const good = csv(row(), row({ 'Student ID': '1002', Gender: 'q' }));

async function zipFile(entries: Parameters<typeof makeZip>[0]): Promise<string> {
  return writeTmp('roster.zip', await makeZip(entries));
}

function run(path: string, ...args: string[]) {
  const r = cli(['validate', path, '--format', 'json', ...args]);
  return { ...r, report: r.code !== 2 && r.stdout ? JSON.parse(r.stdout) : null };
}

/** Exit 2, one line naming the failure's stable code, and the words that explain it. */
function expectRefused(
  r: { code: number | null; stderr: string },
  text: string,
  code = text.includes('not a readable') ? 'zip-invalid' : 'zip-unsafe',
) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^dessa-roster: \\[${code}\\] `));
  expect(r.stderr).toContain(text);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('zip archives', () => {
  it('a Mac-made zip: __MACOSX and dotfiles are ignored, issues name their entry', async () => {
    const r = run(
      await zipFile([
        ['export/roster.csv', good],
        ['__MACOSX/export/._roster.csv', Buffer.from([0, 5, 22, 7, 0, 2])],
        ['export/.DS_Store', Buffer.alloc(64)],
        ['export/', ''],
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.report.summary).toMatchObject({ rows: 2, students: 2 });
    expect(r.report.issues.map((i: { file: string; row: number; code: string }) => [i.file, i.row, i.code])).toEqual([
      ['export/roster.csv', 3, 'invalid-value'],
    ]);
  });

  it('several roster entries, at any depth, form one roster', async () => {
    const r = run(
      await zipFile([
        ['a.csv', csv(row())],
        ['deep/er/b.TSV', csv(row({ 'Student ID': '2' })).replace(/,/g, '\t')],
      ]),
    );
    expect(r.code).toBe(0);
    expect(r.report.summary).toMatchObject({ rows: 2, students: 2, classes: 1 });
  });

  it('a student that differs between entries is a conflict naming the entry', async () => {
    const r = run(
      await zipFile([
        ['a.csv', csv(row())],
        ['b.csv', csv(row({ 'Class Code': 'X', 'Last Name': 'Other' }))],
      ]),
    );
    expect(r.report.issues.map((i: { file: string; code: string }) => [i.file, i.code])).toEqual([
      ['b.csv', 'student-conflict'],
    ]);
  });

  it.each([
    ['no roster entry', [['readme.md', 'hi']], 'no roster file inside', 'zip-no-roster'],
    [
      'a nested archive',
      [
        ['inner.zip', 'PK'],
        ['a.csv', good],
      ],
      'nested archive',
      'zip-unsafe',
    ],
  ])('%s is a clear error', async (_name, entries, text, code) => {
    expectRefused(run(await zipFile(entries as [string, string][])), text as string, code as string);
  });

  it('an entry name with .. is refused before any row is read', async () => {
    const zip = renameRaw(await makeZip([['zz/evil.csv', good]]), 'zz/evil.csv', '../evil.csv');
    expectRefused(run(writeTmp('slip.zip', zip)), 'escapes the archive');
  });

  it('an absolute entry name is refused', async () => {
    const zip = renameRaw(await makeZip([['xetc/a.csv', good]]), 'xetc/a.csv', '/etc/a.csv');
    expectRefused(run(writeTmp('abs.zip', zip)), 'refused');
  });

  it('entries whose data overlap (the overlapping-file zip bomb) are refused', async () => {
    const zip = await makeZip([
      ['a.csv', good],
      ['b.csv', good],
    ]);
    const cd = centralHeaders(zip);
    zip.writeUInt32LE(0, cd[1] + 42); // b.csv's local header offset -> a.csv's
    expectRefused(run(writeTmp('overlap.zip', zip)), 'overlap');
  });

  it('a compression ratio over 100x is refused before reading', async () => {
    const bomb = csv(row()) + `${','.repeat(29)}\r\n`.repeat(100_000);
    expectRefused(run(await zipFile([['bomb.csv', bomb]])), 'over the 100x limit');
  });

  it('the declared total size over --max-zip-bytes is refused', async () => {
    expectRefused(run(await zipFile([['a.csv', good]]), '--max-zip-bytes', '100'), 'over the 100-byte limit');
  });

  it('more entries than --max-zip-entries is refused', async () => {
    expectRefused(
      run(
        await zipFile([
          ['a.csv', good],
          ['b.txt', 'x'],
          ['c.txt', 'y'],
        ]),
        '--max-zip-entries',
        '2',
      ),
      'more than 2 entries',
    );
  });

  it('an encrypted entry is refused', async () => {
    const zip = await makeZip([['a.csv', good]]);
    for (const at of centralHeaders(zip)) zip.writeUInt16LE(zip.readUInt16LE(at + 8) | 1, at + 8);
    for (const at of localHeaders(zip)) zip.writeUInt16LE(zip.readUInt16LE(at + 6) | 1, at + 6);
    expectRefused(run(writeTmp('enc.zip', zip)), 'encrypted');
  });

  it('an entry whose real size differs from its declared size is refused', async () => {
    const zip = await makeZip([['a.csv', good]]);
    const cd = centralHeaders(zip)[0];
    const local = localHeaders(zip)[0];
    const size = zip.readUInt32LE(cd + 24);
    zip.writeUInt32LE(size - 10, cd + 24);
    zip.writeUInt32LE(size - 10, local + 22);
    const r = run(writeTmp('size.zip', zip));
    expectRefused(r, 'too many bytes in the stream', 'zip-invalid');
  });

  it('a damaged byte that still reads as a valid value is caught by the CRC-32 (yauzl does not check it)', async () => {
    const zip = await makeZip([['a.csv', csv(row()), { compress: false }]]);
    expect(run(writeTmp('ok.zip', zip)).code).toBe(0);
    const at = zip.indexOf('Nguyen');
    zip[at + 5] = 'm'.charCodeAt(0);
    expectRefused(run(writeTmp('crc.zip', zip)), 'a.csv: its data is damaged (CRC-32', 'zip-invalid');
  });

  it('damage that makes rows unreadable is reported as damage, not as rows', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => row({ 'Student ID': String(3000 + i) }));
    const zip = await makeZip([['a.csv', csv(...rows), { compress: false }]]);
    const from = zip.indexOf('3050');
    zip.fill(',', from, from + 12_000);
    expectRefused(run(writeTmp('commas.zip', zip)), 'a.csv: its data is damaged (CRC-32', 'zip-invalid');
  });

  it('a truncated archive is refused', async () => {
    const zip = await makeZip([['a.csv', good]]);
    expectRefused(run(writeTmp('cut.zip', zip.subarray(0, Math.floor(zip.length / 2)))), 'not a readable zip archive');
  });
});

describe('yauzl-failure corpus', () => {
  const dir = join(FIXTURES, 'yauzl-failure');
  const files = readdirSync(dir).filter((f) => f.endsWith('.zip'));
  /** Letters and digits only: the file names are yauzl's messages with their punctuation dropped. */
  const bare = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  /**
   * Three archives keep their damage in an entry that is no roster (index.js, zeros.bin), so they
   * would be refused as zip-no-roster before it is read: renamed to .csv (same length), their
   * damaged data is read. zeros.csv is refused as binary at its first byte, before its overflow.
   */
  const AS_ROSTER: Record<string, [from: string, to: string, code: string]> = {
    'invalid code lengths set.zip': ['index.js', 'inde.csv', 'zip-invalid'],
    'too many length or distance symbols.zip': ['index.js', 'inde.csv', 'zip-invalid'],
    'too many bytes in the stream expected 82496 got at least 98304.zip': ['zeros.bin', 'zeros.csv', 'not-text'],
  };

  it('is all there (an empty folder would leave the cases below nothing to run)', () => {
    expect(files).toHaveLength(18);
    for (const name of Object.keys(AS_ROSTER)) expect(files).toContain(name);
  });

  // yauzl's strict check refuses the name a\txt; read as a/txt (a Windows folder), the archive is
  // sound: its entries are reported as any other's.
  const BACKSLASH = 'invalid characters in fileName a txt.zip';

  it(`${BACKSLASH}: a\\txt is read as a/txt, b.txt as a roster`, () => {
    const r = cli(['validate', join(dir, BACKSLASH), '--format', 'json']);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const issues = JSON.parse(r.stdout).issues.map((i: { code: string; file: string }) => [i.code, i.file]);
    expect(issues).toContainEqual(['zip-entry-ignored', 'a/txt']);
    expect(issues).toContainEqual(['missing-column', 'b.txt']);
  });

  it.each(files.filter((f) => f !== BACKSLASH))('%s: one line naming the damage, exit 2', (file) => {
    const renamed = AS_ROSTER[file];
    const path = renamed
      ? writeTmp(file, renameRaw(readFileSync(join(dir, file)), renamed[0], renamed[1]))
      : join(dir, file);
    const r = cli(['validate', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    const code = renamed?.[2] ?? (/absolute path|relative path/.test(file) ? 'zip-unsafe' : 'zip-invalid');
    expect(r.stderr).toMatch(new RegExp(`^dessa-roster: \\[${code}\\] `));
    // The reason given is yauzl's own (or zlib's) for this archive, not a failure before it.
    const why = r.stderr.slice(r.stderr.indexOf('(') + 1);
    if (code !== 'not-text') expect(bare(why)).toContain(bare(file.replace(/(_1)?\.zip$/, '')));
  });
});
