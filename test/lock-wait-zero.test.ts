import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { PG_MIGRATION_LOCK } from '../src/db/migration-lock.js';
import { DATABASES, freshOrg, holdWriter, query } from './db-helpers.js';
import { CLI, cli, csv, row, ROOT, writeTmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

/** The CLI, killed after 30 s: an apply that waits without limit fails the test rather than hanging it. */
function cliWithin(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stderr: r.stderr };
}

describe.each(DATABASES)('DESSA_LOCK_WAIT=0 on %s', (_kind, makeUrl) => {
  it('means "do not wait": a held lock refuses the apply at once with db-locked', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url]).code).toBe(0);
    const release = await holdWriter(url, org);
    let refused;
    try {
      const edited = writeTmp('edited.csv', csv(row({ 'Student ID': '42' })));
      refused = cliWithin(['apply', edited, '--org', org, '--db', url, '--force'], { DESSA_LOCK_WAIT: '0' });
    } finally {
      await release();
    }
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^dessa-roster: \[db-locked\] .* whole 0 s wait; nothing was written/);
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url]).stdout).toContain('No changes');
  });
});

describe.each(DATABASES.filter(([kind]) => kind === 'postgres'))(
  'DESSA_LOCK_WAIT=0 and a migration on %s',
  (_k, makeUrl) => {
    it('db migrate of a new database does not wait for another migrator', async () => {
      // A database of its own: one already migrated does not take the migration lock.
      const server = makeUrl();
      const name = `dessa_scratch_${process.pid}_${Date.now().toString(36)}`;
      await query(server, (k) => k.raw(`create database ${name}`));
      const u = new URL(server);
      u.pathname = `/${name}`;
      const url = u.toString();
      const db = await openDatabase(url);
      const trx = await db.knex.transaction();
      let refused;
      try {
        await trx.raw('select pg_advisory_lock(hashtext(?))', [PG_MIGRATION_LOCK]);
        refused = cliWithin(['db', 'migrate', '--db', url], { DESSA_LOCK_WAIT: '0' });
      } finally {
        await trx.rollback();
        await db.knex.destroy();
        await query(server, (k) => k.raw(`drop database ${name}`));
      }
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^dessa-roster: \[db-locked\] .* whole 0 s wait; nothing was written/);
    });
  },
);
