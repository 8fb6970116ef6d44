import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

describe('read-only commands never create a database, a file or a directory', () => {
  it('diff and history on a missing SQLite file: db-not-found, nothing created', () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'sub', 'roster.sqlite')}`;
    for (const args of [['diff', SAMPLE], ['history'], ['history', '1']]) {
      const r = cli([...args, '--org', 'demo', '--db', url]);
      expect([args[0], r.code, r.stdout]).toEqual([args[0], 2, '']);
      expect(r.stderr).toBe(
        `dessa-roster: [db-not-found] ${url} does not exist: ` +
          `run \`dessa-roster apply\` or \`dessa-roster db migrate\` first to create it, ` +
          `or check --db\n`,
      );
    }
    expect(readdirSync(dir)).toEqual([]);
    // The writers still create it.
    expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
    expect(existsSync(join(dir, 'sub', 'roster.sqlite'))).toBe(true);
  });

  it('history of a run never migrates: an older schema is read as it is', () => {
    const file = join(tmp(), 'old.sqlite');
    expect(cli(['apply', SAMPLE, '--org', 'demo', '--db', `sqlite:${file}`]).code).toBe(0);
    // As if made by an older dessa-roster: the last migration not recorded.
    const raw = new Database(file);
    raw.prepare("delete from dessa_migrations where name = '0004_org_staff'").run();
    raw.close();
    const one = cli(['history', '1', '--org', 'demo', '--db', `sqlite:${file}`]);
    expect([one.code, one.stderr]).toEqual([0, '']);
    const after = new Database(file, { readonly: true });
    expect(after.prepare("select count(*) as n from dessa_migrations where name = '0004_org_staff'").get()).toEqual({
      n: 0,
    });
    after.close();
    const diff = cli(['diff', SAMPLE, '--org', 'demo', '--db', `sqlite:${file}`]);
    expect([diff.code, diff.stderr]).toEqual([2, expect.stringContaining('[db-outdated]')]);
  });
});
