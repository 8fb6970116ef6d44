import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Database } from './connect.js';
import type { Dialect } from './dialect.js';
import { withDriver } from './driver.js';
import { isTimeout, lockedError, withMysqlLock } from './lock.js';

/**
 * The migration lock.
 *
 * knex's own lock is a row in `dessa_migrations_lock` set to 1 while migrating. It cannot tell
 * a live migration from a dead one: on MySQL/MariaDB every DDL statement commits, so a process
 * killed mid-migration leaves the row at 1 for good, and every later run used to stop there.
 * So the lock that counts is one the server drops by itself when its owner's connection
 * closes, which a killed process's connection always does:
 *
 * - MySQL/MariaDB: GET_LOCK on a connection of its own, named after the database (named
 *   locks are server-wide, and two databases on one server migrate independently);
 * - PostgreSQL: a session advisory lock (advisory locks are per database) on a connection of
 *   its own;
 * - SQLite: the database write lock. knex sets its row inside the one transaction that runs
 *   every migration (ours never opt out of it), so while a migration is live its row is not
 *   committed and its write lock makes everyone else wait; the lock dies with the process.
 *
 * Whoever holds that lock is the only migrator, so a knex row still at 1 is stale (its owner
 * is gone) and is released before knex looks at it: no manual `db unlock` after a crash.
 * (The invariant assumes every migrator takes this lock, as every dessa-roster with it does.)
 */
export async function withMigrationLock<T>(
  knex: Knex,
  label: string,
  dialect: Dialect,
  waitSeconds: number,
  work: () => Promise<T>,
): Promise<T> {
  const db: Database = { knex, dialect, label };
  if (dialect === 'mysql') {
    const [rows] = (await knex.raw('select database() as name')) as [{ name: string }[]];
    return withMysqlLock(db, mysqlMigrationLock(String(rows[0]?.name)), waitSeconds, work);
  }
  if (dialect === 'postgres') return withPgSessionLock(db, PG_MIGRATION_LOCK, waitSeconds, work);
  return work();
}

/** MySQL's named locks are server-wide and at most 64 characters: one per database. */
export const mysqlMigrationLock = (database: string) =>
  `dessa-migrate:${createHash('sha1').update(database).digest('hex').slice(0, 40)}`;

/** Taken as pg_advisory_lock(hashtext(this)); advisory locks are per database already. */
export const PG_MIGRATION_LOCK = 'dessa:migrate';

async function withPgSessionLock<T>(
  db: Database,
  name: string,
  waitSeconds: number,
  work: () => Promise<T>,
): Promise<T> {
  return withDriver(db.knex, 'postgres', async (conn) => {
    // 0 ms would mean "no limit": DESSA_LOCK_WAIT=0 (do not wait) is the smallest limit.
    await conn.query(`set lock_timeout = '${Math.max(1, Math.round(waitSeconds * 1000))}ms'`);
    try {
      await conn.query({ text: 'select pg_advisory_lock(hashtext($1))', values: [name] });
    } catch (err) {
      throw isTimeout(err) ? lockedError(db.label, waitSeconds, err, 'dessa-roster') : err;
    } finally {
      await conn.query('reset lock_timeout').catch(() => {});
    }
    try {
      return await work();
    } finally {
      await conn.query({ text: 'select pg_advisory_unlock(hashtext($1))', values: [name] }).catch(() => {});
    }
  });
}
