import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, emptySqlite, row, tmp, writeTmp } from './helpers.js';

/**
 * The text `diff` prints for a person: a title naming file, scope and database; the table of
 * counts; then, per entity, the first changes of each action (an update with its fields'
 * old → new values); and what apply would refuse. The rendering is the same on every
 * database, so SQLite alone.
 */
const students = (ids: number[], over: (id: number) => Record<string, string> = () => ({})) =>
  ids.map((id) => row({ 'Student ID': String(id), ...over(id) }));
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const CLASS = 'Lincoln Elementary / HR3A / 1';

/** The lines under a section title, up to the blank line that ends it. */
function section(lines: string[], title: string): string[] {
  const at = lines.indexOf(title);
  expect(at, title).toBeGreaterThan(0);
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end < 0 ? lines.length : end);
}

describe('diff, text output', () => {
  const url = emptySqlite('diff.sqlite');
  const org = 'district-7';
  // 100..119 applied, then 119 removed. The new file: 100 gone, 101-107 renamed, 119 back under
  // another last name, 900 new.
  const edited = writeTmp(
    'edited.csv',
    csv(
      ...students([...range(101, 19), 900], (id) => {
        if (id >= 101 && id <= 107) return { 'First Name': 'Bo' };
        return id === 119 ? { 'Last Name': 'Back' } : {};
      }),
    ),
  );
  beforeAll(() => {
    expect(cli(['apply', writeTmp('all.csv', csv(...students(range(100, 20)))), '--org', org, '--db', url]).code).toBe(
      0,
    );
    expect(cli(['apply', writeTmp('less.csv', csv(...students(range(100, 19)))), '--org', org, '--db', url]).code).toBe(
      0,
    );
  });

  it('title, counts table, and the first changes of each entity and action', () => {
    const r = cli(['diff', edited, '--org', org, '--db', url]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      `Plan for ${edited} → org ${org}, program default (${url})`,
      '',
      '                 create     update     remove reactivate  unchanged',
      'sites                 0          0          0          0          1',
      'staff                 0          0          0          0          1',
      'students              1          7          1          1         11',
      'classes               0          0          0          0          1',
      'enrollments           1          0          1          1         18',
      'class_staff           0          0          0          0          1',
      '',
    ]);
    // Per entity, in this order: create, reactivate, update, remove.
    expect(lines.filter((l) => /^\w+: (create|reactivate|update|remove) \d+$/.test(l))).toEqual([
      'students: create 1',
      'students: reactivate 1',
      'students: update 7',
      'students: remove 1',
      'enrollments: create 1',
      'enrollments: reactivate 1',
      'enrollments: remove 1',
    ]);
    expect(section(lines, 'students: create 1')).toEqual(['  900']);
    expect(section(lines, 'students: reactivate 1')).toEqual(['  119: last_name: "Nguyen" → "Back"']);
    expect(section(lines, 'students: update 7')).toEqual([
      ...range(101, 5).map((id) => `  ${id}: first_name: "Bao" → "Bo"`),
      '  … and 2 more (--format json lists them all)',
    ]);
    expect(section(lines, 'students: remove 1')).toEqual(['  100']);
    expect(section(lines, 'enrollments: create 1')).toEqual([`  900 / ${CLASS}`]);
    expect(section(lines, 'enrollments: reactivate 1')).toEqual([`  119 / ${CLASS}`]);
    expect(section(lines, 'enrollments: remove 1')).toEqual([`  100 / ${CLASS}`]);
    expect(r.stdout).not.toContain('apply would refuse');
  });

  it('what apply would refuse, and the saved plan with the command that applies it', () => {
    const few = writeTmp('few.csv', csv(...students(range(100, 5))));
    const plan = join(tmp(), 'plan.json');
    const r = cli(['diff', few, '--org', org, '--db', url, '--output', plan]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('students              0          0         14          0          5');
    const more = '  … and 9 more (--format json lists them all)';
    expect(section(lines, 'students: remove 14')).toEqual([...range(105, 5).map((id) => `  ${id}`), more]);
    const refused = lines.at(-3)!;
    expect(refused).toMatch(
      /^apply would refuse this plan \(exit 3\): would remove 14 of 19 active students \(73\.7%, limit 10%\), /,
    );
    expect(refused).toContain('e.g. 105 (Nguyen, Bao), ');
    expect(refused).toMatch(
      /; --max-removals moves this limit; would remove 14 of 19 active enrollments .*; --max-removals moves this limit$/,
    );
    const saved = `plan saved to ${plan}: apply it with dessa-roster apply --plan ${plan} --db ${url}`;
    expect(lines.at(-1)).toBe(saved);

    const allowed = cli(['diff', few, '--org', org, '--db', url, '--output', plan, '--max-removals', '80%']);
    expect(allowed.stdout).not.toContain('apply would refuse');
    expect(allowed.stdout.trimEnd().split('\n').at(-1)).toBe(`${saved} --max-removals 80%`);
  });

  it('a file the database already matches: the table, all unchanged, and no change listed', () => {
    const same = writeTmp('same.csv', csv(...students(range(100, 19))));
    const lines = cli(['diff', same, '--org', org, '--db', url]).stdout.trimEnd().split('\n');
    expect(lines.slice(2)).toEqual([
      '                 create     update     remove reactivate  unchanged',
      'sites                 0          0          0          0          1',
      'staff                 0          0          0          0          1',
      'students              0          0          0          0         19',
      'classes               0          0          0          0          1',
      'enrollments           0          0          0          0         19',
      'class_staff           0          0          0          0          1',
    ]);
  });
});
