import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, csv, row, writeTmp } from './helpers.js';

const students = (n: number, grade = '3') =>
  Array.from({ length: n }, (_, i) => row({ 'Student ID': String(100 + i), 'Grade Level': grade }));

async function grades(url: string, org: string): Promise<string[]> {
  return query(url, (k) => k('dessa_students').where({ org }).orderBy('student_id').pluck('grade_level'));
}

describe.each(DATABASES)('the update guard on %s', (_name, makeUrl) => {
  it('a grade promotion is refused (guard-updates, exit 3) naming --max-updates; at 100% it goes through', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('a.csv', csv(...students(8))), '--org', org, '--db', url]).code).toBe(0);
    const promoted = writeTmp('b.csv', csv(...students(8, '4')));

    const diff = cli(['diff', promoted, '--org', org, '--db', url]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(
      'apply would refuse this plan (exit 3): would update 8 of 8 active students (100.0%, ' +
        'limit 75%), e.g. 100 (Nguyen, Bao), 101 (Nguyen, Bao), 102 (Nguyen, Bao) and 5 more; ' +
        '--max-updates moves this limit',
    );
    expect(cli(['diff', promoted, '--org', org, '--db', url, '--max-updates', '100%']).stdout).not.toContain(
      'apply would refuse',
    );

    const refused = cli(['apply', promoted, '--org', org, '--db', url]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /^dessa-roster: \[guard-updates\] refused, nothing written: would update 8 of 8 active students .*--max-updates moves this limit/,
    );
    expect(refused.stderr).not.toContain('--max-removals');
    expect(await grades(url, org)).toEqual(Array(8).fill('3'));

    // A count limit too, and --max-removals does not move the update limit.
    expect(
      cli(['apply', promoted, '--org', org, '--db', url, '--max-updates', '7', '--max-removals', '100%']).code,
    ).toBe(3);
    const allowed = cli(['apply', promoted, '--org', org, '--db', url, '--max-updates', '100%']);
    expect([allowed.code, allowed.stderr]).toEqual([0, '']);
    expect(await grades(url, org)).toEqual(Array(8).fill('4'));
  });

  it('removals and updates at once: guard-removals, each line names its own flag; --force overrides both', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('a.csv', csv(...students(10))), '--org', org, '--db', url]).code).toBe(0);
    // A value from outside the tool with an escape sequence: shown escaped in the refusal.
    await query(url, (k) =>
      k('dessa_students').where({ org, student_id: '109' }).update({ last_name: 'Evil\u001b[2J' }),
    );
    const file = writeTmp('b.csv', csv(...students(8, '5')));
    const r = cli(['apply', file, '--org', org, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^dessa-roster: \[guard-removals\] /);
    expect(r.stderr).toContain(
      'would remove 2 of 10 active students (20.0%, limit 10%), e.g. 108 (Nguyen, Bao), ' +
        '109 (Evil\\u001b[2J, Bao); --max-removals moves this limit',
    );
    expect(r.stderr).toContain('would update 8 of 10 active students (80.0%, limit 75%)');
    expect(r.stderr).toContain('--max-updates moves this limit');
    expect(r.stderr).not.toContain('\u001b');
    expect(cli(['apply', file, '--org', org, '--db', url, '--force']).code).toBe(0);
    expect(await grades(url, org)).toEqual([...Array(8).fill('5'), '3', '3']);
  });

  it('--max-updates that is neither a share nor a count is a usage error naming it', () => {
    const r = cli([
      'diff',
      writeTmp('a.csv', csv(...students(1))),
      '--org',
      'x',
      '--db',
      makeUrl(),
      '--max-updates',
      'lots',
    ]);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringContaining('--max-updates takes a percentage (10%) or a whole count (500), not "lots"'),
    ]);
  });
});
