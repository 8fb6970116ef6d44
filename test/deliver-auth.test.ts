import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';
import { namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

let server: Sshd;
let agentPid: number | undefined;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(async () => {
  if (agentPid) process.kill(agentPid);
  await server?.stop();
});

const file = writeTmp('roster.csv', csv(row()));
let n = 0;

function deliver(auth: string[], env: NodeJS.ProcessEnv = {}, url?: string) {
  const sub = `a${n++}`;
  mkdirSync(join(server.root, sub));
  const args = ['deliver', file, url ?? server.url(sub), '--known-hosts', server.knownHosts, ...auth];
  return { ...cli(args, { env: { ...SFTP_ENV, ...env } }), dir: join(server.root, sub) };
}

function key(passphrase = ''): string {
  const path = join(tmp(), 'key');
  expect(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', path]).status).toBe(0);
  return path;
}

describe('logging in', () => {
  it('a key the server does not know is refused: exit 2, nothing sent', () => {
    const r = deliver(['--identity', key()]);
    expect(r.stderr).toMatch(/^dessa-roster: \[sftp-auth\] the server refused to log \S+ in with the key .+\n$/);
    expect(r.code).toBe(2);
    expect(namesIn(r.dir)).toEqual([]);
  });

  it('an ssh-agent holding the key logs in without --identity', () => {
    const sock = join(tmp(), 'agent.sock');
    const started = spawnSync('ssh-agent', ['-a', sock, '-s'], { encoding: 'utf8' });
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1]);
    expect(spawnSync('ssh-add', [server.userKey], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status).toBe(0);
    const r = deliver([], { SSH_AUTH_SOCK: sock });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(namesIn(r.dir)).toEqual(['roster.csv']);
  });

  it('an encrypted key takes its passphrase from DESSA_SFTP_PASSPHRASE, never printed', () => {
    const secret = 'correct horse battery';
    const path = key(secret);
    spawnSync('cp', [`${server.userKey}.pub`, `${path}.pub`]);
    // The server accepts the test user's key only: add this one to its authorized_keys.
    spawnSync('sh', ['-c', `ssh-keygen -y -P '${secret}' -f ${path} >> ${join(server.dir, 'authorized_keys')}`]);
    const missing = deliver(['--identity', path]);
    expect(missing.stderr).toContain('is encrypted: set DESSA_SFTP_PASSPHRASE');
    expect(missing.code).toBe(2);
    const wrong = deliver(['--identity', path, '--debug', '--format', 'json'], {
      DESSA_SFTP_PASSPHRASE: 'not it at all',
    });
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stdout).error.code).toBe('sftp-auth');
    expect(`${wrong.stdout}${wrong.stderr}`).not.toContain('not it at all');
    const right = deliver(['--identity', path], { DESSA_SFTP_PASSPHRASE: secret });
    expect([right.code, right.stderr]).toEqual([0, '']);
    expect(`${right.stdout}${right.stderr}`).not.toContain(secret);
    expect(namesIn(right.dir)).toEqual(['roster.csv']);
  });

  it('a refused DESSA_SFTP_PASSWORD is never printed, not even with --debug or in JSON', async () => {
    const secret = 'Sw0rdfish-Secret';
    for (const extra of [[], ['--debug'], ['--format', 'json', '--debug']]) {
      const from = await server.settledLog();
      const r = deliver(extra, { DESSA_SFTP_PASSWORD: secret });
      // The password was sent, and the server refused it.
      await server.logUntil(from, /Failed password for/);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[sftp-auth]');
      expect(r.stderr).toContain('the password of DESSA_SFTP_PASSWORD');
      expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
    }
  });

  it('DESSA_SFTP_PASSWORD logs in where the server takes that password, and is never printed', async () => {
    const secret = 'Corr3ct-Horse-Pass';
    const withPassword = await startSshd({ password: secret });
    try {
      const dir = join(withPassword.root, 'in');
      mkdirSync(dir);
      const args = ['deliver', file, withPassword.url('in'), '--known-hosts', withPassword.knownHosts, '--debug'];
      const r = cli(args, { env: { ...SFTP_ENV, DESSA_SFTP_PASSWORD: secret } });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).not.toContain(secret);
      expect(namesIn(dir)).toEqual(['roster.csv']);
      expect(await withPassword.logUntil(0, /Accepted password for/)).toContain(`Accepted password for ${server.user}`);
    } finally {
      await withPassword.stop();
    }
  });

  it('an SSH_AUTH_SOCK with no agent behind it is a login failure, not retried', () => {
    const r = deliver([], { SSH_AUTH_SOCK: join(tmp(), 'no-agent.sock') });
    expect(r.stderr).toMatch(/^dessa-roster: \[sftp-auth\] the ssh-agent of SSH_AUTH_SOCK cannot be used .*\n$/);
    expect(r.code).toBe(2);
  });

  it('a public key given as --identity is refused before connecting', () => {
    const r = deliver(['--identity', `${server.userKey}.pub`]);
    expect(r.stderr).toContain('[sftp-auth]');
    expect(r.stderr).toContain('is a public key: give the private key file (without .pub)');
    expect(r.code).toBe(2);
  });

  it('with no key, agent or password, says what to give', () => {
    const r = deliver([]);
    expect(r.stderr).toBe(
      'dessa-roster: [sftp-auth] no way to log in to the SFTP server: give --identity KEYFILE, run an ssh-agent ' +
        '(SSH_AUTH_SOCK), or set DESSA_SFTP_PASSWORD\n',
    );
    expect(r.code).toBe(2);
  });

  it('a password in the URL is refused unrepeated, in text and in JSON', () => {
    const url = `sftp://${server.user}:Hunter2-Secret@127.0.0.1:${server.port}${server.root}/`;
    for (const extra of [[], ['--format', 'json']]) {
      const r = deliver(['--identity', server.userKey, ...extra], {}, url);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[usage] the sftp:// URL holds a password');
      expect(r.stderr).toContain('set DESSA_SFTP_PASSWORD instead');
      expect(`${r.stdout}${r.stderr}`).not.toContain('Hunter2');
    }
  });

  it('a password flag does not exist', () => {
    const r = deliver(['--password', 'x']);
    expect(r.stderr).toContain("[usage] unknown option '--password'");
  });
});
