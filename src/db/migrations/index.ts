import type { Knex } from 'knex';
import { init } from './0001_init.js';
import { fingerprints } from './0002_fingerprints.js';
import { widerSasid } from './0003_wider_sasid.js';
import { orgStaff } from './0004_org_staff.js';
import { runReadDigest } from './0005_run_read_digest.js';

/**
 * The migrations, in order, by the names every database records in dessa_migrations (a
 * renamed one would run again on it). The rules:
 *
 * - A migration is frozen once released: every database made since holds what it made. A new
 *   column, index or table is a new file, NNNN_what.ts, added at the end of this list.
 * - Each writes out the columns it makes, with their widths: never read from the field table
 *   or the limits, which describe the current schema, not the one an old migration made.
 * - Each step is safe to run again after a partial run: MySQL commits every DDL statement,
 *   so a killed migration leaves some of its steps done (test/migrate-crash.test.ts).
 * - The org comes first in every table's keys and every index (see 0001).
 * - test/schema-snapshot.test.ts holds the result to test/fixtures/schema/*.json; a new
 *   migration regenerates them, and the limits in src/fields/limits.ts must agree with them.
 *
 * A new spec field stored on a record is a new migration adding its column (not null,
 * default '', as wide as its limit). Prints are computed from the stored columns when they
 * are read (src/db/state.ts), so they take the new column in at once; the fingerprint column
 * is what dessa-roster last wrote, never read back, and is rewritten as records change.
 */
export const MIGRATIONS: Readonly<Record<string, Knex.Migration>> = {
  '0001_init': init,
  '0002_fingerprints': fingerprints,
  '0003_wider_sasid': widerSasid,
  '0004_org_staff': orgStaff,
  '0005_run_read_digest': runReadDigest,
};
