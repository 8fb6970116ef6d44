import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRoster } from '../src/checks/roster-check.js';
import { changeLog } from '../src/db/apply.js';
import { desiredFrom } from '../src/plan/entities.js';
import { allChanges, emptyCurrent, planChanges, planFromChanges } from '../src/plan/plan.js';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, csv, ROOT, row, TODAY } from './helpers.js';

const SEP = '\u001f';
const desired = (...rows: string[]) => desiredFrom(checkRoster(csv(...rows), { today: TODAY }).roster);

describe('change log (pure)', () => {
  it('one entry per student and action lists all its classes; records keep their fields', () => {
    const plan = planChanges(
      desired(row(), row({ 'Class Code': 'M', 'Class Period': '2' }), row({ 'Student ID': '7' })),
      emptyCurrent(),
    );
    const log = changeLog(plan);
    const enrol = log.filter((c) => c.entity === 'enrollments');
    expect(enrol.map((c) => [c.action, c.key])).toEqual([
      ['create', '1001'],
      ['create', '7'],
    ]);
    expect([...enrol[0].after!.links].sort()).toEqual([
      `Lincoln Elementary${SEP}HR3A${SEP}1`,
      `Lincoln Elementary${SEP}M${SEP}2`,
    ]);
    expect(log.find((c) => c.entity === 'students' && c.key === '7')?.after).toMatchObject({
      student_id: '7',
      first_name: 'Bao',
    });
  });

  it('a class key holding a line break stays one entry of the list', () => {
    const plan = planChanges(desired(row({ 'Class Code': '"A\nB"' }), row({ 'Class Code': 'C' })), emptyCurrent());
    const enrol = changeLog(plan).filter((c) => c.entity === 'enrollments');
    expect([...enrol[0].after!.links].sort()).toEqual([
      `Lincoln Elementary${SEP}A\nB${SEP}1`,
      `Lincoln Elementary${SEP}C${SEP}1`,
    ]);
  });

  it('values in column order and their JSON equal the fields, for every record entity', async () => {
    const { fieldsJson, RECORDS, RECORD_FIELDS } = await import('../src/plan/entities.js');
    const d = desired(
      row({ 'Last Name': 'Peña "Q"' }),
      row({ 'Student ID': '7', 'Staff Email Address': 'b@x.org', 'Class Code': 'M' }),
    );
    for (const entity of RECORDS) {
      const set = d.records[entity];
      for (let i = 0; i < set.keys.length; i++) {
        expect(set.values(i)).toEqual(RECORD_FIELDS[entity].map((k) => set.fields(i)[k] ?? ''));
        expect(JSON.parse(fieldsJson(entity, set.values(i)))).toEqual(set.fields(i));
      }
    }
  });

  it('a saved plan read back groups its removals by owner as well', () => {
    const plan = planChanges(desired(row(), row({ 'Class Code': 'M' })), emptyCurrent());
    const all = allChanges(plan).map((c) => (c.entity === 'enrollments' ? { ...c, action: 'remove' as const } : c));
    const back = planFromChanges(plan.summary, all);
    expect(back.links.enrollments.remove.count).toBe(2);
    const removed = changeLog(back).filter((c) => c.entity === 'enrollments');
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({ action: 'remove', key: '1001' });
    expect(removed[0].after!.links).toHaveLength(2);
  });
});

describe.each(DATABASES)('change log on %s', (_name, makeUrl) => {
  it('a first load of samples/roster.csv logs every student, and every enrollment under its student', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const sample = join(ROOT, 'samples', 'roster.csv');
    const applied = cli(['apply', sample, '--org', org, '--db', url, '--format', 'json']);
    expect(applied.code).toBe(0);
    const run = JSON.parse(
      cli(['history', String(JSON.parse(applied.stdout).runId), '--org', org, '--db', url, '--format', 'json']).stdout,
    );
    const enrol = run.changes.filter((c: { entity: string }) => c.entity === 'enrollments');
    expect(enrol).toHaveLength(50);
    const logged = enrol
      .flatMap((c: { key: string; after: { links: string[] } }) => c.after.links.map((l) => `${c.key}${SEP}${l}`))
      .sort();
    // The same pairs, read back from the rows the apply wrote.
    const rows = await query(url, (k) =>
      k('dessa_enrollments as e')
        .join('dessa_students as s', 's.id', 'e.student_ref')
        .join('dessa_classes as c', 'c.id', 'e.class_ref')
        .where('e.org', org)
        .select('s.student_id', 'c.site_name', 'c.class_code', 'c.class_period'),
    );
    const stored = rows
      .map((r: Record<string, string>) => [r.student_id, r.site_name, r.class_code, r.class_period].join(SEP))
      .sort();
    expect(stored).toHaveLength(readFileSync(sample, 'utf8').trim().split('\n').length - 1);
    expect(logged).toEqual(stored);
    expect(run.changes.filter((c: { entity: string }) => c.entity === 'students')).toHaveLength(50);
  });
});
