import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DessaError } from '../base/errors.js';
import { markWriting } from '../base/signals.js';
import type { Database } from './dialect.js';
import { mysqlQuery, withDriver } from './driver.js';
import type { Scope } from './tables.js';

/** One lock per org: its programs share the org's staff, so their applies take turns too. */
export const lockName = (org: string) => `dessa:${createHash('sha1').update(org).digest('hex').slice(0, 40)}`;

export const DEFAULT_LOCK_WAIT = 60;

/**
 * How long a writer waits for another (apply, migration) before giving up, in seconds:
 * DESSA_LOCK_WAIT, else 60. One limit for every lock on every database.
 */
export function lockWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DESSA_LOCK_WAIT;
  if (raw === undefined || raw === '') return DEFAULT_LOCK_WAIT;
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || Number(raw) > 86_400) {
    const why = `DESSA_LOCK_WAIT must be a number of seconds from 0 to 86400, not ${JSON.stringify(raw)}`;
    throw new DessaError('usage', why);
  }
  return Number(raw);
}

/** The one failure for "another writer held the lock for the whole wait", whatever the database. */
export function lockedError(label: string, waitSeconds: number, cause?: unknown): DessaError {
  return new DessaError(
    'db-locked',
    `${label} is busy: another dessa-roster apply or migration held its lock for the whole ${waitSeconds} s wait; ` +
      'nothing was written. ' +
      'Try again when it has finished (DESSA_LOCK_WAIT sets the wait in seconds).',
    { waited: waitSeconds },
    { cause },
  );
}

/**
 * Runs `work` in one transaction holding the org's lock, so two applies for one org never
 * interleave: the second waits for the first (up to `waitSeconds`).
 * PostgreSQL: a transaction-level advisory lock. MySQL: GET_LOCK on a connection of its own,
 * released only after the commit. SQLite: the database write lock, taken by the first write
 * (the connection's busy_timeout is the wait).
 */
export async function withScopeLock<T>(db: Database, scope: Scope, waitSeconds: number, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const name = lockName(scope.org);
  if (db.dialect === 'postgres') {
    return committed(db, async (trx) => {
      // The wait holds for the whole transaction: a row another session keeps locked (a DBA's
      // open UPDATE) fails the same way as the org lock. 0 ms would mean "no limit", so at least 1.
      await trx.raw(`set local lock_timeout = '${Math.max(1, Math.round(waitSeconds * 1000))}ms'`);
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [name]);
      return work(trx);
    }).catch((err) => {
      throw isTimeout(err) ? lockedError(db.label, waitSeconds, err) : err;
    });
  }
  if (db.dialect === 'mysql') {
    // A row lock held elsewhere waits innodb_lock_wait_timeout (whole seconds, at least 1).
    const rowWait = Math.max(1, Math.ceil(waitSeconds));
    return withMysqlLock(db, name, waitSeconds, () =>
      committed(db, async (trx) => {
        await trx.raw(`SET SESSION innodb_lock_wait_timeout = ${rowWait}`);
        return work(trx);
      }),
    ).catch((err) => {
      throw isRowLockTimeout(err) ? lockedError(db.label, waitSeconds, err) : err;
    });
  }
  return committed(db, work).catch((err) => {
    throw isBusy(err) ? lockedError(db.label, waitSeconds, err) : err;
  });
}

/**
 * A transaction committed here rather than by knex, so that an interrupt can say truly whether
 * anything was written: until COMMIT is sent, the database rolls the transaction back when
 * the process dies (the connection closes, or SQLite's uncommitted WAL frames are ignored).
 */
async function committed<T>(db: Database, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const trx = await db.knex.transaction();
  let result: T;
  try {
    result = await work(trx);
  } catch (err) {
    await trx.rollback().catch(() => {});
    throw err;
  }
  // better-sqlite3 writes synchronously: a Ctrl-C during the writes waits for the event loop.
  // A full turn of it here (its poll phase, where signals are read) lets a pending interrupt
  // end the process before the COMMIT is sent; one setImmediate may not cross a poll phase.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  markWriting('committing');
  try {
    await trx.commit();
  } finally {
    markWriting('committed');
  }
  return result;
}

/** Holds a MySQL named lock (GET_LOCK) on a connection of its own while `work` runs. */
export async function withMysqlLock<T>(db: Database, name: string, waitSeconds: number, work: () => Promise<T>): Promise<T> {
  return withDriver(db.knex, 'mysql', async (conn) => {
    // GET_LOCK takes whole seconds; a fraction would round down to "do not wait".
    const got = await mysqlQuery<{ got: unknown }>(conn, 'SELECT GET_LOCK(?, ?) AS got', [name, Math.ceil(waitSeconds)]);
    if (Number(got[0]?.got) !== 1) throw lockedError(db.label, waitSeconds);
    try {
      return await work();
    } finally {
      await mysqlQuery(conn, 'SELECT RELEASE_LOCK(?)', [name]).catch(() => {});
    }
  });
}

/** PostgreSQL's lock_timeout expired (55P03 lock_not_available). */
export const isTimeout = (err: unknown) => (err as { code?: string })?.code === '55P03';

/** MySQL/MariaDB gave up waiting for a row lock (errno 1205, ER_LOCK_WAIT_TIMEOUT), or PostgreSQL's lock_timeout. */
export const isRowLockTimeout = (err: unknown) =>
  (err as { errno?: number })?.errno === 1205 || (err as { code?: string })?.code === 'ER_LOCK_WAIT_TIMEOUT' || isTimeout(err);

/** SQLite gave up waiting for another connection's write lock. */
export const isBusy = (err: unknown) =>
  /SQLITE_BUSY|database is locked/i.test(`${(err as { code?: string })?.code ?? ''} ${(err as Error)?.message ?? ''}`);
