import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, csv, row, writeTmp } from './helpers.js';

const base = [
  row(),
  row({ 'Student ID': '1002', 'First Name': 'Lan', 'Class Code': 'MATH3', 'Class Name': 'Math 3' }),
  row({ 'Student ID': '1003', 'First Name': 'Kai' }),
  ...Array.from({ length: 17 }, (_, i) => row({ 'Student ID': String(2000 + i), 'First Name': `S${i}` })),
];

function apply(url: string, org: string, file: string, ...args: string[]) {
  const r = cli(['apply', file, '--org', org, '--db', url, '--format', 'json', ...args]);
  return { ...r, json: r.code === 0 ? JSON.parse(r.stdout) : null };
}

describe.each(DATABASES)('apply on %s', (_name, makeUrl) => {
  it('creates, updates, removes softly, reactivates with the same id, and re-applies idempotently', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const first = apply(url, org, writeTmp('a.csv', csv(...base)));
    expect(first.code).toBe(0);
    expect(first.json.summary.students).toMatchObject({ create: 20, update: 0, remove: 0 });
    expect(await activeCounts(url, org)).toEqual({
      sites: 1,
      staff: 1,
      students: 20,
      classes: 2,
      enrollments: 20,
      class_staff: 2,
    });
    const id1003 = await query(url, (k) => k('dessa_students').where({ org, student_id: '1003' }).first('id'));

    // 1003 leaves, 1002 changes name: one removal of twenty students is within the 10% guard.
    const edited = base.filter((r) => !r.includes(',1003,')).map((r) => r.replace(',Lan,', ',Lani,'));
    const second = apply(url, org, writeTmp('b.csv', csv(...edited)));
    expect(second.code).toBe(0);
    expect(second.json.summary.students).toMatchObject({ create: 0, update: 1, remove: 1, unchanged: 18 });
    expect(second.json.summary.enrollments).toMatchObject({ create: 0, remove: 1, unchanged: 19 });
    const renamed = await query(url, (k) =>
      k('dessa_students').where({ org, student_id: '1002' }).first('first_name', 'last_name'),
    );
    expect(renamed).toEqual({ first_name: 'Lani', last_name: 'Nguyen' });
    const removed = await query(url, (k) =>
      k('dessa_students').where({ org, student_id: '1003' }).first('id', 'removed_at'),
    );
    expect(removed.removed_at).not.toBeNull();
    expect(Number(removed.id)).toBe(Number(id1003.id));

    const back = apply(url, org, writeTmp('c.csv', csv(...base)));
    expect(back.json.summary.students).toMatchObject({ reactivate: 1, update: 1 });
    expect(back.json.summary.enrollments).toMatchObject({ reactivate: 1, unchanged: 19 });
    const returned = await query(url, (k) =>
      k('dessa_students').where({ org, student_id: '1003' }).first('id', 'removed_at'),
    );
    expect([Number(returned.id), returned.removed_at]).toEqual([Number(id1003.id), null]);

    const again = apply(url, org, writeTmp('d.csv', csv(...base)));
    expect(again.json.status).toBe('unchanged');
    const text = cli(['apply', writeTmp('e.csv', csv(...base)), '--org', org, '--db', url]);
    expect(text.stdout).toContain('No changes');
    const skipped = cli(['apply', writeTmp('f.csv', csv(...base)), '--org', org, '--db', url, '--if-changed']);
    expect(skipped.stdout).toContain('Skipped');

    const history = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(history.map((r: { status: string }) => r.status)).toEqual([
      'unchanged',
      'unchanged',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const run2 = JSON.parse(
      cli(['history', String(history[3].id), '--org', org, '--db', url, '--format', 'json']).stdout,
    );
    expect(run2.changes).toContainEqual({
      entity: 'students',
      key: '1002',
      action: 'update',
      before: { first_name: 'Lan' },
      after: { first_name: 'Lani' },
    });
    expect(
      run2.changes.find((c: { action: string; entity: string }) => c.action === 'remove' && c.entity === 'students')
        .key,
    ).toBe('1003');
  });

  it('many updates and reactivations in one apply (more than one statement of them)', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const many = (name: string, n: number) =>
      csv(...Array.from({ length: n }, (_, i) => row({ 'Student ID': String(5000 + i), 'Last Name': `${name}${i}` })));
    expect(apply(url, org, writeTmp('m1.csv', many('Old', 1200))).code).toBe(0);
    expect(apply(url, org, writeTmp('m2.csv', many('Old', 10)), '--force').json.summary.students).toMatchObject({
      remove: 1190,
    });
    const changed = apply(url, org, writeTmp('m3.csv', many('New', 1200)), '--force');
    expect(changed.json.summary.students).toMatchObject({ update: 10, reactivate: 1190, create: 0 });
    const rows = await query(url, (k) =>
      k('dessa_students')
        .where({ org })
        .whereNull('removed_at')
        .orderBy('student_id')
        .select('student_id', 'last_name'),
    );
    expect(rows).toHaveLength(1200);
    expect(
      rows.every((r: { student_id: string; last_name: string }) => r.last_name === `New${Number(r.student_id) - 5000}`),
    ).toBe(true);
    expect(apply(url, org, writeTmp('m4.csv', many('New', 1200))).json.status).toBe('unchanged');
  });

  it('refuses a file with validation errors and writes nothing', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const r = cli(['apply', writeTmp('bad.csv', csv(row({ Gender: 'q' }))), '--org', org, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('invalid');
    expect(await activeCounts(url, org)).toMatchObject({ students: 0, enrollments: 0 });
  });

  it('guards: a mass removal or mass update stops with exit 3 and writes nothing', async () => {
    const url = makeUrl();
    const org = freshOrg();
    apply(url, org, writeTmp('a.csv', csv(...base)));
    const partial = writeTmp('partial.csv', csv(...base.slice(0, 10)));
    const refused = cli(['apply', partial, '--org', org, '--db', url]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('would remove 10 of 20 active students (50.0%, limit 10%)');
    expect((await activeCounts(url, org)).students).toBe(20);
    expect(cli(['apply', partial, '--org', org, '--db', url, '--max-removals', '9']).code).toBe(3);
    expect(cli(['apply', partial, '--org', org, '--db', url, '--max-removals', '60%']).code).toBe(0);
    expect((await activeCounts(url, org)).students).toBe(10);

    const renamed = writeTmp('renamed.csv', csv(...base.slice(0, 10).map((r) => r.replace(',Nguyen,', ',Tran,'))));
    const updates = cli(['apply', renamed, '--org', org, '--db', url]);
    expect(updates.code).toBe(3);
    expect(updates.stderr).toContain('would update 10 of 10 active students');
    expect(cli(['apply', renamed, '--org', org, '--db', url, '--force']).code).toBe(0);
  });

  it('two orgs sharing student IDs and staff emails stay apart', async () => {
    const url = makeUrl();
    const [a, b] = [freshOrg(), freshOrg()];
    apply(url, a, writeTmp('a.csv', csv(...base)));
    apply(url, b, writeTmp('b.csv', csv(...base.map((r) => r.replace(',Nguyen,', ',Other,')))));
    const before = await activeCounts(url, a);
    expect(apply(url, b, writeTmp('b2.csv', csv(base[0])), '--force').code).toBe(0);
    expect(await activeCounts(url, a)).toEqual(before);
    expect((await activeCounts(url, b)).students).toBe(1);
    const names = await query(url, (k) => k('dessa_students').where({ org: a }).distinct('last_name'));
    expect(names.map((r: { last_name: string }) => r.last_name)).toEqual(['Nguyen']);
    // Programs of one org are scoped too.
    expect(apply(url, a, writeTmp('p.csv', csv(base[0])), '--program', 'summer').code).toBe(0);
    expect(await activeCounts(url, a)).toEqual(before);
  });

  it('a value longer than its column is refused in one line before anything is written; long accents fit', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const long = cli([
      'apply',
      writeTmp('long.csv', csv(row({ 'Last Name': 'x'.repeat(201) }))),
      '--org',
      org,
      '--db',
      url,
    ]);
    expect(long.code).toBe(1);
    expect(long.stdout).toContain('Last Name holds at most 200 characters and this value has 201');
    expect((await activeCounts(url, org)).students).toBe(0);
    const accents = 'é'.repeat(200);
    const ok = apply(
      url,
      org,
      writeTmp('accents.csv', csv(row({ 'Last Name': accents, 'Student State ID (SASID)': '9'.repeat(100) }))),
    );
    expect(ok.code).toBe(0);
    const stored = await query(url, (k) => k('dessa_students').where({ org }).first('last_name', 'sasid'));
    expect([stored.last_name, stored.sasid.length]).toEqual([accents, 100]);
  });
});
