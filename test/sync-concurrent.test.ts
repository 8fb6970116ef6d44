import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { openDatabase } from '../src/db/connect.js';
import { syncLockName } from '../src/db/sync-lock.js';
import { activeCounts, DATABASES, freshOrg, query, start } from './db-helpers.js';
import { cli, tmp } from './helpers.js';
import { contents, deliver, newInbox, original, roster, students, sync } from './sync-helpers.js';
import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * Two syncs of one org at once (cron overlap, two machines on one server) never both apply: the
 * second waits for the first's whole run (the org's sync lock; on SQLite, the database's) and finds the
 * inbox empty.
 */

const SERVERS = DATABASES.filter(([kind]) => kind !== 'sqlite');

const runsOf = (url: string, org: string) =>
  query(url, (k) => k('dessa_runs').where({ org }).orderBy('id').pluck('status'));

describe.each(DATABASES)('two syncs of one org at once on %s', (_kind, makeUrl) => {
  it('apply the newest file once; the file is set aside once; nothing is left or lost', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'older.csv', roster(students(30)), 900);
    deliver(dir, 'roster.csv', roster(students(3000)));
    const args = ['sync', dir, '--org', org, '--db', url, '--format', 'json'];
    const [a, b] = await Promise.all([start(args).done, start(args).done]);
    const outcomes = [a, b].map((r) => JSON.parse(r.stdout));
    const statuses = outcomes.map((o) => o.status).sort();
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(1);
    const runs = await runsOf(url, org);
    expect(runs.filter((s) => s === 'succeeded')).toHaveLength(1);
    expect(statuses).toEqual(['applied', 'nothing']);
    expect(runs).toEqual(['succeeded']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect((await activeCounts(url, org)).students).toBe(3000);
    const after = contents(dir);
    expect(after.inbox).toEqual([]);
    expect(after.processed.map(original).sort()).toEqual(['older.csv', 'roster.csv']);
  });
});

/** Holds the org's sync lock from another connection, as another sync mid-run does; returns its release. */
async function holdSyncLock(url: string, org: string): Promise<() => Promise<void>> {
  if (url.startsWith('sqlite:')) {
    const lock = new Sqlite(`${url.slice('sqlite:'.length)}-sync-lock`);
    lock.exec('BEGIN EXCLUSIVE');
    return async () => {
      lock.exec('ROLLBACK');
      lock.close();
    };
  }
  const db = await openDatabase(url);
  const trx = await db.knex.transaction();
  if (db.dialect === 'postgres') await trx.raw('select pg_advisory_lock(hashtext(?))', [syncLockName(org)]);
  else await trx.raw('select GET_LOCK(?, 0)', [syncLockName(org)]);
  return async () => {
    await trx.rollback();
    await db.knex.destroy();
  };
}

describe.each(DATABASES)('the sync lock on %s', (_kind, makeUrl) => {
  it('a sync finding the org locked for the whole wait reports busy (exit 2) and touches nothing', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'roster.csv', roster(students(2)));
    // The database exists and is migrated, as it is when another sync holds the lock.
    expect(sync(dir, org, url, [], { DESSA_LOCK_WAIT: '1' }).json.status).toBe('applied');
    deliver(dir, 'roster.csv', roster(students(3)));
    const release = await holdSyncLock(url, org);
    try {
      const r = cli(['sync', dir, '--org', org, '--db', url, '--format', 'json'], { env: { DESSA_LOCK_WAIT: '1' } });
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'busy', detail: expect.stringMatching(/whole 1 s wait/) });
      expect(r.stderr).toMatch(
        /^dessa-roster: \[db-locked\] \S+inbox: another sync or apply of this org held its lock/,
      );
      expect(contents(dir).inbox).toEqual(['roster.csv']);
    } finally {
      await release();
    }
    expect(sync(dir, org, url).json.status).toBe('applied');
  });
});

describe.each(SERVERS)('syncs on %s from several machines', (_kind, makeUrl) => {
  it('two sync --config over one config at once apply each district exactly once', async () => {
    const url = makeUrl();
    const orgs = Array.from({ length: 6 }, () => freshOrg());
    const dir = tmp();
    orgs.forEach((org, i) => {
      mkdirSync(join(dir, org));
      deliver(join(dir, org), 'roster.csv', roster(students(200 + i)));
    });
    const config = join(dir, 'districts.json');
    writeFileSync(config, JSON.stringify(orgs.map((org) => ({ org, source: org }))));
    const args = ['sync', '--config', config, '--concurrency', '3', '--db', url, '--format', 'json'];
    const [a, b] = await Promise.all([start(args).done, start(args).done]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const byOrg = new Map<string, string[]>();
    for (const r of [a, b]) {
      for (const d of JSON.parse(r.stdout).districts) byOrg.set(d.org, [...(byOrg.get(d.org) ?? []), d.status]);
    }
    for (const [i, org] of orgs.entries()) {
      expect(byOrg.get(org)!.sort()).toEqual(['applied', 'nothing']);
      expect(await runsOf(url, org)).toEqual(['succeeded']);
      expect((await activeCounts(url, org)).students).toBe(200 + i);
      expect(contents(join(dir, org))).toMatchObject({
        inbox: [],
        processed: [expect.stringMatching(/_roster\.csv$/)],
      });
    }
  });
});

describe.skipIf(SERVERS.length > 0)('syncs from several machines without a server', () => {
  it('needs DESSA_TEST_PG_URL or DESSA_TEST_MYSQL_URL', () => {});
});
