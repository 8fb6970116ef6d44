import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp } from './helpers.js';

const notFound = (url: string, hint: string) => `dessa-roster: [db-not-found] ${url} does not exist: ${hint}\n`;
const PLAN_HINT = 'give the --db the plan was made on (diff\'s "plan saved" line names it)';

/** A plan made on a database of its own; returns the plan's path and its roster file. */
function savedPlan(): { plan: string; roster: string } {
  const dir = tmp();
  const roster = join(dir, 'r.csv');
  writeFileSync(roster, csv(row()));
  const url = `sqlite:${join(dir, 'made-on.sqlite')}`;
  expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
  const plan = join(dir, 'plan.json');
  expect(cli(['diff', roster, '--org', 'x', '--db', url, '--output', plan, '-q']).code).toBe(0);
  return { plan, roster };
}

/** Commands that act on a database made before never create a SQLite file that is not there. */
describe('a missing SQLite database is db-not-found, not created', () => {
  it('apply --plan: refused before the roster is read or anything recorded, in text and JSON', () => {
    const { plan } = savedPlan();
    const dir = tmp();
    const url = `sqlite:${join(dir, 'sub', 'missing.sqlite')}`;
    const r = cli(['apply', '--plan', plan, '--db', url]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', notFound(url, PLAN_HINT)]);
    const json = cli(['apply', '--plan', plan, '--db', url, '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout).error.code]).toEqual([2, 'db-not-found']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('apply --plan of a stale plan: no refused run is recorded in a new file', () => {
    const { plan, roster } = savedPlan();
    appendFileSync(roster, `${row({ 'Student ID': '1002' })}\r\n`);
    const dir = tmp();
    const url = `sqlite:${join(dir, 'missing.sqlite')}`;
    const r = cli(['apply', '--plan', plan, '--db', url]);
    expect([r.code, r.stderr]).toEqual([2, notFound(url, PLAN_HINT)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('db unlock', () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'sub', 'missing.sqlite')}`;
    const r = cli(['db', 'unlock', '--db', url]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      notFound(url, 'no dessa-roster has used it, so it holds no lock: check --db'),
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('apply FILE still creates a new database', () => {
    const dir = tmp();
    const roster = join(dir, 'r.csv');
    writeFileSync(roster, csv(row()));
    const r = cli(['apply', roster, '--org', 'x', '--db', `sqlite:${join(dir, 'new', 'roster.sqlite')}`, '-q']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(existsSync(join(dir, 'new', 'roster.sqlite'))).toBe(true);
  });
});
