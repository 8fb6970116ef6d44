import { createHash } from 'node:crypto';
import type { Database } from './dialect.js';
import { withDriver } from './driver.js';
import { isBusy, withMysqlLock } from './lock.js';

/**
 * The lock a sync run holds for its whole run (listing the inbox, applying, moving the files),
 * distinct from the org's apply lock that its transaction takes inside it: two syncs of one org
 * (cron overlap, two machines on one server) then take turns, and the second finds the inbox as
 * the first left it. Held on a session of its own, so it ends when the process dies.
 */
export const syncLockName = (org: string) => `dessa-sync:${createHash('sha1').update(org).digest('hex').slice(0, 40)}`;

/** The lock was held by another run for the whole wait. */
export class SyncBusy extends Error {
  constructor(readonly waited: number) {
    super('sync lock busy');
  }
}

const POLL_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the org's sync lock, waiting up to `waitSeconds` for another run to end;
 * throws SyncBusy when it does not. PostgreSQL: a session advisory lock, tried until the wait ends
 * (a blocking wait would need a lock_timeout on the session). MySQL: GET_LOCK on a connection of
 * its own. SQLite: an exclusive transaction on a file beside the database (`PATH-sync-lock`), tried
 * until the wait ends: one sync at a time on that database (it has one writer anyway).
 */
export async function withSyncLock<T>(
  db: Database,
  org: string,
  waitSeconds: number,
  work: () => Promise<T>,
): Promise<T> {
  const name = syncLockName(org);
  if (db.dialect === 'postgres') {
    return withDriver(db.knex, 'postgres', async (conn) => {
      const until = Date.now() + waitSeconds * 1000;
      for (;;) {
        const r = await conn.query('select pg_try_advisory_lock(hashtext($1)) as got', [name]);
        if (r.rows[0]?.got === true) break;
        if (Date.now() >= until) throw new SyncBusy(waitSeconds);
        await sleep(Math.min(POLL_MS, Math.max(1, until - Date.now())));
      }
      try {
        return await work();
      } finally {
        await conn.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
      }
    });
  }
  if (db.dialect === 'mysql') {
    return withMysqlLock(db, name, waitSeconds, work).catch((err) => {
      throw (err as { code?: string })?.code === 'db-locked' ? new SyncBusy(waitSeconds) : err;
    });
  }
  return withSqliteLock(db, waitSeconds, work);
}

/** The file SQLite's sync lock is taken on: beside the database, named after it. */
export function sqliteSyncLockFile(db: Database): string {
  return `${(db.knex.client.config.connection as { filename: string }).filename}-sync-lock`;
}

/**
 * An exclusive transaction on an empty database file of its own: SQLite's file lock, which the
 * operating system drops when the process dies. Tried without waiting and retried here (a busy
 * timeout would block the event loop this process's other districts need).
 */
async function withSqliteLock<T>(db: Database, waitSeconds: number, work: () => Promise<T>): Promise<T> {
  const { default: Sqlite } = await import('better-sqlite3');
  const lock = new Sqlite(sqliteSyncLockFile(db), { timeout: 0 });
  try {
    const until = Date.now() + waitSeconds * 1000;
    for (;;) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() >= until) throw new SyncBusy(waitSeconds);
        await sleep(Math.min(POLL_MS, Math.max(1, until - Date.now())));
      }
    }
    try {
      return await work();
    } finally {
      if (lock.inTransaction) lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
