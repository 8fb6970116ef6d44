import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { ORG_TABLES } from '../src/db/tables.js';
import { DATABASES } from './db-helpers.js';
import { ROOT } from './helpers.js';
import {
  inspectSchema,
  KNEX_TABLES,
  readSnapshot,
  scratchDatabase,
  SNAPSHOT_DIALECTS,
  type SchemaShape,
} from './schema-helpers.js';

/**
 * The schema the migrations make on an empty database, compared with the one stored in
 * test/fixtures/schema/<dialect>.json. Databases made by an older release hold what the
 * migrations made then, so a migration never changes: a new column or index is a new
 * migration, and its snapshot change is reviewed with it. After adding one, regenerate the
 * files (with DESSA_TEST_PG_URL and DESSA_TEST_MYSQL_URL set, so all three are written):
 *   npx vitest run test/schema-snapshot.test.ts -u
 * The "mysql" snapshot is MariaDB's (CI's server): MySQL 8 prints integer types without a width.
 * The stored files are also checked here without a server: the rules every table keeps, and
 * (test/value-length.test.ts) that the columns are as wide as the limits `validate` checks.
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

describe.each(SNAPSHOT_DIALECTS)('the stored %s schema', (dialect) => {
  const schema = readSnapshot(dialect);

  it("has the tables purge deletes an org from (ORG_TABLES), and knex's two", () => {
    expect(Object.keys(schema).sort()).toEqual([...ORG_TABLES, ...KNEX_TABLES].sort());
  });

  it('keeps the org first: right after the row id, and first in every index', () => {
    for (const [name, table] of Object.entries(schema)) {
      if (KNEX_TABLES.includes(name)) continue;
      expect([name, Object.keys(table.columns).slice(0, 2), table.primaryKey]).toEqual([name, ['id', 'org'], ['id']]);
      expect(Object.keys(table.indexes).length).toBeGreaterThan(0);
      for (const [index, columns] of Object.entries(table.indexes)) {
        expect([name, index, columns]).toEqual([name, index, expect.stringMatching(/^(unique )?\(org[,)]/)]);
      }
    }
  });
});

describe('the migrations', () => {
  it('keep the names existing databases recorded, and are one file each, in order', () => {
    const names = Object.keys(MIGRATIONS);
    expect(names.slice(0, 4)).toEqual(['0001_init', '0002_fingerprints', '0003_wider_sasid', '0004_org_staff']);
    const files = readdirSync(join(ROOT, 'src', 'db', 'migrations')).filter((f) => /^\d{4}_\w+\.ts$/.test(f));
    expect(names).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
  });
});
