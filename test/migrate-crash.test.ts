import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { pendingMigrations } from '../src/db/migrate.js';
import { mysqlMigrationLock, PG_MIGRATION_LOCK } from '../src/db/migration-lock.js';
import { hasIndex } from '../src/db/migrations/ddl.js';
import Database from 'better-sqlite3';
import { DATABASES, query, start } from './db-helpers.js';
import { cli, ROOT, tmp } from './helpers.js';

/**
 * kill -9 during a first migration, at many points, then an unaided `db migrate`: it must
 * finish the schema (MySQL commits each DDL statement, so a killed migration leaves part of
 * it) and must not be stopped by the killed process's migration lock.
 */

const SAMPLE = join(ROOT, 'samples', 'roster.csv');
const KEYS: [string, string][] = [
  ['dessa_sites', 'dessa_sites_key'],
  ['dessa_staff', 'dessa_staff_key'],
  ['dessa_students', 'dessa_students_key'],
  ['dessa_classes', 'dessa_classes_key'],
  ['dessa_enrollments', 'dessa_enrollments_key'],
  ['dessa_class_staff', 'dessa_class_staff_key'],
  ['dessa_staff_programs', 'dessa_staff_programs_key'],
  ['dessa_runs', 'dessa_runs_scope'],
  ['dessa_changes', 'dessa_changes_run'],
];

/** A database of its own on the server (created here, dropped at the end), or a new SQLite file. */
async function scratch(kind: string, serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(tmp(), 'crash.sqlite')}`, drop: async () => {} };
  const name = `dessa_scratch_${process.pid}_${Date.now().toString(36)}`;
  await query(serverUrl, (k) => k.raw(`create database ${name}`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => query(serverUrl, (k) => k.raw(`drop database ${name}`)).then(() => {}) };
}

interface Leftover {
  pending: number;
  tables: number;
  knexLocked: boolean;
  /** knex's lock table exists: the killed run had begun migrating (a kill before that leaves none). */
  lockTable: boolean;
}

/** What a killed run left: migrations not recorded, tables made, knex's lock row. */
async function leftover(url: string): Promise<Leftover> {
  const db = await openDatabase(url);
  try {
    const tables = (await Promise.all(KEYS.map(([t]) => db.knex.schema.hasTable(t)))).filter(Boolean).length;
    const lockTable = await db.knex.schema.hasTable('dessa_migrations_lock');
    const lock = lockTable ? await db.knex('dessa_migrations_lock').first('is_locked') : undefined;
    const pending = (await pendingMigrations(db.knex)).length;
    return { pending, tables, knexLocked: Number(lock?.is_locked) === 1, lockTable };
  } finally {
    await db.knex.destroy();
  }
}

async function expectComplete(url: string): Promise<void> {
  const db = await openDatabase(url);
  try {
    expect(await pendingMigrations(db.knex)).toEqual([]);
    for (const [table, index] of KEYS)
      expect([table, index, await hasIndex(db.knex, db.dialect, table, index)]).toEqual([table, index, true]);
    expect(await db.knex.schema.hasColumn('dessa_staff', 'program')).toBe(false);
    for (const t of ['dessa_sites', 'dessa_staff', 'dessa_students', 'dessa_classes'])
      expect(await db.knex.schema.hasColumn(t, 'fingerprint')).toBe(true);
  } finally {
    await db.knex.destroy();
  }
}

/** Whether the killed run's migration lock is taken yet (its migrations have begun). */
async function migrating(kind: string, url: string): Promise<boolean> {
  if (kind === 'sqlite') return true;
  return query(url, async (k) => {
    if (kind === 'postgres') {
      const r = await k.raw(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and " +
          'database = (select oid from pg_database where datname = current_database())',
      );
      return r.rows[0].n > 0;
    }
    const [rows] = await k.raw(
      'select count(*) as n from information_schema.tables where table_schema = database() ' +
        "and table_name like 'dessa%'",
    );
    return Number(rows[0].n) > 0;
  });
}

const TRIALS: Record<string, number[]> = {
  sqlite: [0, 150, 300, 450, 600, 750],
  postgres: [0, 10, 25, 50, 100, 200],
  mysql: [0, 150, 300, 450, 600, 800, 1000, 1300, 1600, 2000],
};

/** Whether the trials so far landed mid-migration as this database allows (else they proved nothing). */
function sawPartial(kind: string, partial: Leftover[]): boolean {
  // On MySQL some must leave tables and knex's lock taken: what used to need `db unlock`.
  if (kind === 'mysql') return partial.some((p) => p.tables > 0 && p.knexLocked);
  // On SQLite a kill before the run opened the file also leaves every migration pending: only one after
  // knex made its lock table landed mid-migration.
  if (kind === 'sqlite') return partial.some((p) => p.lockTable);
  return partial.length > 0;
}

describe.each(DATABASES)('kill -9 during the first migration on %s', (kind, makeUrl) => {
  it('the next db migrate completes the schema unaided', async () => {
    const partial: Leftover[] = [];
    // The fixed delays, then (on a machine whose speed moved the migration past them) more
    // delays spread over the same range until a kill lands mid-migration, 20 at most.
    const top = Math.max(...TRIALS[kind]);
    // On SQLite the migration itself takes some 30 ms of a run's 250 ms on an idle machine: the extra
    // delays step through the run's whole life 8 ms apart.
    const extra =
      kind === 'sqlite'
        ? Array.from({ length: 60 }, (_, i) => 40 + i * 8)
        : Array.from({ length: 20 }, (_, i) => Math.round(((i + 0.5) * top) / 20));
    const delays = [...TRIALS[kind], ...extra];
    for (const [n, delay] of delays.entries()) {
      if (n >= TRIALS[kind].length && sawPartial(kind, partial)) break;
      const { url, drop } = await scratch(kind, makeUrl());
      try {
        const run = start(['db', 'migrate', '--db', url]);
        const until = Date.now() + 30_000;
        while (Date.now() < until && !(await migrating(kind, url))) await new Promise((r) => setTimeout(r, 10));
        // SQLite's fixed trials start after the process's start-up (300 ms); the extra ones probe from the
        // spawn on, for a machine fast enough to finish the whole migration within that start-up allowance.
        const offset = kind === 'sqlite' && n < TRIALS[kind].length ? 300 : 0;
        await new Promise((r) => setTimeout(r, delay + offset));
        try {
          process.kill(run.pid, 'SIGKILL');
        } catch {
          // It had finished already: this trial checks an up-to-date database.
        }
        await run.done;
        const left = await leftover(url);
        if (left.pending > 0) partial.push(left);

        const next = cli(['db', 'migrate', '--db', url], { env: { DESSA_LOCK_WAIT: '20' } });
        expect([delay, next.code, next.stderr]).toEqual([delay, 0, '']);
        await expectComplete(url);
        const applied = cli(['apply', SAMPLE, '--org', 'crash', '--db', url]);
        expect([delay, applied.code, applied.stderr]).toEqual([delay, 0, '']);
        expect(cli(['apply', SAMPLE, '--org', 'crash', '--db', url]).stdout).toContain('No changes');
      } finally {
        await drop();
      }
    }
    expect(sawPartial(kind, partial)).toBe(true);
  }, 600_000);
});

/** Holds the migration lock of a database from another connection, as a live migration does. */
async function holdMigration(kind: string, url: string): Promise<() => Promise<void>> {
  if (kind === 'sqlite') {
    const raw = new Database(url.slice('sqlite:'.length));
    raw.exec('BEGIN IMMEDIATE');
    raw.exec(
      'create table dessa_migrations (id integer primary key autoincrement, ' +
        'name varchar(255), batch integer, migration_time datetime)',
    );
    return async () => {
      raw.exec('ROLLBACK');
      raw.close();
    };
  }
  const db = await openDatabase(url);
  const trx = await db.knex.transaction();
  if (kind === 'postgres') await trx.raw('select pg_advisory_lock(hashtext(?))', [PG_MIGRATION_LOCK]);
  else await trx.raw('select GET_LOCK(?, 0)', [mysqlMigrationLock(new URL(url).pathname.slice(1))]);
  return async () => {
    await trx.rollback();
    await db.knex.destroy();
  };
}

describe.each(DATABASES)('a migration running on %s', (kind, makeUrl) => {
  it('another db migrate waits DESSA_LOCK_WAIT, then db-locked; once it is over, migrates', async () => {
    const { url, drop } = await scratch(kind, makeUrl());
    try {
      const release = await holdMigration(kind, url);
      let waited;
      try {
        waited = cli(['db', 'migrate', '--db', url], { env: { DESSA_LOCK_WAIT: '2' } });
      } finally {
        await release();
      }
      expect([waited.code, waited.stdout]).toEqual([2, '']);
      // SQLite's write lock does not say whose it is: the message does not claim a dessa-roster.
      const holder =
        kind === 'sqlite'
          ? "another connection held the file's write lock"
          : 'another dessa-roster apply or migration held its lock';
      expect(waited.stderr).toMatch(
        new RegExp(
          `^dessa-roster: \\[db-locked\\] .* is busy: ${holder} for the whole 2 s wait; nothing was written\\. .*\n$`,
        ),
      );
      expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
      await expectComplete(url);
    } finally {
      await drop();
    }
  });
});

describe.each(DATABASES)('first runs racing on an empty %s database', (kind, makeUrl) => {
  it('two db migrate at once both succeed, one after the other', async () => {
    const { url, drop } = await scratch(kind, makeUrl());
    try {
      const runs = [start(['db', 'migrate', '--db', url]), start(['db', 'migrate', '--db', url])];
      const results = await Promise.all(runs.map((r) => r.done));
      expect(results.map((r) => [r.code, r.stderr])).toEqual([
        [0, ''],
        [0, ''],
      ]);
      await expectComplete(url);
    } finally {
      await drop();
    }
  });
});
