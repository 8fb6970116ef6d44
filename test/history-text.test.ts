import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, csv, emptySqlite, row, writeTmp } from './helpers.js';

/**
 * The text `history` prints: the runs newest first, two lines each (number, start, status,
 * program, file, rows, sha256 prefix, OS user; then the counts per entity as
 * +create/~update/-remove/↺reactivate), and one run's changes one a line. Refused runs'
 * second lines are in history-outcome.test.ts. The rendering is the same on every database.
 */
const students = (ids: number[], over: (id: number) => Record<string, string> = () => ({})) =>
  ids.map((id) => row({ 'Student ID': String(id), ...over(id) }));
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const CLASS = 'Lincoln Elementary / HR3A / 1';
const ZERO =
  'sites +0/~0/-0/↺0 staff +0/~0/-0/↺0 students +0/~0/-0/↺0 classes +0/~0/-0/↺0 ' +
  'enrollments +0/~0/-0/↺0 class_staff +0/~0/-0/↺0';

interface Run {
  id: number;
  started_at: string;
  os_user: string;
}

describe('history, text output', () => {
  const url = emptySqlite('history.sqlite');
  const org = 'district-9';
  const first = writeTmp('first.csv', csv(...students(range(100, 20))));
  const less = writeTmp('less.csv', csv(...students(range(100, 19))));
  // 100 gone, 101-102 renamed, 119 back under another last name, 900 new.
  const edited = writeTmp(
    'edited.csv',
    csv(
      ...students([...range(101, 19), 900], (id) => {
        if (id === 101 || id === 102) return { 'First Name': 'Bo' };
        return id === 119 ? { 'Last Name': 'Back' } : {};
      }),
    ),
  );
  let runs: Run[];
  beforeAll(() => {
    for (const file of [first, less, edited, edited])
      expect(cli(['apply', file, '--org', org, '--db', url]).code).toBe(0);
    runs = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
  });

  it('the runs, newest first: who applied which file when, and what each changed', () => {
    const r = cli(['history', '--org', org, '--db', url]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(runs.map((x) => x.id)).toEqual([4, 3, 2, 1]);
    const head = (run: Run, status: string, file: string, rows: number) =>
      `#${run.id}  ${run.started_at}  ${status}  default  ${file} (${rows} rows, ` +
      `sha256 ${sha(file).slice(0, 12)}…) by ${run.os_user}`;
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      head(runs[0], 'unchanged', edited, 20),
      `      ${ZERO}`,
      head(runs[1], 'succeeded', edited, 20),
      '      sites +0/~0/-0/↺0 staff +0/~0/-0/↺0 students +1/~2/-1/↺1 classes +0/~0/-0/↺0 ' +
        'enrollments +1/~0/-1/↺1 class_staff +0/~0/-0/↺0',
      head(runs[2], 'succeeded', less, 19),
      '      sites +0/~0/-0/↺0 staff +0/~0/-0/↺0 students +0/~0/-1/↺0 classes +0/~0/-0/↺0 ' +
        'enrollments +0/~0/-1/↺0 class_staff +0/~0/-0/↺0',
      head(runs[3], 'succeeded', first, 20),
      '      sites +1/~0/-0/↺0 staff +1/~0/-0/↺0 students +20/~0/-0/↺0 classes +1/~0/-0/↺0 ' +
        'enrollments +20/~0/-0/↺0 class_staff +1/~0/-0/↺0',
    ]);
    expect(runs[0].started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('one run: its file, start and status, then each change with its values', () => {
    const r = cli(['history', '3', '--org', org, '--db', url]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const [title, ...changes] = r.stdout.trimEnd().split('\n');
    expect(title).toBe(`Run #3 of ${edited}, program default, ${runs[1].started_at} (succeeded): 8 changes`);
    expect(changes.sort()).toEqual(
      [
        '  update     students    101 {"first_name":"Bao"} → {"first_name":"Bo"}',
        '  update     students    102 {"first_name":"Bao"} → {"first_name":"Bo"}',
        '  reactivate students    119 {"last_name":"Nguyen"} → {"last_name":"Back"}',
        '  create     students    900',
        '  remove     students    100',
        `  create     enrollments 900 → ${CLASS}`,
        `  reactivate enrollments 119 → ${CLASS}`,
        `  remove     enrollments 100 → ${CLASS}`,
      ].sort(),
    );
  });

  it('a run that changed nothing, another program, an org with no runs', () => {
    expect(cli(['history', '4', '--org', org, '--db', url]).stdout).toBe(
      `Run #4 of ${edited}, program default, ${runs[0].started_at} (unchanged): 0 changes\n`,
    );
    expect(cli(['history', '--org', org, '--program', 'summer', '--db', url]).stdout).toBe(
      `No runs for program "summer" of org "${org}". Programs of org "${org}" with runs: default ` +
        `(--program NAME lists one's runs).\n`,
    );
    expect(cli(['history', '--org', 'nobody', '--db', url]).stdout).toBe('No runs for org "nobody".\n');
  });
});
