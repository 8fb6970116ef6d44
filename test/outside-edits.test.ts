import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';
import { join } from 'node:path';

/** Two students, one teacher, two classes; accented names so the stored text is not plain ASCII. */
const roster = () =>
  writeTmp(
    'r.csv',
    csv(
      row({
        'Student ID': '1',
        'Last Name': 'Peña',
        'First Name': 'Siobhán',
        'Class Code': 'HR1',
        'Class Name': 'Homeroom Ä',
      }),
      row({ 'Student ID': '2', 'Last Name': 'Ng', 'First Name': 'Bo', 'Class Code': 'HR2', 'Zip Code': '' }),
    ),
  );

function run(args: string[]) {
  const r = cli(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe.each(DATABASES)('edits made in the database outside dessa-roster on %s', (_name, makeUrl) => {
  it("show as updates in diff (before: stored, after: the file's); apply restores them; then unchanged", async () => {
    const url = makeUrl();
    const org = freshOrg();
    const file = roster();
    const args = (cmd: string) => [cmd, file, '--org', org, '--db', url, '--format', 'json'];
    run(args('apply'));
    // What someone with a database client does: change stored fields without going through the tool.
    await query(url, async (k) => {
      await k('dessa_students').where({ org, student_id: '1' }).update({ first_name: 'Hacked' });
      await k('dessa_students').where({ org, student_id: '2' }).update({ zip_code: '99999', gender: 'X' });
      await k('dessa_staff').where({ org }).update({ last_name: 'Evil' });
      await k('dessa_classes').where({ org, class_code: 'HR1' }).update({ class_name: 'Renamed' });
    });

    const diff = run(args('diff'));
    expect(diff.summary.students).toMatchObject({ update: 2, unchanged: 0 });
    expect(diff.summary.staff).toMatchObject({ update: 1 });
    expect(diff.summary.classes).toMatchObject({ update: 1, unchanged: 1 });
    const updates = diff.changes.filter((c: { action: string }) => c.action === 'update');
    const update = (entity: string, before: object, after: object, key?: string) =>
      expect.objectContaining({ entity, before, after, ...(key ? { key } : {}) });
    expect(updates).toEqual(
      expect.arrayContaining([
        update('students', { first_name: 'Hacked' }, { first_name: 'Siobhán' }, '1'),
        update('students', { gender: 'X', zip_code: '99999' }, { gender: 'F', zip_code: '' }),
        update('staff', { last_name: 'Evil' }, { last_name: 'Rivera' }),
        update('classes', { class_name: 'Renamed' }, { class_name: 'Homeroom Ä' }),
      ]),
    );

    // Two of two students updated: past the update guard, as the file is known to be whole.
    const applied = run([...args('apply'), '--force']);
    expect(applied.status).toBe('succeeded');
    expect(applied.summary.students.update).toBe(2);
    const stored = await query(url, (k) =>
      k('dessa_students').where({ org }).orderBy('student_id').select('first_name', 'gender', 'zip_code'),
    );
    expect(stored).toEqual([
      { first_name: 'Siobhán', gender: 'F', zip_code: '06103' },
      { first_name: 'Bo', gender: 'F', zip_code: '' },
    ]);
    const teacher = await query(url, (k) => k('dessa_staff').where({ org }).first('last_name'));
    expect(teacher).toEqual({ last_name: 'Rivera' });
    const hr1 = await query(url, (k) => k('dessa_classes').where({ org, class_code: 'HR1' }).first('class_name'));
    expect(hr1).toEqual({ class_name: 'Homeroom Ä' });
    // The change log says what was restored, from what.
    const log = await query(url, (k) =>
      k('dessa_changes')
        .where({ org, run_id: applied.runId, entity: 'students', entity_key: '1' })
        .first('before', 'after'),
    );
    expect([JSON.parse(log.before), JSON.parse(log.after)]).toEqual([
      { first_name: 'Hacked' },
      { first_name: 'Siobhán' },
    ]);

    expect(run(args('apply')).status).toBe('unchanged');
  });

  it('make a saved plan stale', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const file = roster();
    run(['apply', file, '--org', org, '--db', url, '--format', 'json']);
    const plan = join(tmp(), 'plan.json');
    expect(cli(['diff', file, '--org', org, '--db', url, '--output', plan]).code).toBe(0);
    await query(url, (k) => k('dessa_students').where({ org, student_id: '1' }).update({ first_name: 'Hacked' }));
    const r = cli(['apply', '--plan', plan, '--org', org, '--db', url]);
    expect(r.stderr).toContain('[plan-stale]');
    expect(r.code).toBe(1);
    const kept = await query(url, (k) => k('dessa_students').where({ org, student_id: '1' }).first('first_name'));
    expect(kept).toEqual({ first_name: 'Hacked' });
  });
});
