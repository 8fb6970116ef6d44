import type { Knex } from 'knex';
import { dialectOf } from '../dialect.js';

/**
 * 0003: a SASID can be longer than a code: sasid widened from 32 to 100. SQLite enforces no
 * width, and its declared type stays varchar(32). Safe to repeat.
 */
export const widerSasid: Knex.Migration = {
  async up(knex) {
    if (dialectOf(knex) === 'sqlite') return;
    await knex.schema.alterTable('dessa_students', (t) => {
      t.string('sasid', 100).notNullable().defaultTo('').alter();
    });
  },
  async down() {},
};
