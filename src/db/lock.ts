import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DessaError } from '../errors.js';
import type { Database } from './connect.js';
import type { Scope } from './tables.js';

/** One lock per org: its programs share the org's staff, so their applies take turns too. */
export const lockName = (org: string) => `dessa:${createHash('sha1').update(org).digest('hex').slice(0, 40)}`;

/**
 * Runs `work` in one transaction holding the org's lock, so two applies for one org never
 * interleave: the second waits for the first (up to `waitSeconds`).
 * PostgreSQL: a transaction-level advisory lock. MySQL: GET_LOCK on a connection of its own,
 * released only after the commit. SQLite: the database write lock, taken by the first write.
 */
export async function withScopeLock<T>(db: Database, scope: Scope, waitSeconds: number, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const name = lockName(scope.org);
  if (db.dialect === 'postgres') {
    return db.knex.transaction(async (trx) => {
      await trx.raw(`set local lock_timeout = '${Math.round(waitSeconds * 1000)}ms'`);
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [name]).catch((err) => {
        throw new DessaError('db-locked', `another apply for org "${scope.org}" is running; waited ${waitSeconds}s`, { ...scope }, { cause: err });
      });
      await trx.raw(`set local lock_timeout = 0`);
      return work(trx);
    });
  }
  if (db.dialect === 'mysql') {
    const client = db.knex.client as { acquireConnection(): Promise<MysqlConn>; releaseConnection(c: MysqlConn): Promise<void> };
    const conn = await client.acquireConnection();
    try {
      const got = await query(conn, 'SELECT GET_LOCK(?, ?) AS got', [name, waitSeconds]);
      if (Number(got[0]?.got) !== 1) throw new DessaError('db-locked', `another apply for org "${scope.org}" is running; waited ${waitSeconds}s`, { ...scope });
      try {
        return await db.knex.transaction(work);
      } finally {
        await query(conn, 'SELECT RELEASE_LOCK(?)', [name]).catch(() => {});
      }
    } finally {
      await client.releaseConnection(conn);
    }
  }
  return db.knex.transaction(work);
}

interface MysqlConn {
  query(sql: string, values: unknown[], cb: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
}

function query(conn: MysqlConn, sql: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => conn.query(sql, values, (err, rows) => (err ? reject(err) : resolve(rows))));
}
