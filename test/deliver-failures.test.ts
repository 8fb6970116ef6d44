import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { freePort, namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

let server: Sshd;
let denying: Sshd;
beforeAll(async () => {
  server = await startSshd();
  // OpenSSH's sftp-server with posix-rename denied: it offers the extension, then refuses each request.
  denying = await startSshd({ sftpFlags: '-P posix-rename' });
});
afterAll(async () => {
  await server?.stop();
  await denying?.stop();
});

const file = writeTmp('roster.csv', csv(row()));

function deliver(to: Sshd, url: string, ...extra: string[]) {
  const args = ['deliver', file, url, '--identity', to.userKey, '--known-hosts', to.knownHosts, ...extra];
  return cli(args, { env: SFTP_ENV });
}

describe('deliver: connection and transfer failures exit 2', () => {
  it('a port with no server: three attempts, announced, then sftp-connect', async () => {
    const port = await freePort();
    const r = deliver(server, `sftp://${server.user}@127.0.0.1:${port}/tmp/`);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^dessa-roster: connection attempt 1 failed \(.*refused.*\); retrying$/);
    expect(lines[1]).toMatch(/^dessa-roster: connection attempt 2 failed/);
    expect(lines[2]).toMatch(
      /^dessa-roster: \[sftp-connect\] cannot connect to .*the connection was refused.* \(after 3 attempts\)$/,
    );
  });

  it('a server that accepts the connection and never answers: no answer within DESSA_CONNECT_TIMEOUT', async () => {
    // The kernel accepts into the backlog while the test waits in spawnSync: a TCP peer that says nothing.
    const silent = createServer();
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const { port } = silent.address() as AddressInfo;
    try {
      const args = ['deliver', file, `sftp://u@127.0.0.1:${port}/tmp/`, '--identity', server.userKey];
      const r = cli([...args, '--host-key', server.fingerprint], { env: { ...SFTP_ENV, DESSA_CONNECT_TIMEOUT: '1' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /\[sftp-connect\] cannot connect to .*: no answer within 1 s .* \(after 3 attempts\)\n$/,
      );
    } finally {
      silent.close();
    }
  });

  it('-q leaves only the failure line', async () => {
    const port = await freePort();
    const r = deliver(server, `sftp://${server.user}@127.0.0.1:${port}/tmp/`, '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[sftp-connect\] [^\n]+\n$/);
  });

  it('a directory missing on the server: sftp-transfer, nothing left behind', () => {
    const r = deliver(server, server.url('missing/deeper'));
    expect(r.stderr).toMatch(/^dessa-roster: \[sftp-transfer\] uploading roster\.csv on .* no such file or directory/);
    expect(r.stderr).not.toContain('partial copy');
    expect(r.code).toBe(2);
    expect(namesIn(join(server.root, 'missing'))).toEqual([]);
  });

  it('a malformed URL is a usage error before anything is read', () => {
    for (const url of ['sftp://127.0.0.1/x/', 'ftp://u@h/x/', 'sftp://u@h:99999/x/', 'sftp://u@h/../x/']) {
      const r = deliver(server, url);
      expect(r.stderr).toMatch(/^dessa-roster: \[usage\] /);
      expect(r.code).toBe(2);
    }
  });
});

describe('settings checked before the file is read', () => {
  it('a malformed DESSA_CONNECT_TIMEOUT is a usage error', () => {
    const r = cli(['deliver', file, server.url(), '--identity', server.userKey], {
      env: { ...SFTP_ENV, DESSA_CONNECT_TIMEOUT: '1.5' },
    });
    expect(r.stderr).toMatch(/^dessa-roster: \[usage\] DESSA_CONNECT_TIMEOUT must be a whole number of seconds/);
    expect(r.code).toBe(2);
  });
});

describe('a server that refuses posix-rename', () => {
  it('removes the old file, then renames, with a warning', () => {
    const dir = join(denying.root, 'inbox');
    mkdirSync(dir);
    writeFileSync(join(dir, 'roster.csv'), 'yesterday');
    const r = deliver(denying, denying.url('inbox'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^dessa-roster: warning: .* does not allow an atomic rename \(posix-rename@openssh\.com\)/,
    );
    expect(namesIn(dir)).toEqual(['roster.csv']);
    expect(readFileSync(join(dir, 'roster.csv'), 'utf8')).toBe(readFileSync(file, 'utf8'));
  });
});
