import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRows } from './roster-generator.js';
import { activeCounts, DATABASES, freshOrg, query, waitForWriter } from './db-helpers.js';
import { CLI, ROOT, tmp } from './helpers.js';

/** Starts the built CLI with extra environment, without waiting for it. */
function launch(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

let big = '';
/** A roster large enough that its apply is still writing when it is interrupted. */
function bigRoster(): string {
  if (!big) {
    big = join(tmp(), 'big.csv');
    writeFileSync(big, [...generateRows({ students: 20000, classesPerStudent: 5, seed: 7 })].join(''));
  }
  return big;
}

describe.each(DATABASES)('an interrupted apply on %s', (_kind, makeUrl) => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s mid-write: one line, exit %i, nothing written', async (signal, exit) => {
    const url = makeUrl();
    const org = freshOrg();
    const run = launch(['apply', bigRoster(), '--org', org, '--db', url, '--force']);
    await waitForWriter(url, org, 120);
    run.child.kill(signal);
    const r = await run.done;
    expect([r.code, r.stderr, r.stdout]).toEqual([exit, 'dessa-roster: interrupted; nothing was written\n', '']);
    // The open transaction died with the process: no run recorded, no row written.
    expect(Object.values(await activeCounts(url, org)).every((n) => n === 0)).toBe(true);
    const runs = await query(url, async (k) =>
      (await k.schema.hasTable('dessa_runs')) ? k('dessa_runs').where({ org }).count({ n: '*' }).first() : { n: 0 },
    );
    expect(Number(runs?.n)).toBe(0);
  });
});

describe('inputs that never end', () => {
  it('a named pipe given to diff or apply is refused at once (validate may read one)', () => {
    const fifo = join(tmp(), 'roster.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const command of ['diff', 'apply']) {
      const r = spawnSync(
        process.execPath,
        [CLI, command, fifo, '--org', 'x', '--db', `sqlite:${join(tmp(), 'x.sqlite')}`],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect([command, r.status, r.stdout]).toEqual([command, 2, '']);
      expect(r.stderr).toBe(
        `dessa-roster: [usage] ${fifo} is not a regular file (a pipe, socket or device): ` +
          `diff and apply read the file twice, so save it to a file first; ` +
          `validate can read a pipe or - (standard input)\n`,
      );
    }
  });

  it.each([['postgres'], ['mysql']])(
    'a %s server that accepts and never answers: db-connect after DESSA_CONNECT_TIMEOUT',
    async (scheme) => {
      const sockets: Socket[] = [];
      const server = createServer((s) => sockets.push(s));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const url = `${scheme}://u@127.0.0.1:${port}/x`;
        const r = await launch(['history', '--org', 'x', '--db', url], { DESSA_CONNECT_TIMEOUT: '2' }).done;
        expect([r.code, r.stdout]).toEqual([2, '']);
        expect(r.stderr).toBe(
          `dessa-roster: [db-connect] cannot connect to ${url}: ` +
            `no answer within 2 s (is this the database's host and port, ` +
            `and is the server up? DESSA_CONNECT_TIMEOUT sets the wait)\n`,
        );
        expect(sockets.length).toBeGreaterThan(0);
      } finally {
        for (const s of sockets) s.destroy();
        server.close();
      }
    },
  );
});
