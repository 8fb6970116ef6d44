import { appendFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrust } from '../src/transfer/host-key.js';
import { loadAuth } from '../src/transfer/sftp-auth.js';
import { SftpFolder } from '../src/transfer/sftp-folder.js';
import { parseSftpUrl } from '../src/transfer/sftp-url.js';
import { namesIn, startSshd, type Sshd } from './sshd.js';

/* The Folder that sync reads an sftp:// inbox through, against a real OpenSSH server. */

let server: Sshd;
let folder: SftpFolder;
let inbox: string;
beforeAll(async () => {
  server = await startSshd();
  inbox = join(server.root, 'inbox');
  mkdirSync(inbox);
  const trust = await loadTrust({ knownHosts: server.knownHosts });
  const auth = await loadAuth(server.userKey, {});
  folder = await SftpFolder.open(parseSftpUrl(server.url('inbox')), trust, auth);
});
afterAll(async () => {
  await folder?.close();
  await server?.stop();
});

describe('SftpFolder', () => {
  it('lists entries with size, whole-second mtime and kind, dot-files included', async () => {
    writeFileSync(join(inbox, 'a.csv'), 'abc');
    writeFileSync(join(inbox, '.b.csv.partial'), 'x');
    mkdirSync(join(inbox, 'sub'));
    utimesSync(join(inbox, 'a.csv'), 1_700_000_000, 1_700_000_000);
    const entries = (await folder.list()).sort((x, y) => x.name.localeCompare(y.name));
    expect(entries.map((e) => [e.name, e.isFile])).toEqual([
      ['.b.csv.partial', true],
      ['a.csv', true],
      ['sub', false],
    ]);
    expect(entries[1]).toMatchObject({ size: 3, mtimeMs: 1_700_000_000_000 });
    expect(folder.label).toBe(server.url('inbox'));
  });

  it('gives a local copy of an entry, which release() removes', async () => {
    const copy = await folder.local('a.csv');
    expect(readFileSync(copy.path, 'utf8')).toBe('abc');
    await copy.release();
    expect(existsSync(copy.path)).toBe(false);
    expect(namesIn(inbox)).toContain('a.csv');
  });

  it('refuses a copy of an entry that changed while it was downloaded', async () => {
    const big = join(inbox, 'growing.csv');
    writeFileSync(big, Buffer.alloc(16 * 1024 * 1024, 'a'));
    const copy = folder.local('growing.csv');
    let settled = false;
    copy.then(
      () => (settled = true),
      () => (settled = true),
    );
    // A client writing in place: the file grows until the download ends.
    while (!settled) {
      appendFileSync(big, 'more\n');
      await new Promise((r) => setTimeout(r, 10));
    }
    await expect(copy).rejects.toMatchObject({ code: 'file-changed' });
  });

  it('creates a subfolder once, and lists it', async () => {
    await folder.ensureDir('processed');
    await folder.ensureDir('processed');
    expect(await folder.list('processed')).toEqual([]);
  });

  it('moves an entry, and refuses to overwrite', async () => {
    writeFileSync(join(inbox, 'c.csv'), 'c');
    await folder.move('c.csv', 'processed/c.csv');
    expect(namesIn(join(inbox, 'processed'))).toEqual(['c.csv']);
    writeFileSync(join(inbox, 'c.csv'), 'again');
    await expect(folder.move('c.csv', 'processed/c.csv')).rejects.toMatchObject({ code: 'sftp-transfer' });
    expect(readFileSync(join(inbox, 'processed', 'c.csv'), 'utf8')).toBe('c');
    expect(namesIn(inbox)).toContain('c.csv');
  });

  it('writes a whole file into place, leaving no temporary name', async () => {
    await folder.ensureDir('reports');
    await folder.writeFile('reports/r.txt', 'report');
    await folder.writeFile('reports/r.txt', Buffer.from('report 2'));
    expect(namesIn(join(inbox, 'reports'))).toEqual(['r.txt']);
    expect(readFileSync(join(inbox, 'reports', 'r.txt'), 'utf8')).toBe('report 2');
  });

  it('a missing entry or an unsafe name fails with a code', async () => {
    await expect(folder.local('nope.csv')).rejects.toMatchObject({ code: 'file-not-found' });
    await expect(folder.list('../..')).rejects.toMatchObject({ code: 'internal' });
  });
});
