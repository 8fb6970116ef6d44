import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, FIXTURES, tmp } from './helpers.js';

/**
 * diff and apply of a OneRoster export behave as for the CSV `convert` makes of it: applying the
 * export, then diffing the converted CSV, shows no change; --if-changed and --plan work for a folder.
 */

function exportCopy(): string {
  const dir = join(tmp(), 'export');
  cpSync(join(FIXTURES, 'oneroster', 'v1.1'), dir, { recursive: true });
  return dir;
}

function json(args: string[], code = 0): any {
  const r = cli([...args, '--format', 'json']);
  expect(r.code, r.stderr + r.stdout).toBe(code);
  return JSON.parse(r.stdout);
}

describe.each(DATABASES)('a OneRoster export applied on %s', (_name, makeUrl) => {
  it('applies as its converted CSV: diffing that CSV after shows no change', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const db = ['--org', org, '--db', url];
    const dir = exportCopy();
    const opts = ['--sasid-type', 'SASID'];
    const applied = json(['apply', dir, ...db, ...opts]);
    expect(applied.status).toBe('succeeded');
    expect(await activeCounts(url, org)).toMatchObject({ sites: 2, students: 4, classes: 3, enrollments: 5 });
    const csv = join(tmp(), 'roster.csv');
    expect(cli(['convert', dir, '--output', csv, ...opts]).code).toBe(0);
    const diff = json(['diff', csv, ...db]);
    const changes = Object.values(diff.summary as Record<string, Record<string, number>>).flatMap((c) =>
      Object.entries(c).filter(([k, n]) => !['unchanged', 'active'].includes(k) && n > 0),
    );
    expect(changes, JSON.stringify(diff.summary)).toEqual([]);
    // And the other way: the CSV applied, the export diffs as no change.
    expect(json(['diff', dir, ...db, ...opts]).summary.students.unchanged).toBe(4);
  });

  it('apply --if-changed skips the unchanged folder and applies it again once a file or --sasid-type changes', () => {
    const url = makeUrl();
    const org = freshOrg();
    const db = ['--org', org, '--db', url, '--if-changed'];
    const dir = exportCopy();
    expect(json(['apply', dir, ...db]).status).toBe('succeeded');
    expect(json(['apply', dir, ...db]).status).toBe('skipped');
    // Another reading of the same files: the SASIDs are read now.
    expect(json(['apply', dir, ...db, '--sasid-type', 'SASID']).status).toBe('succeeded');
    expect(json(['apply', dir, ...db, '--sasid-type', 'SASID']).status).toBe('skipped');
    const users = join(dir, 'users.csv');
    writeFileSync(users, readFileSync(users, 'utf8').replace('Emeka', 'Emeka J'));
    expect(json(['apply', dir, ...db, '--sasid-type', 'SASID']).status).toBe('succeeded');
  });

  it('apply --plan of a folder export: applied while unchanged, stale once a file changed', () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = exportCopy();
    const plan = join(tmp(), 'plan.json');
    expect(cli(['diff', dir, '--org', org, '--db', url, '--output', plan, '--sasid-type', 'SASID']).code).toBe(0);
    expect(JSON.parse(readFileSync(plan, 'utf8')).read).toEqual({ sasidType: 'SASID' });
    const again = join(tmp(), 'plan2.json');
    cpSync(plan, again);
    expect(json(['apply', '--plan', plan, '--db', url]).status).toBe('succeeded');
    const users = join(dir, 'users.csv');
    writeFileSync(users, readFileSync(users, 'utf8').replace('Emeka', 'Emeka J'));
    const r = cli(['apply', '--plan', again, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plan-stale/);
  });

  it('refuses an export with errors as it refuses an invalid file (exit 1, nothing written)', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const r = cli(['apply', join(FIXTURES, 'oneroster', 'problems'), '--org', org, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[invalid\]/);
    expect((await activeCounts(url, org)).students).toBe(0);
  });
});

describe('the database tests', () => {
  it.skipIf(DATABASES.length > 1)('run on SQLite without server variables (PostgreSQL, MariaDB when set)', () => {
    expect(DATABASES[0][0]).toBe('sqlite');
  });
});
