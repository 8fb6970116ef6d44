import type { Knex } from 'knex';
import { TABLE } from './tables.js';

/** Every table that holds an org's rows, links and history before the records they point to. */
const TABLES = ['dessa_changes', 'dessa_runs', TABLE.class_staff, TABLE.enrollments, 'dessa_staff_programs', TABLE.classes, TABLE.students, TABLE.staff, TABLE.sites];

/**
 * Deletes every row of the orgs given, for the benchmark and the tests, which make orgs of
 * their own on shared servers. Not a command: the tool itself never deletes (removal is soft).
 */
export async function purgeOrgs(knex: Knex, orgs: readonly string[]): Promise<void> {
  if (orgs.length === 0) return;
  for (const table of TABLES) {
    if (await knex.schema.hasTable(table)) await knex(table).whereIn('org', orgs).del();
  }
}
