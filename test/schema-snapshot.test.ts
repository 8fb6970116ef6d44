import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrations.js';
import { DATABASES } from './db-helpers.js';
import { inspectSchema, scratchDatabase, type SchemaShape } from './schema-helpers.js';

/**
 * The schema the migrations make on an empty database, compared with the one stored in
 * test/fixtures/schema/<dialect>.json. Databases made by an older release hold what the
 * migrations made then, so a migration never changes: a new column or index is a new
 * migration, and its snapshot change is reviewed with it. After adding one, regenerate the
 * files (with DESSA_TEST_PG_URL and DESSA_TEST_MYSQL_URL set, so all three are written):
 *   npx vitest run test/schema-snapshot.test.ts -u
 */

async function migratedSchema(kind: string, serverUrl: string): Promise<SchemaShape> {
  const { url, drop } = await scratchDatabase(kind, serverUrl, 'dessa_schema');
  try {
    const db = await openDatabase(url);
    try {
      await migrate(db.knex);
      return await inspectSchema(db.knex, db.dialect);
    } finally {
      await db.knex.destroy();
    }
  } finally {
    await drop();
  }
}

describe.each(DATABASES)('the migrated schema on %s', (kind, makeUrl) => {
  it(`is the one in test/fixtures/schema/${kind}.json`, async () => {
    const schema = await migratedSchema(kind, makeUrl());
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot(`fixtures/schema/${kind}.json`);
  });
});
