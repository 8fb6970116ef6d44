import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, tmp } from './helpers.js';
import { generateRows } from './roster-generator.js';
import { namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

let server: Sshd;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(() => server?.stop());

/** The size of a file now, or -1 when there is none. */
const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
};

describe('the server frozen in the middle of an upload', () => {
  it('keepalives give up after three DESSA_CONNECT_TIMEOUTs: exit 2, nothing under the final name', async () => {
    const file = join(tmp(), 'frozen.csv');
    writeFileSync(file, [...generateRows({ students: 60_000, classesPerStudent: 4, seed: 12 })].join(''));
    const dir = join(server.root, 'frozen');
    mkdirSync(dir);
    const args = [
      'deliver',
      file,
      server.url('frozen'),
      '--identity',
      server.userKey,
      '--known-hosts',
      server.knownHosts,
    ];
    const env = { ...process.env, ...SFTP_ENV, DESSA_CONNECT_TIMEOUT: '2' };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    let thaw: (() => void) | undefined;
    try {
      while (!thaw) {
        if (sizeOf(join(dir, '.frozen.csv.partial')) > 0) thaw = server.freezeSessions();
        else if (sizeOf(join(dir, 'frozen.csv')) >= 0) throw new Error('the upload ended before the server froze');
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(await exited).toBe(2);
    } finally {
      thaw?.();
    }
    expect(stderr).toMatch(
      /\[sftp-transfer\] uploading frozen\.csv on .* failed: the connection to the server was lost/,
    );
    expect(namesIn(dir)).not.toContain('frozen.csv');
  });
});

describe('the server killed in the middle of an upload', () => {
  it('exits 2 with nothing under the final name; the next delivery replaces the partial copy', async () => {
    const file = join(tmp(), 'big.csv');
    writeFileSync(file, [...generateRows({ students: 60_000, classesPerStudent: 4, seed: 11 })].join(''));
    const total = statSync(file).size;
    const dir = join(server.root, 'inbox');
    mkdirSync(dir);
    const args = [
      'deliver',
      file,
      server.url('inbox'),
      '--identity',
      server.userKey,
      '--known-hosts',
      server.knownHosts,
    ];
    const run = () => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...SFTP_ENV } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      return { exited, stderr: () => stderr };
    };

    const first = run();
    const partial = join(dir, '.big.csv.partial');
    let sizeAtKill = -1;
    // Polls the server's disk: once the hidden copy holds part of the file, the server and its sessions die.
    while (sizeAtKill < 0) {
      const size = sizeOf(partial);
      if (size > 0) {
        server.kill();
        sizeAtKill = size;
      } else if (sizeOf(join(dir, 'big.csv')) >= 0) {
        throw new Error('the upload finished before the test could kill the server: use a larger file');
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const code = await first.exited;
    expect(code).toBe(2);
    expect(sizeAtKill).toBeLessThan(total);
    expect(first.stderr()).toMatch(/^dessa-roster: \[sftp-transfer\] uploading big\.csv on sftp:\/\/.+ failed: /);
    expect(first.stderr()).toContain('a partial copy may remain as the hidden .big.csv.partial');
    expect(namesIn(dir)).toEqual(['.big.csv.partial']);

    await server.restart();
    const second = run();
    expect(await second.exited).toBe(0);
    expect(namesIn(dir)).toEqual(['big.csv']);
    expect(sizeOf(join(dir, 'big.csv'))).toBe(total);
  });
});
