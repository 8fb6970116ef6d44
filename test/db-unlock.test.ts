import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tmp } from './helpers.js';

// SQLite only: the servers' lock table is shared by every test running at the same time.
describe('db unlock', () => {
  it('a migration lock a killed process left taken no longer stops the next run; db unlock still releases one', () => {
    const file = join(tmp(), 'locked.sqlite');
    const url = `sqlite:${file}`;
    expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
    // As a killed migration leaves it: knex's lock row taken and the last migration not recorded.
    const raw = new Database(file);
    raw.prepare('update dessa_migrations_lock set is_locked = 1').run();
    raw.prepare("delete from dessa_migrations where name = '0004_org_staff'").run();
    raw.close();

    const next = cli(['apply', join(__dirname, '..', 'samples', 'roster.csv'), '--org', 'x', '--db', url], {
      env: { DESSA_LOCK_WAIT: '5' },
    });
    expect([next.code, next.stderr]).toEqual([0, '']);
    const after = new Database(file);
    expect(after.prepare('select is_locked from dessa_migrations_lock').all()).toEqual([{ is_locked: 0 }]);
    expect(after.prepare("select count(*) as n from dessa_migrations where name = '0004_org_staff'").get()).toEqual({
      n: 1,
    });
    after.prepare('update dessa_migrations_lock set is_locked = 1').run();
    after.close();

    const unlocked = cli(['db', 'unlock', '--db', url]);
    expect([unlocked.code, unlocked.stdout]).toEqual([0, expect.stringContaining('Released the migration lock')]);
    expect(cli(['db', 'unlock', '--db', url]).stdout).toContain('was not taken');
  });

  it('two lock rows, as two racing first runs leave them, are mended and the migration goes on', () => {
    const file = join(tmp(), 'two-rows.sqlite');
    const raw = new Database(file);
    raw.exec(
      'create table dessa_migrations (id integer primary key autoincrement, ' +
        'name varchar(255), batch integer, migration_time datetime)',
    );
    raw.exec('create table dessa_migrations_lock (`index` integer primary key autoincrement, is_locked integer)');
    raw.exec('insert into dessa_migrations_lock (is_locked) values (0), (0)');
    raw.close();
    const migrated = cli(['db', 'migrate', '--db', `sqlite:${file}`]);
    expect([migrated.code, migrated.stderr]).toEqual([0, '']);
    expect(migrated.stdout).toContain('0001_init');
    const after = new Database(file, { readonly: true });
    expect(after.prepare('select * from dessa_migrations_lock').all()).toEqual([{ index: 1, is_locked: 0 }]);
    after.close();
  });
});
