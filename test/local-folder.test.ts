import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFolder } from '../src/transfer/local-folder.js';
import { tmp } from './helpers.js';

/** The folder on this machine that sync reads: listing, moving without overwriting, writing whole files. */

function inbox(): { dir: string; folder: LocalFolder } {
  const dir = tmp();
  return { dir, folder: new LocalFolder(dir) };
}

describe('LocalFolder', () => {
  it('lists files, dot-files and subfolders with their size and time; a link is not a file', async () => {
    const { dir, folder } = inbox();
    writeFileSync(join(dir, 'a.csv'), 'abc');
    writeFileSync(join(dir, '.b.csv.partial'), '');
    mkdirSync(join(dir, 'processed'));
    symlinkSync('/etc/passwd', join(dir, 'link.csv'));
    const entries = (await folder.list()).sort((x, y) => x.name.localeCompare(y.name));
    expect(entries.map((e) => [e.name, e.isFile])).toEqual([
      ['.b.csv.partial', true],
      ['a.csv', true],
      ['link.csv', false],
      ['processed', false],
    ]);
    expect(entries[1].size).toBe(3);
    expect(entries[1].mtimeMs).toBe(statSync(join(dir, 'a.csv')).mtimeMs);
    expect(folder.label).toBe(dir);
  });

  it('moves into a subfolder, and refuses to overwrite an existing name (both files kept)', async () => {
    const { dir, folder } = inbox();
    writeFileSync(join(dir, 'a.csv'), 'new');
    await folder.ensureDir('processed');
    writeFileSync(join(dir, 'processed', 'x.csv'), 'earlier');
    await expect(folder.move('a.csv', 'processed/x.csv')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(dir, 'processed', 'x.csv'), 'utf8')).toBe('earlier');
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('new');
    await folder.move('a.csv', 'processed/y.csv');
    expect(existsSync(join(dir, 'a.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'processed', 'y.csv'), 'utf8')).toBe('new');
  });

  it('writes a file whole under its name and leaves no temporary file', async () => {
    const { dir, folder } = inbox();
    await folder.ensureDir('reports');
    await folder.writeFile('reports/r.txt', 'report\n');
    expect(readFileSync(join(dir, 'reports', 'r.txt'), 'utf8')).toBe('report\n');
    expect(readdirSync(join(dir, 'reports'))).toEqual(['r.txt']);
  });

  it('gives the file itself to read, and refuses names that leave the folder', async () => {
    const { dir, folder } = inbox();
    writeFileSync(join(dir, 'a.csv'), 'x');
    const local = await folder.local('a.csv');
    expect(local.path).toBe(join(dir, 'a.csv'));
    await local.release();
    expect(existsSync(join(dir, 'a.csv'))).toBe(true);
    await expect(folder.local('../a.csv')).rejects.toThrow(/not a folder entry name/);
    await expect(folder.move('a.csv', '/tmp/a.csv')).rejects.toThrow(/not a folder entry name/);
  });

  it('says which folder cannot be listed, in one line with what to check', async () => {
    const folder = new LocalFolder(join(tmp(), 'missing'));
    await expect(folder.list()).rejects.toMatchObject({
      code: 'source-unreadable',
      message: expect.stringMatching(/^cannot list .*missing \(ENOENT\): check that the folder exists/),
    });
  });
});
