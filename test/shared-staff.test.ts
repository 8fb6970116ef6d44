import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { join } from 'node:path';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

const sam = { 'Staff Email Address': 'sam.roe@d.org', 'Staff Last Name': 'Roe', 'Staff First Name': 'Sam' };
/** A program's file: Ana Rivera (spelt `first`) teaches HR1, Sam Roe HR2. */
const file = (first: string) =>
  writeTmp(
    'p.csv',
    csv(
      row({ 'Staff First Name': first, 'Student ID': '1', 'Class Code': 'HR1' }),
      row({ ...sam, 'Student ID': '2', 'Class Code': 'HR2' }),
    ),
  );

function run(url: string, org: string, cmd: string, path: string, program: string) {
  const r = cli([cmd, path, '--org', org, '--program', program, '--db', url, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const warning = (program: string, says: string, writer: string, has: string) =>
  'staff arivera@d.org: ' +
  `program ${program}'s file spells the name "${says}", ` +
  `the org's record (last written by program ${writer}) "${has}"; ` +
  "applying changes the org's record for every program";
const staffOf = (url: string, org: string) =>
  query(url, (k) => k('dessa_staff').where({ org, email_key: 'arivera@d.org' }).select('id', 'first_name'));
const programsOf = (url: string, org: string, id: number) =>
  query(url, (k) =>
    k('dessa_staff_programs')
      .where({ org, staff_ref: id })
      .whereNull('removed_at')
      .orderBy('program')
      .select('program'),
  );

describe.each(DATABASES)("a second program's spelling of a shared teacher on %s", (_name, makeUrl) => {
  it("is an update of the org's record (diff, counts, change log with before and after); diff warns", async () => {
    const url = makeUrl();
    const org = freshOrg();
    run(url, org, 'apply', file('Anna'), 'default');

    const summer = file('Ana');
    const diff = run(url, org, 'diff', summer, 'summer');
    // Sam is spelt alike: joining the program is a create; Ana is the org's record changing.
    expect(diff.summary.staff).toMatchObject({ create: 1, update: 1 });
    const staffChanges = diff.changes.filter((c: { entity: string }) => c.entity === 'staff');
    expect(staffChanges).toEqual(
      expect.arrayContaining([
        {
          entity: 'staff',
          action: 'update',
          key: 'arivera@d.org',
          before: { first_name: 'Anna' },
          after: { first_name: 'Ana' },
          print: expect.any(String),
        },
        expect.objectContaining({ entity: 'staff', action: 'create', key: 'sam.roe@d.org' }),
      ]),
    );
    const message = warning('summer', 'Ana Rivera', 'default', 'Anna Rivera');
    expect(diff.warnings).toEqual([{ code: 'staff-disagreement', entity: 'staff', key: 'arivera@d.org', message }]);
    const text = cli(['diff', summer, '--org', org, '--program', 'summer', '--db', url]);
    expect(text.stdout).toContain(`warning: ${message}`);

    const applied = run(url, org, 'apply', summer, 'summer');
    expect(applied.summary.staff).toMatchObject({ create: 1, update: 1 });
    const log = await query(url, (k) =>
      k('dessa_changes')
        .where({ org, program: 'summer', entity: 'staff', entity_key: 'arivera@d.org' })
        .select('action', 'before', 'after'),
    );
    expect(log.map((l) => [l.action, JSON.parse(l.before), JSON.parse(l.after)])).toEqual([
      ['update', { first_name: 'Anna' }, { first_name: 'Ana' }],
    ]);
    // One record for the org, now spelt as summer's file says, and summer lists Ana.
    const ana = await staffOf(url, org);
    expect(ana.map((a) => a.first_name)).toEqual(['Ana']);
    expect((await programsOf(url, org, ana[0].id)).map((m) => m.program)).toEqual(['default', 'summer']);
    expect(run(url, org, 'apply', summer, 'summer').status).toBe('unchanged');

    // The default program's next run changes it back: an update again, with the warning the other way round.
    const back = run(url, org, 'diff', file('Anna'), 'default');
    expect(back.summary.staff).toMatchObject({ update: 1, create: 0 });
    expect(back.warnings.map((w: { message: string }) => w.message)).toEqual([
      warning('default', 'Anna Rivera', 'summer', 'Ana Rivera'),
    ]);
  });

  it('a program respelling a teacher only it lists, or one it wrote last, is an update with no warning', async () => {
    const url = makeUrl();
    const org = freshOrg();
    run(url, org, 'apply', file('Anna'), 'default');
    const diff = run(url, org, 'diff', file('Annie'), 'default');
    expect(diff.summary.staff).toMatchObject({ update: 1 });
    expect(diff.warnings).toEqual([]);
  });

  it("a saved plan applies such an update too: the org's record changes, the program lists them", async () => {
    const url = makeUrl();
    const org = freshOrg();
    run(url, org, 'apply', file('Anna'), 'default');
    const plan = join(tmp(), 'plan.json');
    expect(cli(['diff', file('Ana'), '--org', org, '--program', 'summer', '--db', url, '--output', plan]).code).toBe(0);
    const r = cli(['apply', '--plan', plan, '--org', org, '--program', 'summer', '--db', url, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).summary.staff).toMatchObject({ create: 1, update: 1 });
    const [ana] = await staffOf(url, org);
    expect(ana.first_name).toBe('Ana');
    expect((await programsOf(url, org, ana.id)).map((m) => m.program)).toEqual(['default', 'summer']);
    const again = run(url, org, 'diff', file('Ana'), 'summer');
    expect(again.summary.staff).toMatchObject({ create: 0, update: 0, unchanged: 2 });
  });
});
