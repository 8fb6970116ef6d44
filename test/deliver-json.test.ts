import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';

let server: Sshd;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(() => server?.stop());

let n = 0;
function deliver(file: string, ...extra: string[]) {
  const sub = `j${n++}`;
  mkdirSync(join(server.root, sub));
  const args = ['deliver', file, server.url(sub), '--identity', server.userKey, '--format', 'json', ...extra];
  return { ...cli([...args], { env: SFTP_ENV }), dir: join(server.root, sub), url: server.url(sub) };
}

describe('deliver --format json: one document on every path', () => {
  it('delivered: status, where, how many bytes, how it was renamed, and the report', () => {
    const file = writeTmp('roster.csv', csv(row(), row()));
    const r = deliver(file, '--known-hosts', server.knownHosts, '--name', 'd.csv');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      status: 'delivered',
      file,
      url: r.url,
      name: 'd.csv',
      path: join(server.root, `j${n - 1}`, 'd.csv'),
      bytes: statSync(file).size,
      rename: 'posix-rename',
      report: { valid: true, strict: false, summary: { warnings: 1 } },
    });
    expect(namesIn(r.dir)).toEqual(['d.csv']);
  });

  it('invalid: status invalid with the report, exit 1, nothing sent', () => {
    const r = deliver(writeTmp('bad.csv', csv(row({ DOB: 'soon' }))), '--known-hosts', server.knownHosts);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('invalid');
    expect(doc.report.valid).toBe(false);
    expect(doc.report.summary.errors).toBeGreaterThan(0);
    expect(namesIn(r.dir)).toEqual([]);
  });

  it('a host key failure: the error document, and the same line on standard error', () => {
    const r = deliver(writeTmp('roster.csv', csv(row())), '--host-key', `SHA256:${'B'.repeat(43)}`);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({ error: { code: 'host-key-changed', message: expect.stringContaining(server.fingerprint) } });
    expect(r.stderr).toBe(`dessa-roster: [host-key-changed] ${doc.error.message}\n`);
  });

  it('a command line refused before parsing is still JSON', () => {
    const r = cli(['deliver', 'x.csv', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('usage');
  });
});
