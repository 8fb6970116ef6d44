import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp } from './helpers.js';

const students = (n: number, name = 'Bao') =>
  Array.from({ length: n }, (_, i) => row({ 'Student ID': String(100 + i), 'First Name': name }));

/** An edited org or program cannot be told from a moved database: the refusal names both possibilities. */
describe('a plan whose org or program was edited', () => {
  it.each(['org', 'program'])('edited %s: plan-stale saying the database changed or the plan was edited', (field) => {
    const dir = tmp();
    const db = `sqlite:${join(dir, 'p.sqlite')}`;
    const [org, other] = [freshOrg(), freshOrg()];
    writeFileSync(join(dir, 'a.csv'), csv(...students(5)));
    expect(cli(['apply', join(dir, 'a.csv'), '--org', org, '--db', db]).code).toBe(0);
    writeFileSync(join(dir, 'o.csv'), csv(...students(8, 'Other')));
    expect(cli(['apply', join(dir, 'o.csv'), '--org', other, '--program', 'p2', '--db', db]).code).toBe(0);
    writeFileSync(join(dir, 'b.csv'), csv(...students(5, 'Bo')));
    const plan = join(dir, 'plan.json');
    expect(cli(['diff', join(dir, 'b.csv'), '--org', org, '--db', db, '--output', plan]).code).toBe(0);
    const saved = JSON.parse(readFileSync(plan, 'utf8'));
    writeFileSync(
      plan,
      JSON.stringify({ ...saved, ...(field === 'org' ? { org: other, program: 'p2' } : { program: 'p2' }) }),
    );
    const r = cli(['apply', '--plan', plan, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^dessa-roster: \[plan-stale\] the database changed since this plan was made, or the plan was edited \(/,
    );
  });
});
