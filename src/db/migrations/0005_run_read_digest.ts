import type { Knex } from 'knex';

/**
 * 0005: a run records the identity of the reading options it read its file with (--map's
 * sha256, --encoding, --delimiter): the same bytes read another way say other things, so
 * --if-changed skips only when both the file and this digest are the last run's. Nullable:
 * runs recorded before it have no digest, and are never skipped against. Safe to repeat.
 */
export const runReadDigest: Knex.Migration = {
  async up(knex) {
    if (await knex.schema.hasColumn('dessa_runs', 'read_digest')) return;
    await knex.schema.alterTable('dessa_runs', (t) => {
      t.string('read_digest', 64).nullable();
    });
  },
  async down() {},
};
