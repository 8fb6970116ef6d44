import type { Knex } from 'knex';
import { ORG_TABLES } from './tables.js';

/**
 * Deletes every row of the orgs given, for the benchmark and the tests, which make orgs of
 * their own on shared servers. Not a command: the tool itself never deletes (removal is soft).
 */
export async function purgeOrgs(knex: Knex, orgs: readonly string[]): Promise<void> {
  if (orgs.length === 0) return;
  for (const table of ORG_TABLES) {
    if (await knex.schema.hasTable(table)) await knex(table).whereIn('org', orgs).del();
  }
}
