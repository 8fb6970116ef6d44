import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';
import { namesIn, publicKey, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

let server: Sshd;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(() => server?.stop());

const file = writeTmp('roster.csv', csv(row()));
let n = 0;

/** Delivers into a fresh folder with the given trust options; returns the result and that folder. */
function deliver(trust: string[], env: NodeJS.ProcessEnv = {}) {
  const sub = `k${n++}`;
  mkdirSync(join(server.root, sub));
  const args = ['deliver', file, server.url(sub), '--identity', server.userKey, ...trust];
  return { ...cli(args, { env: { ...SFTP_ENV, ...env } }), dir: join(server.root, sub) };
}

function knownHosts(text: string): string {
  return writeTmp('known_hosts', text);
}

/** A key the server does not hold, as a known_hosts key field. */
function otherKey(type = 'ed25519'): string {
  const f = join(tmp(), 'other');
  spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', f]);
  const k = publicKey(f);
  return `${k.type} ${k.base64}`;
}

const accepted = (r: { code: number | null; stderr: string; dir: string }) => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(namesIn(r.dir)).toEqual(['roster.csv']);
};

function refused(r: { code: number | null; stderr: string; dir: string }, code: string) {
  expect(r.stderr).toMatch(new RegExp(`^dessa-roster: \\[${code}\\] .+\\n$`));
  expect(r.code).toBe(2);
  expect(namesIn(r.dir)).toEqual([]);
}

describe('known_hosts', () => {
  it('accepts a [host]:port entry', () => accepted(deliver(['--known-hosts', server.knownHosts])));

  it('accepts the entry in a comma list, after comments and other hosts', () => {
    const [, keyType, key] = server.knownHostsLine.split(' ');
    const hosts = `foo.example,[127.0.0.1]:${server.port}`;
    const text = `# servers\nother.example ${otherKey()}\n\n${hosts} ${keyType} ${key} comment\n`;
    accepted(deliver(['--known-hosts', knownHosts(text)]));
  });

  it('accepts a hashed entry (ssh-keygen -H)', () => {
    const path = knownHosts(`${server.knownHostsLine}\n`);
    expect(spawnSync('ssh-keygen', ['-H', '-f', path]).status).toBe(0);
    expect(spawnSync('cat', [path], { encoding: 'utf8' }).stdout).toMatch(/^\|1\|/);
    accepted(deliver(['--known-hosts', path]));
  });

  it('refuses an unknown key before logging in, showing its fingerprint and how to trust it', async () => {
    const path = knownHosts(`other.example ${otherKey()}\n`);
    const from = await server.settledLog();
    const r = deliver(['--known-hosts', path]);
    refused(r, 'host-key-unknown');
    expect(r.stderr).toContain(`(ssh-ed25519 ${server.fingerprint}) is not in ${path}`);
    expect(r.stderr).toContain(`ssh-keyscan -p ${server.port} 127.0.0.1 >> ${path}`);
    expect(r.stderr).toContain(`--host-key ${server.fingerprint}`);
    // The key was refused during the key exchange: the server saw the connection end before any login.
    const log = await server.logUntil(from, /127\.0\.0\.1 port \d+.*\[preauth\]/);
    expect(log).not.toMatch(/publickey|password|Accepted/i);
  });

  it('a port-22 entry does not vouch for another port', () => {
    const [, keyType, key] = server.knownHostsLine.split(' ');
    refused(deliver(['--known-hosts', knownHosts(`127.0.0.1 ${keyType} ${key}\n`)]), 'host-key-unknown');
  });

  it('with no --known-hosts, reads ~/.ssh/known_hosts; a missing one knows no key', () => {
    const home = tmp();
    refused(deliver([], { HOME: home }), 'host-key-unknown');
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'known_hosts'), `${server.knownHostsLine}\n`);
    accepted(deliver([], { HOME: home }));
  });

  it('a missing --known-hosts file is a mistake in the command', () => {
    const r = deliver(['--known-hosts', join(tmp(), 'nope')]);
    refused(r, 'file-not-found');
  });

  it('refuses a changed key with its own code, and says how to replace the entry', () => {
    const path = knownHosts(`[127.0.0.1]:${server.port} ${otherKey()}\n`);
    const r = deliver(['--known-hosts', path]);
    refused(r, 'host-key-changed');
    expect(r.stderr).toContain(
      `the host key of [127.0.0.1]:${server.port} changed: the server shows ssh-ed25519 ${server.fingerprint}`,
    );
    expect(r.stderr).toContain(`ssh-keygen -R '[127.0.0.1]:${server.port}' -f ${path}`);
  });

  it('@revoked refuses the key even where a plain entry trusts it', () => {
    const [, keyType, key] = server.knownHostsLine.split(' ');
    const path = knownHosts(`${server.knownHostsLine}\n@revoked * ${keyType} ${key}\n`);
    refused(deliver(['--known-hosts', path]), 'host-key-revoked');
  });

  it('@cert-authority lines trust no plain key', () => {
    const [, keyType, key] = server.knownHostsLine.split(' ');
    const r = deliver(['--known-hosts', knownHosts(`@cert-authority [127.0.0.1]:* ${keyType} ${key}\n`)]);
    refused(r, 'host-key-unknown');
    expect(r.stderr).toContain('@cert-authority');
  });
});

describe('a server with two host keys', () => {
  it('shows the one known_hosts holds, whichever type it is', async () => {
    const two = await startSshd({ extraHostKey: 'rsa' });
    try {
      const path = knownHosts(`${two.extraKnownHostsLine}\n`);
      expect(two.extraKnownHostsLine).toContain(' ssh-rsa ');
      mkdirSync(join(two.root, 'in'));
      const args = ['deliver', file, two.url('in'), '--identity', two.userKey, '--known-hosts', path];
      const r = cli(args, { env: SFTP_ENV });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(namesIn(join(two.root, 'in'))).toEqual(['roster.csv']);
    } finally {
      await two.stop();
    }
  });
});

describe('--host-key pin', () => {
  it('accepts the pinned fingerprint, with or without its = padding, among others', () => {
    accepted(deliver(['--host-key', server.fingerprint]));
    accepted(deliver(['--host-key', `SHA256:${'A'.repeat(43)}`, '--host-key', `${server.fingerprint}=`]));
  });

  it('refuses another key as changed, naming the one shown', () => {
    const r = deliver(['--host-key', `SHA256:${'A'.repeat(43)}`]);
    refused(r, 'host-key-changed');
    expect(r.stderr).toContain(server.fingerprint);
  });

  it.each([
    ['a malformed pin', ['--host-key', 'MD5:aa:bb']],
    ['a pin and a known_hosts file', ['--host-key', `SHA256:${'A'.repeat(43)}`, '--known-hosts', 'x']],
  ])('refuses %s as usage', (_what, args) => refused(deliver(args), 'usage'));
});

describe('a server whose host key changed (restarted under a new key)', () => {
  it('is refused, then accepted after the rotation steps the message gives', async () => {
    const path = knownHosts(`${server.knownHostsLine}\n`);
    await server.restart({ newHostKey: 'ecdsa' });
    const r = deliver(['--known-hosts', path]);
    refused(r, 'host-key-changed');
    expect(r.stderr).toContain(`ecdsa-sha2-nistp256 ${server.fingerprint}`);
    // The commands the message prints, run as a person would once the fingerprint is confirmed.
    const steps = /remove the old entry with (ssh-keygen -R .+?), then trust it with: (ssh-keyscan .+?) \(or/.exec(
      r.stderr,
    );
    expect(steps).not.toBeNull();
    expect(spawnSync('sh', ['-c', `${steps![1]} && ${steps![2]}`]).status).toBe(0);
    accepted(deliver(['--known-hosts', path]));
  });
});
