import type { Knex } from 'knex';

const TABLES = ['dessa_sites', 'dessa_staff', 'dessa_students', 'dessa_classes'];

/**
 * 0002: a fingerprint of each record's fields, so a re-apply compares one value a record and
 * reads full rows back only for the few that differ.
 */
export const fingerprints: Knex.Migration = {
  async up(knex) {
    for (const t of TABLES) {
      // One ALTER a table: after a partial run on MySQL some tables have the column already.
      if (await knex.schema.hasColumn(t, 'fingerprint')) continue;
      await knex.schema.alterTable(t, (table) => {
        table.string('fingerprint', 16).notNullable().defaultTo('');
      });
    }
  },
  async down(knex) {
    for (const t of TABLES) {
      await knex.schema.alterTable(t, (table) => {
        table.dropColumn('fingerprint');
      });
    }
  },
};
