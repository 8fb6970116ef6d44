import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { Connection as MysqlConnection } from 'mysql2';
import type { ClientBase as PgConnection } from 'pg';
import { dialectOf, type Db, type Dialect } from './dialect.js';

/**
 * Raw driver access, for what knex's query builder does not offer: PostgreSQL COPY, rows as
 * arrays rather than objects, SQLite statements prepared once, a session lock held on one
 * connection. knex keeps its drivers' connections behind its client; this is the one place
 * that reaches them.
 */

export type { MysqlConnection, PgConnection };
export type SqliteConnection = BetterSqlite3.Database;

/** The driver connection knex holds for each dialect: better-sqlite3, pg, mysql2 (callback API). */
export interface Connections {
  sqlite: SqliteConnection;
  postgres: PgConnection;
  mysql: MysqlConnection;
}

/** knex's client: for a transaction it hands out the transaction's own connection, and releasing that does nothing. */
interface KnexPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<void>;
}

/**
 * Runs `work` on the driver connection under `db`: a transaction's own (what knex runs the
 * transaction's queries on), else one taken from knex's pool and given back afterwards. The
 * dialect is checked against the driver knex was made with, so the connection's type is true.
 */
export async function withDriver<D extends Dialect, T>(
  db: Db,
  dialect: D,
  work: (conn: Connections[D]) => Promise<T> | T,
): Promise<T> {
  const actual = dialectOf(db);
  if (actual !== dialect) throw new Error(`a ${dialect} driver connection was asked of a ${actual} database`);
  const pool = db.client as unknown as KnexPool;
  const conn = (await pool.acquireConnection()) as Connections[D];
  try {
    return await work(conn);
  } finally {
    await pool.releaseConnection(conn);
  }
}

/** A mysql2 query on a connection of the callback API, as a promise of its rows. */
export function mysqlQuery<R>(conn: MysqlConnection, sql: string, values: unknown[], asArrays = false): Promise<R[]> {
  return new Promise((resolve, reject) => {
    conn.query({ sql, values, rowsAsArray: asArrays }, (err: Error | null, rows: unknown) => {
      if (err) reject(err);
      else resolve(rows as R[]);
    });
  });
}

/**
 * A query's rows as arrays of values in select order, straight from the driver: a million row
 * objects cost seconds of garbage collection. `query` is knex's native form of the SQL (its
 * placeholders are the dialect's own).
 */
export async function rowsAsArrays(db: Db, query: Knex.SqlNative): Promise<unknown[][]> {
  const values = query.bindings as unknown[];
  switch (dialectOf(db)) {
    case 'sqlite':
      return withDriver(
        db,
        'sqlite',
        (conn) =>
          conn
            .prepare(query.sql)
            .raw(true)
            .all(...values) as unknown[][],
      );
    case 'postgres':
      return withDriver(db, 'postgres', async (conn) => {
        return (await conn.query({ text: query.sql, values, rowMode: 'array' })).rows;
      });
    case 'mysql':
      return withDriver(db, 'mysql', (conn) => mysqlQuery<unknown[]>(conn, query.sql, values, true));
  }
}
