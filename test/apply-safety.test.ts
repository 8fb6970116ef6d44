import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRows } from './roster-generator.js';
import { activeCounts, DATABASES, freshOrg, query, start, waitForWriter } from './db-helpers.js';
import { cli, csv, row, ROOT, tmp, writeTmp } from './helpers.js';

const rows = Array.from({ length: 20 }, (_, i) => row({ 'Student ID': String(100 + i) }));

function generated(students: number, seed: number): string {
  const path = join(tmp(), `gen-${students}-${seed}.csv`);
  writeFileSync(path, [...generateRows({ students, classesPerStudent: 5, seed })].join(''));
  return path;
}

describe('first runs racing on an empty database', () => {
  it('concurrent migrations all succeed (knex races to create its own tables)', async () => {
    for (let round = 0; round < 2; round++) {
      const url = `sqlite:${join(tmp(), 'race.sqlite')}`;
      const runs = Array.from({ length: 2 }, () => start(['db', 'migrate', '--db', url]));
      const results = await Promise.all(runs.map((r) => r.done));
      expect(results.map((r) => [r.code, r.stderr])).toEqual([
        [0, ''],
        [0, ''],
      ]);
    }
  });
});

describe.each(DATABASES)('apply safety on %s', (_name, makeUrl) => {
  it('apply --plan applies exactly the reviewed plan, and refuses one gone stale', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('a.csv', csv(...rows)), '--org', org, '--db', url]).code).toBe(0);
    const plan = join(tmp(), 'plan.json');
    const edited = writeTmp('b.csv', csv(...rows.slice(0, 19).map((r) => r.replace(',Bao,', ',Bo,'))));
    const diff = cli(['diff', edited, '--org', org, '--db', url, '--output', plan, '--format', 'json']);
    expect(JSON.parse(diff.stdout).summary.students).toMatchObject({ update: 19, remove: 1 });

    // Someone applies another file meanwhile: the reviewed plan no longer describes the database.
    expect(
      cli(['apply', writeTmp('c.csv', csv(...rows, row({ 'Student ID': '999' }))), '--org', org, '--db', url]).code,
    ).toBe(0);
    const before = await activeCounts(url, org);
    const stale = cli(['apply', '--plan', plan, '--db', url, '--force']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('the database changed since this plan was made');
    expect(await activeCounts(url, org)).toEqual(before);

    const fresh = cli(['diff', edited, '--org', org, '--db', url, '--output', plan]);
    expect(fresh.code).toBe(0);
    const applied = cli(['apply', '--plan', plan, '--db', url, '--force', '--format', 'json']);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout).summary.students).toMatchObject({ update: 19, remove: 2 });
    expect((await activeCounts(url, org)).students).toBe(19);
  });

  it('two concurrent applies for one org never interleave', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const a = generated(2000, 1);
    const b = generated(2000, 2);
    const runs = [
      start(['apply', a, '--org', org, '--db', url, '--force']),
      start(['apply', b, '--org', org, '--db', url, '--force']),
    ];
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const history = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(history).toHaveLength(2);
    // The second run saw all of the first: it created nothing the first had made.
    const [second, first] = history;
    expect(first.counts.students.create).toBe(2000);
    expect(second.counts.students.create).toBe(0);
    const total = await query(url, (k) => k('dessa_students').where({ org }).count({ n: '*' }).first());
    expect(Number(total?.n)).toBe(2000);
    // The database is exactly the file that committed last: none of the first run's values left in it.
    expect([first.file_name, second.file_name].sort()).toEqual([a, b].sort());
    const left = JSON.parse(cli(['diff', second.file_name, '--org', org, '--db', url, '--format', 'json']).stdout);
    for (const counts of Object.values(left.summary) as Record<string, number>[]) {
      expect(counts).toMatchObject({ create: 0, update: 0, remove: 0, reactivate: 0 });
    }
    const other = JSON.parse(cli(['diff', first.file_name, '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(other.summary.students.update).toBeGreaterThan(0);
  });

  it('a process killed in the middle of an apply leaves the previous state, and the next run succeeds', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', join(ROOT, 'samples/roster.csv'), '--org', org, '--db', url]).code).toBe(0);
    const before = await activeCounts(url, org);
    const big = generated(30_000, 5);
    const run = start(['apply', big, '--org', org, '--db', url, '--force']);
    await waitForWriter(url, org);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(run.pid, 'SIGKILL');
    const ended = await run.done;
    expect(ended.signal).toBe('SIGKILL');
    expect(await activeCounts(url, org)).toEqual(before);
    const history = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(history).toHaveLength(1);
    const again = cli(['apply', big, '--org', org, '--db', url, '--force', '--format', 'json']);
    expect(again.code).toBe(0);
    expect((await activeCounts(url, org)).students).toBe(30_000);
  });
});
