import type { Knex } from 'knex';
import { DessaError } from '../errors.js';
import { fingerprints, init, widerSasid } from './schema.js';
import { orgStaff } from './schema-staff.js';

const MIGRATIONS: Record<string, Knex.Migration> = { '0001_init': init, '0002_fingerprints': fingerprints, '0003_wider_sasid': widerSasid, '0004_org_staff': orgStaff };

/** Hands knex the migrations from code instead of a folder. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};

export const MIGRATION_CONFIG: Knex.MigratorConfig = { migrationSource, tableName: 'dessa_migrations' };

/** Brings the schema up to date under knex's migration lock; waits while another process holds it. */
export async function migrate(knex: Knex): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const [, applied] = (await knex.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
      return applied;
    } catch (err) {
      // Two first runs on an empty database race: knex refuses at once when its lock is taken,
      // and both may try to create its bookkeeping tables. Both are safe to try again.
      const e = err as Error;
      const locked = e.name === 'MigrationLocked';
      if (!locked && !/already exists|duplicate|locked|busy|deadlock/i.test(e.message)) throw err;
      if (locked) await dropExtraLockRows(knex).catch(() => {});
      if (attempt >= 100) {
        if (!locked) throw err;
        throw new DessaError('db-locked', 'the schema migration lock stayed taken for 10 s: another dessa-roster is migrating this database, or one was killed while migrating. If none is running, release it with `dessa-roster db unlock`.', {}, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

/**
 * Releases knex's migration lock left taken by a process killed while migrating (migrations
 * run in a transaction, so the schema itself is whole). Returns whether it was taken.
 */
export async function unlockMigrations(knex: Knex): Promise<boolean> {
  const table = `${MIGRATION_CONFIG.tableName}_lock`;
  if (!(await knex.schema.hasTable(table))) return false;
  await dropExtraLockRows(knex);
  const row = await knex(table).first('is_locked');
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
  const table = `${MIGRATION_CONFIG.tableName}_lock`;
  const first = await knex(table).min({ at: 'index' }).first();
  if (first?.at === null || first?.at === undefined) return;
  await knex(table).where('index', '>', first.at).del();
}
