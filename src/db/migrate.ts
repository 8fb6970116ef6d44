import type { Knex } from 'knex';
import { markWriting } from '../base/signals.js';
import { dialectOf } from './dialect.js';
import { isBusy, lockedError, lockWaitSeconds } from './lock.js';
import { withMigrationLock } from './migration-lock.js';
import { MIGRATIONS } from './migrations/index.js';

/** Hands knex the migrations from code instead of a folder. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

export const MIGRATION_CONFIG: Knex.MigratorConfig = { migrationSource, tableName: 'dessa_migrations' };
const LOCK_TABLE = `${MIGRATION_CONFIG.tableName}_lock`;

/**
 * The migrations this database has not had, by reading only (knex's own listing creates its
 * bookkeeping tables, a write): what readers use to refuse a missing or older schema.
 */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const all = Object.keys(MIGRATIONS);
  if (!(await knex.schema.hasTable(MIGRATION_CONFIG.tableName!))) return all;
  const done = new Set((await knex(MIGRATION_CONFIG.tableName!).select('name')).map((r) => String(r.name)));
  return all.filter((name) => !done.has(name));
}

/**
 * Brings the schema up to date under the migration lock (see migration-lock.ts), waiting up to
 * `waitSeconds` for another migrator. An up-to-date schema is left alone without taking any
 * lock, so an apply does not queue behind another writer only to find nothing to do.
 */
export async function migrate(knex: Knex, label = 'the database', waitSeconds = lockWaitSeconds()): Promise<string[]> {
  if ((await pendingMigrations(knex)).length === 0) return [];
  const dialect = dialectOf(knex);
  const deadline = Date.now() + waitSeconds * 1000;
  return withMigrationLock(knex, label, dialect, waitSeconds, async () => {
    // MySQL's DDL is not rolled back by a dying process: an interrupt says so.
    if (dialect === 'mysql') markWriting('migrating');
    try {
      await releaseStaleKnexLock(knex);
      for (;;) {
        try {
          const [, applied] = (await knex.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
          return applied;
        } catch (err) {
          // SQLite has no server lock: two first runs on a new file race to create knex's
          // bookkeeping tables, or one finds the other's write lock; both are safe to retry.
          const e = err as Error;
          const locked = e.name === 'MigrationLocked' || isBusy(err);
          if (!locked && !/already exists|duplicate|deadlock/i.test(e.message)) throw err;
          if (Date.now() >= deadline) throw locked ? lockedError(label, waitSeconds, err) : err;
          await releaseStaleKnexLock(knex).catch(() => {});
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      }
    } finally {
      if (dialect === 'mysql') markWriting('idle');
    }
  });
}

/**
 * Called holding the migration lock: knex's lock row can only be at 1 if its owner died, so
 * it goes back to 0. On SQLite the update itself waits for a live migration's write lock,
 * after which the row is 0 again (knex clears it in the same transaction).
 */
async function releaseStaleKnexLock(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable(LOCK_TABLE))) return;
  await dropExtraLockRows(knex);
  await knex(LOCK_TABLE).where({ is_locked: 1 }).update({ is_locked: 0 });
}

/**
 * Releases knex's migration lock left taken by a process killed while migrating. Runs do
 * this themselves now (see migration-lock.ts); the command stays for older databases'
 * users and scripts. Returns whether it was taken.
 */
export async function unlockMigrations(knex: Knex): Promise<boolean> {
  if (!(await knex.schema.hasTable(LOCK_TABLE))) return false;
  await dropExtraLockRows(knex);
  const row = await knex(LOCK_TABLE).first('is_locked');
  if (!row || Number(row.is_locked) !== 1) return false;
  await knex.migrate.forceFreeMigrationsLock(MIGRATION_CONFIG);
  return true;
}

/**
 * Two first runs can each insert knex's lock row (it checks for the row, then inserts it);
 * with two rows knex's "update … where is_locked = 0" changes two and it reads that as
 * "locked" forever. The row with the lowest index is knex's; the others go.
 */
async function dropExtraLockRows(knex: Knex): Promise<void> {
  const first = await knex(LOCK_TABLE).min({ at: 'index' }).first();
  if (first?.at === null || first?.at === undefined) return;
  await knex(LOCK_TABLE).where('index', '>', first.at).del();
}
