import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

/**
 * A saved plan is for review: apply --plan writes only what its roster file produces against
 * the database now. Each attack on the plan file must be refused with nothing written.
 */
const TABLES = [
  'dessa_sites',
  'dessa_staff',
  'dessa_staff_programs',
  'dessa_students',
  'dessa_classes',
  'dessa_enrollments',
  'dessa_class_staff',
  'dessa_changes',
];

/** Every row of both orgs in every table (ids, fields, removal marks): what "nothing written" compares. */
async function snapshot(url: string, orgs: string[]): Promise<Record<string, unknown[]>> {
  return query(url, async (k) => {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = await k(t).whereIn('org', orgs).orderBy('id').select('*');
    return out;
  });
}

const students = (n: number, name = 'Bao') =>
  Array.from({ length: n }, (_, i) => row({ 'Student ID': String(100 + i), 'First Name': name }));

interface Setup {
  url: string;
  org: string;
  other: string;
  dir: string;
  plan: string;
  saved: Record<string, any>;
}

/** Two tenants applied; a reviewed plan for the first that renames three students and removes one. */
async function setup(makeUrl: () => string): Promise<Setup> {
  const url = makeUrl();
  const org = freshOrg();
  const other = freshOrg();
  const dir = tmp();
  const all = students(20);
  expect(cli(['apply', writeTmp('a.csv', csv(...all)), '--org', org, '--db', url]).code).toBe(0);
  expect(cli(['apply', writeTmp('o.csv', csv(...students(5, 'Other'))), '--org', other, '--db', url]).code).toBe(0);
  const edited = join(dir, 'edited.csv');
  writeFileSync(edited, csv(...all.slice(0, 19).map((r, i) => (i < 3 ? r.replace(',Bao,', ',Bo,') : r))));
  const plan = join(dir, 'plan.json');
  const diff = cli(['diff', edited, '--org', org, '--db', url, '--output', plan]);
  expect(diff.code).toBe(0);
  return { url, org, other, dir, plan, saved: JSON.parse(readFileSync(plan, 'utf8')) };
}

function tampered(s: Setup, edit: (plan: Record<string, any>) => void): string {
  const plan = structuredClone(s.saved);
  edit(plan);
  const path = join(s.dir, `tampered-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(plan));
  return path;
}

const update = (p: Record<string, any>) => p.changes.find((c: any) => c.entity === 'students' && c.action === 'update');

describe.each(DATABASES)('a saved plan is not a back door, on %s', (_name, makeUrl) => {
  // Every attack is refused with nothing written: they can share one pair of tenants.
  let shared: Promise<Setup> | undefined;
  it.each([
    ['after.org set to another tenant', 'bad-plan', (p: any, s: Setup) => (update(p).after.org = s.other)],
    ['plan org set to another tenant', /plan-stale|bad-plan/, (p: any, s: Setup) => (p.org = s.other)],
    ['id replaced', 'bad-plan', (p: any) => (update(p).after.id = 1)],
    ['student_id injected', 'bad-plan', (p: any) => (update(p).after.student_id = 'X999')],
    ['5,000-character name', 'bad-plan', (p: any) => (update(p).after.first_name = 'x'.repeat(5000))],
    ['gender ZZZ', 'bad-plan', (p: any) => (update(p).after.gender = 'ZZZ')],
    ['ESC sequence in a name', 'bad-plan', (p: any) => (update(p).after.first_name = '\u001b[2J\u001b[31mred')],
    [
      '30 removals appended',
      'bad-plan',
      (p: any) => {
        for (let i = 0; i < 30; i++)
          p.changes.push({ entity: 'students', action: 'remove', key: String(100 + (i % 19)), before: {} });
      },
    ],
    [
      'a link change with fields',
      'bad-plan',
      (p: any) => p.changes.push({ entity: 'enrollments', action: 'create', key: 'x', after: { org: 'y' } }),
    ],
  ] as const)('%s: refused, nothing written', async (_what, code, edit) => {
    const s = await (shared ??= setup(makeUrl));
    const before = await snapshot(s.url, [s.org, s.other]);
    const r = cli(['apply', '--plan', tampered(s, (p) => edit(p, s)), '--db', s.url, '--force']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^dessa-roster: \\[(${typeof code === 'string' ? code : code.source})\\] `));
    // eslint-disable-next-line no-control-regex -- an ESC reaching stderr is what this rules out.
    expect(r.stderr).not.toMatch(/TypeError|db-error|\u001b/);
    expect(r.stdout).not.toContain('\u001b');
    expect(await snapshot(s.url, [s.org, s.other])).toEqual(before);
  });

  it('a zeroed summary changes nothing: guards and the run record come from the re-plan', async () => {
    const s = await setup(makeUrl);
    // A plan that removes half the district, its summary zeroed to slip past the guards.
    const half = join(s.dir, 'half.csv');
    writeFileSync(half, csv(...students(10)));
    const plan = join(s.dir, 'half.json');
    expect(cli(['diff', half, '--org', s.org, '--db', s.url, '--output', plan]).code).toBe(0);
    const edited = JSON.parse(readFileSync(plan, 'utf8'));
    for (const e of Object.keys(edited.summary))
      edited.summary[e] = { create: 0, update: 0, remove: 0, reactivate: 0, unchanged: 0, active: 0 };
    writeFileSync(plan, JSON.stringify(edited));
    const before = await snapshot(s.url, [s.org, s.other]);
    const r = cli(['apply', '--plan', plan, '--db', s.url]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^dessa-roster: \[guard-removals\] refused, nothing written: would remove 10 of 20 active students/,
    );
    expect(await snapshot(s.url, [s.org, s.other])).toEqual(before);
    const history = JSON.parse(cli(['history', '--org', s.org, '--db', s.url, '--format', 'json']).stdout);
    expect(history[0].status).toBe('refused-guard');
  });

  it('the reviewed plan applies: what the re-plan writes, counted from the re-plan', async () => {
    const s = await setup(makeUrl);
    const r = cli(['apply', '--plan', s.plan, '--db', s.url, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.students).toMatchObject({ update: 3, remove: 1 });
    const names = await query(s.url, (k) =>
      k('dessa_students').where({ org: s.org }).whereNull('removed_at').orderBy('student_id').pluck('first_name'),
    );
    expect(names).toEqual([...Array(3).fill('Bo'), ...Array(16).fill('Bao')]);
    const other = await query(s.url, (k) => k('dessa_students').where({ org: s.other }).pluck('first_name'));
    expect(other).toEqual(Array(5).fill('Other'));
  });

  it('a plan is stale when its roster file changed, is gone, or the database moved (exit 1, recorded)', async () => {
    const s = await setup(makeUrl);
    const file = s.saved.file.path as string;
    const original = readFileSync(file);
    const before = await snapshot(s.url, [s.org]);
    writeFileSync(file, Buffer.concat([original, Buffer.from(row({ 'Student ID': '555' }) + '\r\n')]));
    const changed = cli(['apply', '--plan', s.plan, '--db', s.url]);
    expect([changed.code, changed.stderr]).toEqual([
      1,
      expect.stringMatching(/^dessa-roster: \[plan-stale\] the roster file .* changed since the plan was made/),
    ]);
    rmSync(file);
    const gone = cli(['apply', '--plan', s.plan, '--db', s.url]);
    expect([gone.code, gone.stderr]).toEqual([
      1,
      expect.stringMatching(/^dessa-roster: \[plan-stale\] the roster file .* is gone/),
    ]);
    // A named pipe in its place is there, but not the file: said so, and never read (it would not end).
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    const fifo = cli(['apply', '--plan', s.plan, '--db', s.url]);
    expect([fifo.code, fifo.stderr]).toEqual([
      1,
      expect.stringMatching(/^dessa-roster: \[plan-stale\] the roster file .* is no longer a regular file \(a pipe/),
    ]);
    rmSync(file);
    writeFileSync(file, original);
    // Someone edits a student meanwhile (another apply): the re-plan differs from the plan.
    expect(
      cli(['apply', writeTmp('c.csv', csv(...students(20, 'Cy'))), '--org', s.org, '--db', s.url, '--force']).code,
    ).toBe(0);
    const moved = await snapshot(s.url, [s.org]);
    expect(moved).not.toEqual(before);
    const stale = cli(['apply', '--plan', s.plan, '--db', s.url]);
    expect([stale.code, stale.stderr]).toEqual([
      1,
      expect.stringMatching(/^dessa-roster: \[plan-stale\] the database changed since this plan was made/),
    ]);
    expect(await snapshot(s.url, [s.org])).toEqual(moved);
    const history = JSON.parse(cli(['history', '--org', s.org, '--db', s.url, '--format', 'json']).stdout);
    expect(history.map((h: { status: string }) => h.status).slice(0, 5)).toEqual([
      'refused-stale',
      'succeeded',
      'refused-stale',
      'refused-stale',
      'refused-stale',
    ]);
  });

  it('org and program come from the plan; another --org or --program is a usage error, nothing written', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = tmp();
    const file = join(dir, 'r.csv');
    writeFileSync(file, csv(...students(4)));
    const plan = join(dir, 'p.json');
    expect(cli(['diff', file, '--org', org, '--program', 'summer', '--db', url, '--output', plan]).code).toBe(0);
    const other = freshOrg();
    expect(cli(['apply', writeTmp('o.csv', csv(...students(2))), '--org', other, '--db', url]).code).toBe(0);
    const runs = () =>
      query(url, (k) => k('dessa_runs').whereIn('org', [org, other]).orderBy('id').select('id', 'org', 'status'));
    const [before, runsBefore] = [await snapshot(url, [org, other]), await runs()];
    for (const json of [false, true]) {
      const format = json ? ['--format', 'json'] : [];
      const wrongOrg = cli(['apply', '--plan', plan, '--db', url, '--org', other, '--force', ...format]);
      const why = `${plan} is a plan for org "${org}", not "${other}": leave out --org (the plan names it)`;
      expect([wrongOrg.code, wrongOrg.stderr]).toEqual([2, `dessa-roster: [usage] ${why}\n`]);
      expect(json ? JSON.parse(wrongOrg.stdout).error : wrongOrg.stdout).toEqual(
        json ? { code: 'usage', message: why } : '',
      );
      const wrongProgram = cli(['apply', '--plan', plan, '--db', url, '--program', 'default', ...format]);
      expect([wrongProgram.code, wrongProgram.stderr]).toEqual([
        2,
        expect.stringMatching(/^dessa-roster: \[usage\] .* is a plan for program "summer"/),
      ]);
    }
    // Refused before the database is opened: no row of either org and no run (not even a refused one).
    expect(await snapshot(url, [org, other])).toEqual(before);
    expect(await runs()).toEqual(runsBefore);
    // Made on a database with no schema yet ("base": ""), applied from another directory.
    expect(JSON.parse(readFileSync(plan, 'utf8')).base).toEqual(url.startsWith('sqlite:') ? '' : expect.any(String));
    const r = cli(['apply', '--plan', plan, '--db', url], { cwd: tmp() });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const rows = await query(url, (k) =>
      k('dessa_students').where({ org, program: 'summer' }).count({ n: '*' }).first(),
    );
    expect(Number(rows?.n)).toBe(4);
  });

  it('the plan keeps the reading options that change what the file says', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = tmp();
    const file = join(dir, 'r.txt');
    writeFileSync(file, csv(...students(3)).replace(/,/g, ';'));
    const plan = join(dir, 'p.json');
    expect(cli(['diff', file, '--org', org, '--db', url, '--output', plan, '--delimiter', ';']).code).toBe(0);
    expect(JSON.parse(readFileSync(plan, 'utf8')).read).toEqual({ delimiter: ';' });
    const again = cli(['apply', '--plan', plan, '--db', url, '--delimiter', ';']);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('--delimiter comes from the plan')]);
    expect(cli(['apply', '--plan', plan, '--db', url]).code).toBe(0);
  });

  it('a plan made with --map is stale once the map file changes', () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = tmp();
    const file = join(dir, 'r.csv');
    writeFileSync(file, csv(...students(3)).replace('Student ID', 'Pupil Number'));
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ 'Pupil Number': 'Student ID' }));
    const plan = join(dir, 'p.json');
    expect(cli(['diff', file, '--org', org, '--db', url, '--output', plan, '--map', map]).code).toBe(0);
    writeFileSync(map, JSON.stringify({ 'Pupil Number': 'Student ID', 'Other Column': 'Asian' }));
    const r = cli(['apply', '--plan', plan, '--db', url]);
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringMatching(/^dessa-roster: \[plan-stale\] the --map file .*map\.json the plan was made with changed/),
    ]);
    writeFileSync(map, JSON.stringify({ 'Pupil Number': 'Student ID' }));
    expect(cli(['apply', '--plan', plan, '--db', url]).code).toBe(0);
  });
});

describe('a plan file that cannot be a plan', () => {
  it('one too large to read is refused with its size and the limit, before reading it', () => {
    const path = join(tmp(), 'huge.json');
    writeFileSync(path, '');
    // A sparse file: its size is what is checked, no memory or disk is spent on it.
    truncateSync(path, 513 * 1024 * 1024);
    const r = cli(['apply', '--plan', path, '--db', `sqlite:${join(tmp(), 'x.sqlite')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^dessa-roster: \[bad-plan\] --plan .*huge\.json is 513\.0 MiB; plans over 500\.0 MiB cannot be read/,
    );
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['a list', '[]', /not a JSON object/],
    [
      'no file sha256',
      JSON.stringify({ version: 1, org: 'a', program: 'default', base: '', file: { name: 'x', rows: 1 } }),
      /sha256/,
    ],
  ])('%s is bad-plan', (_what, text, message) => {
    const r = cli(['apply', '--plan', writeTmp('p.json', text), '--db', `sqlite:${join(tmp(), 'x.sqlite')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[bad-plan\] /);
    expect(r.stderr).toMatch(message);
  });
});
