import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

let server: Sshd;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(() => server?.stop());

const students = (n: number, first = 'S') =>
  Array.from({ length: n }, (_, i) => row({ 'Student ID': String(3000 + i), 'First Name': `${first}${i}` }));

function deliver(file: string, sub: string, ...extra: string[]) {
  mkdirSync(join(server.root, sub), { recursive: true });
  const args = ['deliver', file, server.url(sub), '--identity', server.userKey, '--known-hosts', server.knownHosts];
  return cli([...args, ...extra], { env: SFTP_ENV });
}

describe('deliver: a valid file arrives whole, only under its final name', () => {
  it('uploads the bytes under the local name, with no temporary file left', () => {
    const file = writeTmp('roster.csv', csv(...students(40)));
    const r = deliver(file, 'plain');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`delivered ${file} to ${server.url('plain')} as roster.csv`);
    expect(namesIn(join(server.root, 'plain'))).toEqual(['roster.csv']);
    expect(readFileSync(join(server.root, 'plain', 'roster.csv'))).toEqual(readFileSync(file));
  });

  it('--name sets the name on the server', () => {
    const file = writeTmp('export-2026-11-30.csv', csv(...students(3)));
    const r = deliver(file, 'named', '--name', 'district.csv');
    expect(r.code).toBe(0);
    expect(namesIn(join(server.root, 'named'))).toEqual(['district.csv']);
  });

  it('replaces an earlier delivery of the same name, whole', () => {
    const dir = join(server.root, 'again');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'roster.csv'), 'yesterday');
    const file = writeTmp('roster.csv', csv(...students(5, 'T')));
    expect(deliver(file, 'again').code).toBe(0);
    expect(readFileSync(join(dir, 'roster.csv'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    expect(namesIn(dir)).toEqual(['roster.csv']);
  });

  it.each([
    ['a name with a slash', 'a/b.csv'],
    ['a hidden name', '.roster.csv'],
    ['an empty name', ''],
    ['a name sync never reads', 'roster.xlsx'],
    ['a temporary name', 'roster.tmp'],
  ])('refuses %s before connecting', (_what, name) => {
    const file = writeTmp('roster.csv', csv(row()));
    const r = deliver(file, 'badname', '--name', name);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[usage\] the name on the server .* give another with --name NAME\n$/);
    expect(namesIn(join(server.root, 'badname'))).toEqual([]);
  });

  it('shows a control character in a refused name escaped once', () => {
    const r = deliver(writeTmp('roster.csv', csv(row())), 'badname', '--name', 'a\u001b[31m.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"a\\u001b[31m.csv" holds a control character');
  });
});

describe('deliver to an IPv6 address', () => {
  it('reaches sftp://USER@[::1]:PORT/DIR/ and finds its [::1]:PORT known_hosts entry', async () => {
    const v6 = await startSshd({ ipv6: true });
    try {
      const dir = join(v6.root, 'in');
      mkdirSync(dir);
      expect(v6.knownHostsLine.startsWith(`[::1]:${v6.port} `)).toBe(true);
      const file = writeTmp('roster.csv', csv(row()));
      const args = ['deliver', file, v6.url('in'), '--identity', v6.userKey, '--known-hosts', v6.knownHosts];
      const r = cli(args, { env: SFTP_ENV });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain(`to sftp://${v6.user}@[::1]:${v6.port}/`);
      expect(namesIn(dir)).toEqual(['roster.csv']);
    } finally {
      await v6.stop();
    }
  });
});

describe('deliver validates first, as validate does', () => {
  it('an invalid file is not sent: exit 1, the report printed, nothing on the server', () => {
    const file = writeTmp('bad.csv', csv(row({ DOB: '13/45/2016' })));
    const r = deliver(file, 'invalid');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('invalid');
    expect(r.stderr).toContain(`dessa-roster: [invalid] ${file} has errors; nothing sent to ${server.url('invalid')}`);
    expect(namesIn(join(server.root, 'invalid'))).toEqual([]);
  });

  it('warnings are sent, and printed; under --strict nothing is sent', () => {
    const file = writeTmp('warned.csv', csv(row(), row()));
    const strict = deliver(file, 'strict', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('has warnings and --strict was given; nothing sent');
    expect(namesIn(join(server.root, 'strict'))).toEqual([]);
    const sent = deliver(file, 'warned');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/1 warning/);
    expect(namesIn(join(server.root, 'warned'))).toEqual(['warned.csv']);
  });

  it('reading options apply: a file valid only with --map is sent with it', () => {
    const text = csv(row()).replace('Student ID', 'StudentNumber');
    const file = writeTmp('mapped.csv', text);
    const map = writeTmp('map.json', JSON.stringify({ StudentNumber: 'Student ID' }));
    expect(deliver(file, 'unmapped').code).toBe(1);
    expect(deliver(file, 'mapped', '--map', map).code).toBe(0);
    expect(namesIn(join(server.root, 'mapped'))).toEqual(['mapped.csv']);
  });
});
