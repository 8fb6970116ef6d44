import type { Knex } from 'knex';

/** The databases dessa-roster works with. MariaDB is 'mysql': the same driver and SQL. */
export type Dialect = 'sqlite' | 'postgres' | 'mysql';

/** An open database: its knex instance, its dialect and a printable name. */
export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** The URL with any password replaced by ***, safe to print. */
  label: string;
}

/** What queries run on: the knex instance, or a transaction of it. */
export type Db = Knex | Knex.Transaction;

/**
 * The dialect of a knex instance or transaction, from the driver it was made with (connect.ts
 * names it: better-sqlite3, pg or mysql2). Code that has a `Database` uses its `dialect`; code
 * that knex hands only a connection (a migration's `up`) asks here and passes the answer on.
 */
export function dialectOf(db: Db): Dialect {
  const client = String(db.client.config.client);
  if (/sqlite/.test(client)) return 'sqlite';
  if (/^(pg|postgres)/.test(client)) return 'postgres';
  if (/mysql|mariadb/.test(client)) return 'mysql';
  throw new Error(`knex client ${client} is none of the databases dessa-roster supports`);
}
