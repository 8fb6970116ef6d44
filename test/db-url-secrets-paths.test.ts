import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, freshOrg, holdWriter, query } from './db-helpers.js';
import { cli, csv, FAULT_ENV, row, tmp, writeTmp } from './helpers.js';
import { absent, withUser } from './secrets.js';

/**
 * A password in a --db URL that connects is never printed on any path a run can take: the
 * success outputs (text and JSON), the failures past the connection (db-error, db-locked, a
 * guard, an unexpected failure), and their --debug stacks. Each server gets two users made
 * for this file, with the password below: one with every right on the test database, one
 * with none (its runs end in db-error). Failures to connect are in db-url-secrets.test.ts.
 */
const PASSWORD = 'pa/Secret2@Zq:9';
const SERVERS = DATABASES.filter(([kind]) => kind !== 'sqlite');
const students = (n: number) => Array.from({ length: n }, (_, i) => row({ 'Student ID': String(500 + i) }));

interface Users {
  rights: string;
  none: string;
  drop: () => Promise<void>;
}

/** Makes the two users on the server of `base` (its own user is an administrator). */
async function makeUsers(kind: string, base: string): Promise<Users> {
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const [rights, none] = [`dessa_rw_${suffix}`, `dessa_no_${suffix}`];
  // The schema must exist to grant rights on its tables: the first apply of a fresh database makes it.
  expect(cli(['db', 'migrate', '--db', base]).code).toBe(0);
  if (kind === 'postgres') {
    await query(base, async (k) => {
      await k.raw(`create role "${rights}" login password '${PASSWORD}'`);
      await k.raw(`create role "${none}" login password '${PASSWORD}'`);
      await k.raw(`grant usage, create on schema public to "${rights}"`);
      await k.raw(`grant all on all tables in schema public to "${rights}"`);
      await k.raw(`grant all on all sequences in schema public to "${rights}"`);
    });
  } else {
    const database = new URL(base).pathname.slice(1);
    await query(base, async (k) => {
      await k.raw("create user ?@'%' identified by ?", [rights, PASSWORD]);
      await k.raw("create user ?@'%' identified by ?", [none, PASSWORD]);
      await k.raw(`grant all on \`${database}\`.* to ?@'%'`, [rights]);
      await k.raw(`grant select on \`${database}\`.* to ?@'%'`, [none]);
    });
  }
  const drop = () =>
    query(base, async (k) => {
      for (const user of [rights, none]) {
        if (kind === 'postgres') {
          await k.raw(`drop owned by "${user}"`);
          await k.raw(`drop role "${user}"`);
        } else {
          await k.raw("drop user ?@'%'", [user]);
        }
      }
    });
  return { rights: withUser(base, rights, PASSWORD), none: withUser(base, none, PASSWORD), drop };
}

// SQLite has no password: with no server URL set, the file only says what it would have run.
it.skipIf(SERVERS.length > 0)('needs DESSA_TEST_PG_URL or DESSA_TEST_MYSQL_URL', () => {});

describe.each(SERVERS)('a --db password on %s', (kind, makeUrl) => {
  let users: Users;
  beforeAll(async () => {
    users = await makeUsers(kind, makeUrl());
  });
  afterAll(async () => {
    await users?.drop();
  });

  /** Runs the CLI; nothing it prints holds the password. */
  const run = (args: string[], env?: NodeJS.ProcessEnv) => {
    const r = cli(args, { env });
    absent(r.stdout + r.stderr, PASSWORD);
    return r;
  };
  const masked = /:\/\/dessa_rw_\w+:\*\*\*@/;

  it('apply, diff with a saved plan, apply --plan, db migrate, history: text and JSON', () => {
    const url = users.rights;
    const org = freshOrg();
    const dir = tmp();
    const file = writeTmp('r.csv', csv(...students(20)));
    expect(run(['apply', file, '--org', org, '--db', url]).code).toBe(0);
    expect(
      JSON.parse(run(['apply', file, '--org', org, '--db', url, '--format', 'json']).stdout).summary.students.unchanged,
    ).toBe(20);
    const edited = writeTmp('e.csv', csv(...students(20).map((r) => r.replace(',Bao,', ',Bo,'))));
    const plan = join(dir, 'plan.json');
    const diff = run(['diff', edited, '--org', org, '--db', url, '--output', plan, '--max-updates', '100%']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(new RegExp(`^Plan for .* \\([a-z]+${masked.source}`));
    expect(diff.stdout).toMatch(new RegExp(`plan saved to .* --db '?[a-z]+${masked.source}`));
    expect(
      JSON.parse(run(['diff', edited, '--org', org, '--db', url, '--format', 'json', '--max-updates', '100%']).stdout)
        .summary.students.update,
    ).toBe(20);
    const applied = run(['apply', '--plan', plan, '--db', url, '--max-updates', '100%', '--format', 'json']);
    expect([applied.code, JSON.parse(applied.stdout).summary.students.update]).toEqual([0, 20]);
    expect(run(['db', 'migrate', '--db', url]).stdout).toMatch(
      new RegExp(`^[a-z]+${masked.source}\\S+ is up to date\\.$`, 'm'),
    );
    const runs = run(['history', '--org', org, '--db', url, '--format', 'json']);
    const [last] = JSON.parse(runs.stdout);
    expect(run(['history', '--org', org, '--db', url]).stdout).toContain(`#${last.id}`);
    expect(run(['history', String(last.id), '--org', org, '--db', url]).stdout).toMatch(/^Run #\d+ of /);
    expect(
      JSON.parse(run(['history', String(last.id), '--org', org, '--db', url, '--format', 'json']).stdout).changes,
    ).toHaveLength(20);
  });

  it('a guard refusal, in text, JSON and --debug', () => {
    const url = users.rights;
    const org = freshOrg();
    expect(run(['apply', writeTmp('r.csv', csv(...students(20))), '--org', org, '--db', url]).code).toBe(0);
    const half = writeTmp('half.csv', csv(...students(10)));
    for (const extra of [[], ['--format', 'json'], ['--debug']]) {
      const r = run(['apply', half, '--org', org, '--db', url, ...extra]);
      expect([r.code, r.stderr]).toEqual([3, expect.stringMatching(/^dessa-roster: \[guard-removals\] /)]);
    }
  });

  it('db-locked while another writer holds the org, in text, JSON and --debug', async () => {
    const org = freshOrg();
    const file = writeTmp('r.csv', csv(row()));
    expect(run(['apply', file, '--org', org, '--db', users.rights]).code).toBe(0);
    const release = await holdWriter(makeUrl(), org);
    try {
      for (const extra of [[], ['--format', 'json', '--debug']]) {
        const r = run(['apply', file, '--org', org, '--db', users.rights, '--force', ...extra], {
          DESSA_LOCK_WAIT: '1',
        });
        expect([r.code, r.stderr]).toEqual([
          2,
          expect.stringMatching(new RegExp(`^dessa-roster: \\[db-locked\\] [a-z]+${masked.source}`)),
        ]);
      }
    } finally {
      await release();
    }
  });

  it('db-error (a user with no right to write), in text, JSON, --debug and from DESSA_DATABASE_URL', () => {
    const url = users.none;
    const file = writeTmp('r.csv', csv(row()));
    const org = freshOrg();
    for (const args of [
      ['apply', file, '--org', org, '--db', url],
      ['apply', file, '--org', org, '--db', url, '--format', 'json', '--debug'],
    ]) {
      const r = run(args);
      expect([r.code, r.stderr]).toEqual([
        2,
        expect.stringMatching(/^dessa-roster: \[db-error\] database error on [a-z]+:\/\/dessa_no_\w+:\*\*\*@/),
      ]);
      // Nor the statement: knex puts it, values inlined, in the driver error --debug shows.
      expect(r.stderr).not.toMatch(/\b(select|insert into|update|delete from)\b[^\n]*dessa_/i);
      expect(r.stderr).not.toContain(org);
    }
    const env = run(['apply', file, '--org', org, '--debug'], { DESSA_DATABASE_URL: url });
    expect([env.code, env.stderr]).toEqual([2, expect.stringMatching(/^dessa-roster: \[db-error\] /)]);
  });

  it('an unexpected failure whose message quotes the URL: the line, the JSON and the --debug stack', () => {
    const file = writeTmp('r.csv', csv(row()));
    for (const extra of [[], ['--format', 'json', '--debug']]) {
      const r = run(['diff', file, '--org', freshOrg(), '--db', users.rights, ...extra], FAULT_ENV);
      expect(r.code).toBe(2);
      // The injected error repeats the command line: the URL is there, its password masked.
      expect(r.stderr).toMatch(
        new RegExp(`^dessa-roster: \\[internal\\] unexpected failure: injected fault, .*${masked.source}`),
      );
      if (extra.length)
        expect(r.stderr.split('\n')[1]).toMatch(new RegExp(`^Error: injected fault, .*${masked.source}`));
    }
  });
});
