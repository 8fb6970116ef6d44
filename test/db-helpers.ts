import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/connect.js';
import { afterAll } from 'vitest';
import { lockName } from '../src/db/lock.js';
import { purgeOrgs } from '../src/db/purge.js';
import { CLI, emptySqlite, ROOT } from './helpers.js';

/**
 * The databases every database test runs on: a fresh SQLite file always; PostgreSQL and
 * MariaDB when their URLs are set (CI sets both). A URL that is set but unreachable fails.
 */
export const DATABASES: [string, () => string][] = [
  ['sqlite', () => emptySqlite('test.sqlite')],
  ...(process.env.DESSA_TEST_PG_URL
    ? [['postgres', () => process.env.DESSA_TEST_PG_URL!] as [string, () => string]]
    : []),
  ...(process.env.DESSA_TEST_MYSQL_URL
    ? [['mysql', () => process.env.DESSA_TEST_MYSQL_URL!] as [string, () => string]]
    : []),
];

let n = 0;
const made: string[] = [];
/** An org key no other test or run uses: the shared servers keep data between runs. */
export function freshOrg(): string {
  const org = `t${process.pid.toString(36)}${Date.now().toString(36)}${(n++).toString(36)}`;
  made.push(org);
  return org;
}

// The servers are shared and keep what they are given: each test file's orgs go when it ends.
afterAll(async () => {
  for (const [kind, makeUrl] of DATABASES) {
    if (kind === 'sqlite' || made.length === 0) continue;
    const db = await openDatabase(makeUrl());
    try {
      await purgeOrgs(db.knex, made);
    } finally {
      await db.knex.destroy();
    }
  }
});

/** Active (not removed) counts per table for one org and program (staff: the program's active memberships). */
export async function activeCounts(url: string, org: string, program = 'default'): Promise<Record<string, number>> {
  const db = await openDatabase(url);
  try {
    const out: Record<string, number> = {};
    for (const t of ['sites', 'staff', 'students', 'classes', 'enrollments', 'class_staff']) {
      const table = t === 'staff' ? 'dessa_staff_programs' : `dessa_${t}`;
      const exists = await db.knex.schema.hasTable(table);
      const row = exists
        ? await db.knex(table).where({ org, program }).whereNull('removed_at').count({ n: '*' }).first()
        : { n: 0 };
      out[t] = Number(row?.n ?? 0);
    }
    return out;
  } finally {
    await db.knex.destroy();
  }
}

/** Runs a SQL query on the test database (for assertions only). */
export async function query<T = Record<string, unknown>>(
  url: string,
  fn: (k: import('knex').Knex) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(url);
  try {
    return await fn(db.knex);
  } finally {
    await db.knex.destroy();
  }
}

/** Starts the built CLI without waiting for it. */
export function start(args: string[]): {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  pid: number;
} {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, pid: child.pid! };
}

/** Waits until some process holds the write lock of the org (its transaction has begun). */
export async function waitForWriter(url: string, org: string, seconds = 60): Promise<void> {
  const until = Date.now() + seconds * 1000;
  const name = lockName(org);
  while (Date.now() < until) {
    if (await writerActive(url, name)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no writer started');
}

async function writerActive(url: string, name: string): Promise<boolean> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { timeout: 0 });
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return false;
    } catch {
      return true;
    } finally {
      db.close();
    }
  }
  return query(url, async (k) => {
    if (url.startsWith('postgres')) {
      // This org's lock only (pg_advisory_xact_lock(hashtext(name))): other tests hold theirs meanwhile.
      const r = await k.raw(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and granted" +
          ' and ((classid::bigint << 32) | objid::bigint) = hashtext(?)::bigint',
        [name],
      );
      return r.rows[0].n > 0;
    }
    const [rows] = await k.raw('select IS_USED_LOCK(?) as holder', [name]);
    return rows[0].holder !== null;
  });
}

/**
 * Another writer holds the org's lock with a write open (as an apply mid-way does), from
 * another connection: SQLite's write lock by BEGIN IMMEDIATE; the server's org lock and an
 * uncommitted row on PostgreSQL and MySQL. Returns its release.
 */
export async function holdWriter(url: string, org: string): Promise<() => Promise<void>> {
  const run = {
    org,
    program: 'held',
    file_name: 'held.csv',
    sha256: 'x',
    row_count: 0,
    counts: '{}',
    started_at: 't',
    status: 'running',
    os_user: 't',
  };
  if (url.startsWith('sqlite:')) {
    const raw = new Database(url.slice('sqlite:'.length));
    raw.exec('BEGIN IMMEDIATE');
    raw
      .prepare(
        'insert into dessa_runs (org, program, file_name, sha256, row_count, counts, ' +
          'started_at, status, os_user) values (@org, @program, @file_name, @sha256, @row_count, ' +
          '@counts, @started_at, @status, @os_user)',
      )
      .run(run);
    return async () => {
      raw.exec('ROLLBACK');
      raw.close();
    };
  }
  const db = await openDatabase(url);
  const trx = await db.knex.transaction();
  if (db.dialect === 'postgres') await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [lockName(org)]);
  else await trx.raw('select GET_LOCK(?, 0)', [lockName(org)]);
  await trx('dessa_runs').insert(run);
  return async () => {
    await trx.rollback();
    await db.knex.destroy();
  };
}
