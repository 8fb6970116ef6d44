import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, emptySqlite, tmp, writeTmp } from './helpers.js';
import { SFTP_ENV, startSshd, type Sshd } from './sshd.js';
import { contents, deliver as put, roster, students } from './sync-helpers.js';

/*
 * The daily loop over a real OpenSSH server: the district's `deliver` puts a file into its inbox,
 * the vendor's `sync` reads it from the same server; and `sync --config` mixing local and sftp:// inboxes.
 */

let server: Sshd;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(() => server?.stop());

function inbox(name: string): { dir: string; url: string } {
  const dir = join(server.root, name);
  mkdirSync(dir, { recursive: true });
  return { dir, url: server.url(name) };
}

const login = () => ['--identity', server.userKey, '--known-hosts', server.knownHosts];

describe.each(DATABASES)('sync --config with local and sftp:// districts on %s', (_kind, makeUrl) => {
  it('runs them two at a time; a host key refused is one error row with its code, the others go on', async () => {
    const db = makeUrl();
    const [a, b1, c1, d1] = [freshOrg(), freshOrg(), freshOrg(), freshOrg()];
    const home = tmp();
    const local = join(home, 'local');
    mkdirSync(local);
    put(local, 'a.csv', roster(students(2)));
    const b = inbox(`cfg-${b1}`);
    put(b.dir, 'b.csv', roster(students(3)));
    const c = inbox(`cfg-${c1}`);
    put(c.dir, 'c.csv', roster(students(4)));
    const d = inbox(`cfg-${d1}`);
    put(d.dir, 'd.csv', roster(students(5)));
    // Paths of an entry are relative to the config file's folder.
    const keys = { identity: relative(home, server.userKey), knownHosts: relative(home, server.knownHosts) };
    const config = join(home, 'districts.json');
    const wrongPin = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    writeFileSync(
      config,
      JSON.stringify([
        { org: a, source: 'local' },
        { org: b1, source: b.url, ...keys },
        { org: c1, source: c.url, identity: keys.identity, hostKey: [wrongPin, server.fingerprint] },
        { org: d1, source: d.url, identity: keys.identity, hostKey: wrongPin },
      ]),
    );
    const args = ['sync', '--config', config, '--concurrency', '2', '--db', db];
    const r = cli([...args, '--format', 'json'], { env: SFTP_ENV, cwd: tmp() });
    expect(r.code).toBe(2);
    const { districts } = JSON.parse(r.stdout);
    expect(districts.map((x: { org: string; status: string }) => [x.org, x.status])).toEqual([
      [a, 'applied'],
      [b1, 'applied'],
      [c1, 'applied'],
      [d1, 'error'],
    ]);
    expect(districts[1].source).toBe(b.url);
    expect(districts[3].error.code).toBe('host-key-changed');
    expect((await activeCounts(db, b1)).students).toBe(3);
    expect((await activeCounts(db, c1)).students).toBe(4);
    expect(contents(b.dir).processed).toEqual([expect.stringMatching(/_b\.csv$/)]);
    expect(contents(local).processed).toEqual([expect.stringMatching(/_a\.csv$/)]);
    expect(contents(d.dir)).toEqual({ inbox: ['d.csv'], processed: [], rejected: [], reports: [] });

    // The table shows the failure's code.
    const text = cli(args, { env: SFTP_ENV });
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(new RegExp(`\\n${d1} +default +error +- +- +\\[host-key-changed\\] the host key of `));
    expect(text.stdout).toMatch(/\n4 district\(s\): 3 nothing, 1 error\n$/);
  });
});

describe('sync --config and secrets', () => {
  it('refuses a password in the config, without repeating it, and runs nothing', () => {
    const b = inbox('cfg-secret');
    put(b.dir, 'b.csv', roster(students(3)));
    const config = writeTmp(
      'districts.json',
      JSON.stringify([{ org: 'cfg-s', source: b.url, knownHosts: server.knownHosts, password: 'hunter2' }]),
    );
    const r = cli(['sync', '--config', config, '--db', emptySqlite('s.sqlite'), '--format', 'json'], {
      env: SFTP_ENV,
    });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('bad-config');
    expect(r.stderr).toMatch(/entry 1: a password does not belong in the config.*DESSA_SFTP_PASSWORD/);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    expect(contents(b.dir).inbox).toEqual(['b.csv']);
  });
});

describe.each(DATABASES)('the daily loop, deliver then sync over SFTP, on %s', (_kind, makeUrl) => {
  it('applies each delivery once, refuses an invalid one at the district, rejects a guarded one', async () => {
    const db = makeUrl();
    const org = freshOrg();
    const { dir, url } = inbox(`loop-${org}`);
    const deliver = (file: string) =>
      cli(['deliver', file, url, ...login(), '--name', 'roster.csv'], { env: SFTP_ENV });
    // --settle 0: the files deliver sends are seconds old.
    const sync = () => {
      const r = cli(['sync', url, '--org', org, '--db', db, '--format', 'json', '--settle', '0', ...login()], {
        env: SFTP_ENV,
      });
      return { ...r, json: JSON.parse(r.stdout) };
    };

    // Day 1.
    expect(deliver(writeTmp('export.csv', roster(students(20)))).code).toBe(0);
    const day1 = sync();
    expect([day1.code, day1.json.status, day1.json.file]).toEqual([0, 'applied', 'roster.csv']);
    expect((await activeCounts(db, org)).students).toBe(20);
    expect(contents(dir).inbox).toEqual([]);

    // Day 2: two new students; the same bytes sent again the day after are unchanged.
    expect(deliver(writeTmp('export.csv', roster(students(22)))).code).toBe(0);
    const day2 = sync();
    expect([day2.code, day2.json.status]).toEqual([0, 'applied']);
    expect((await activeCounts(db, org)).students).toBe(22);
    expect(deliver(writeTmp('export.csv', roster(students(22)))).code).toBe(0);
    expect(sync().json.status).toBe('unchanged');
    const runs = JSON.parse(cli(['history', '--org', org, '--db', db, '--format', 'json']).stdout);
    expect(runs).toMatchObject([
      { id: day2.json.run, status: 'succeeded', file_name: `${url}roster.csv` },
      { id: day1.json.run, status: 'succeeded', file_name: `${url}roster.csv` },
    ]);

    // Day 3: an invalid export never leaves the district.
    const invalid = deliver(writeTmp('export.csv', 'Student ID,Nope\n1,2\n'));
    expect(invalid.code).toBe(1);
    expect(contents(dir).inbox).toEqual([]);
    expect(sync().json.status).toBe('nothing');

    // Day 4: an export missing most students is valid, so it is sent; sync's guard rejects it.
    expect(deliver(writeTmp('export.csv', roster(students(5)))).code).toBe(0);
    const guarded = sync();
    expect([guarded.code, guarded.json.status, guarded.json.rejected]).toEqual([3, 'rejected', 'guard']);
    expect((await activeCounts(db, org)).students).toBe(22);
    const after = contents(dir);
    expect(after.inbox).toEqual([]);
    expect(after.rejected).toEqual([expect.stringMatching(/_roster\.csv$/)]);
    expect(after.processed).toHaveLength(3);
    expect(after.reports).toHaveLength(4);
    const report = readFileSync(join(dir, String(guarded.json.report)), 'utf8');
    expect(report).toMatch(/REJECTED \(refused by a safety limit\)/);
    const history = JSON.parse(cli(['history', '--org', org, '--db', db, '--format', 'json']).stdout);
    expect(history[0]).toMatchObject({ id: guarded.json.run, status: 'refused-guard', file_name: `${url}roster.csv` });
  });
});
