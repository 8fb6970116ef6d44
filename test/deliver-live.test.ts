import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, tmp } from './helpers.js';
import { generateRows } from './roster-generator.js';
import { namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

/* deliver while things move: the local file changing during the upload, and a terminal watching. */

let server: Sshd;
let big: string;
beforeAll(async () => {
  server = await startSshd();
  big = join(tmp(), 'big.csv');
  writeFileSync(big, [...generateRows({ students: 40_000, classesPerStudent: 4, seed: 5 })].join(''));
});
afterAll(() => server?.stop());

const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
};

const trust = () => ['--identity', server.userKey, '--known-hosts', server.knownHosts];

describe('deliver while the local file changes', () => {
  it('a file appended to during its upload is not delivered (file-changed), and no partial copy stays', async () => {
    const dir = join(server.root, 'changing');
    mkdirSync(dir);
    const child = spawn(process.execPath, [CLI, 'deliver', big, server.url('changing'), ...trust()], {
      cwd: ROOT,
      env: { ...process.env, ...SFTP_ENV },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const partial = join(dir, '.big.csv.partial');
    for (let appended = false; !appended; await new Promise((r) => setTimeout(r, 2))) {
      if (sizeOf(partial) > 0) {
        appendFileSync(big, 'extra row written late\r\n');
        appended = true;
      } else if (sizeOf(join(dir, 'big.csv')) >= 0) throw new Error('the upload ended before the file changed');
    }
    expect(await exited).toBe(2);
    expect(stderr).toMatch(/^dessa-roster: \[file-changed\] .*big\.csv changed while it was being validated or sent/);
    expect(namesIn(dir)).toEqual([]);
  });
});

describe('deliver on a terminal', () => {
  it('draws the upload bar on standard error, and clears it', () => {
    const dir = join(server.root, 'tty');
    mkdirSync(dir);
    const file = join(tmp(), 'tty.csv');
    writeFileSync(file, [...generateRows({ students: 20_000, classesPerStudent: 2, seed: 9 })].join(''));
    expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const command = [process.execPath, CLI, 'deliver', file, server.url('tty'), ...trust()].join(' ');
    // script(1) gives the command a pseudo-terminal, as a person running it would have.
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, ...SFTP_ENV, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\[#{20}\] 100% uploading tty\.csv \(\d+\.\d of \d+\.\d MiB, \d+\.\d s\)/);
    const bar = r.stdout.lastIndexOf('100% uploading');
    expect(r.stdout.indexOf('\r\u001b[2K', bar)).toBeGreaterThan(bar);
    expect(r.stdout).toContain('delivered');
    expect(namesIn(dir)).toEqual(['tty.csv']);
  });
});
