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

/**
 * Who held what a writer waited for, as far as the database tells: dessa-roster's own lock (the
 * org's or the migration lock: PostgreSQL advisory lock, MySQL GET_LOCK, knex's migration row),
 * another session's lock on a row or table (a transaction left open outside dessa-roster), or
 * SQLite's write lock, which any connection to the file takes and which does not say whose it is.
 */
export type LockHolder = 'dessa-roster' | 'other-session' | 'sqlite-writer';

/** The holder a failure shows when the caller does not know better: PostgreSQL's lock_timeout needs telling. */
function holderOf(cause: unknown): LockHolder {
  if (isBusy(cause)) return 'sqlite-writer';
  return isRowLockTimeout(cause) ? 'other-session' : 'dessa-roster';
}

/** Who held the lock and for how long, then what to make of it and what to do. */
const WHO: Record<LockHolder, (wait: number) => string> = {
  'dessa-roster': (wait) =>
    `another dessa-roster apply or migration held its lock for the whole ${wait} s wait; nothing was written. ` +
    'Try again when it has finished',
  'other-session': (wait) =>
    `another database session held a lock on a row or table this needs for the whole ${wait} s wait; ` +
    "nothing was written. That is not dessa-roster's own lock: " +
    'most likely a transaction left open outside dessa-roster (an edit not yet committed, say). ' +
    'End that transaction (COMMIT or ROLLBACK; pg_stat_activity or SHOW PROCESSLIST lists the sessions), ' +
    'then try again',
  'sqlite-writer': (wait) =>
    `another connection held the file's write lock for the whole ${wait} s wait; nothing was written. ` +
    'SQLite does not say whose it is: another dessa-roster apply or migration, ' +
    'or a program with a write transaction open on the file (a sqlite3 shell, say). ' +
    'Try again when it has finished, or end that transaction (COMMIT or ROLLBACK)',
};

/** The one failure for "something held a lock a writer needs for the whole wait", worded after its holder. */
export function lockedError(
  label: string,
  waitSeconds: number,
  cause?: unknown,
  holder: LockHolder = holderOf(cause),
): DessaError {
  return new DessaError(
    'db-locked',
    `${label} is busy: ${WHO[holder](waitSeconds)} (DESSA_LOCK_WAIT sets the wait in seconds).`,
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
export async function withScopeLock<T>(
  db: Database,
  scope: Scope,
  waitSeconds: number,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  const name = lockName(scope.org);
  if (db.dialect === 'postgres') {
    let held = false;
    return committed(db, async (trx) => {
      // The wait holds for the whole transaction: a row another session keeps locked (a DBA's
      // open UPDATE) fails too, after the org lock. 0 ms would mean "no limit", so at least 1.
      await trx.raw(`set local lock_timeout = '${Math.max(1, Math.round(waitSeconds * 1000))}ms'`);
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [name]);
      held = true;
      return work(trx);
    }).catch((err) => {
      // Only a wait for the advisory lock is one for another dessa-roster of this org.
      throw isTimeout(err) ? lockedError(db.label, waitSeconds, err, held ? 'other-session' : 'dessa-roster') : err;
    });
  }
  if (db.dialect === 'mysql') {
    // A row lock held elsewhere (GET_LOCK is taken: not by dessa-roster for this org) waits
    // innodb_lock_wait_timeout (whole seconds, at least 1).
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
export async function withMysqlLock<T>(
  db: Database,
  name: string,
  waitSeconds: number,
  work: () => Promise<T>,
): Promise<T> {
  return withDriver(db.knex, 'mysql', async (conn) => {
    // GET_LOCK takes whole seconds; a fraction would round down to "do not wait".
    const got = await mysqlQuery<{ got: unknown }>(conn, 'SELECT GET_LOCK(?, ?) AS got', [
      name,
      Math.ceil(waitSeconds),
    ]);
    if (Number(got[0]?.got) !== 1) throw lockedError(db.label, waitSeconds, undefined, 'dessa-roster');
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
  (err as { errno?: number })?.errno === 1205 ||
  (err as { code?: string })?.code === 'ER_LOCK_WAIT_TIMEOUT' ||
  isTimeout(err);

/** SQLite gave up waiting for another connection's write lock. */
export const isBusy = (err: unknown) =>
  /SQLITE_BUSY|database is locked/i.test(`${(err as { code?: string })?.code ?? ''} ${(err as Error)?.message ?? ''}`);
