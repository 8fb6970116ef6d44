import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRoster } from '../src/read/read.js';
import { cli, FIXTURES, tmp, TODAY } from './helpers.js';

/**
 * What a first reading of real exports showed: a 1.2 export read only its roles from roles.csv,
 * the roster-wide "no rows" finding true of an export, and values quoted as the source cell holds them.
 */

const OR = join(FIXTURES, 'oneroster');

function copy(name: string): string {
  const dir = join(tmp(), name);
  cpSync(join(OR, name), dir, { recursive: true });
  return dir;
}

/** Replaces `from` by `to` in one file of the export (the text must be there). */
function edit(dir: string, file: string, from: string, to: string) {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(join(dir, file), text.replace(from, to));
}

const read = (path: string) => readRoster(path, { today: TODAY });

describe('OneRoster 1.2 roles', () => {
  it('reads roles from roles.csv only: a 1.1 role column in users.csv is an unknown column', async () => {
    const dir = copy('v1.2');
    // The guardian g1 enrolled as a student; the stale users.role column says student for everyone.
    const users = readFileSync(join(dir, 'users.csv'), 'utf8').trimEnd().split('\n');
    const withRole = users.map((l, i) => `${l},${i === 0 ? 'role,orgSourcedIds' : 'student,h1'}`);
    writeFileSync(join(dir, 'users.csv'), `${withRole.join('\n')}\n`);
    edit(dir, 'enrollments.csv', 'n4,', 'n5,active,2026-08-01T00:00:00.000Z,k1,h1,g1,student,false,,\nn4,');
    const { report } = await read(dir);
    expect(report.valid).toBe(false);
    const notStudent = report.issues.filter((i) => i.code === 'oneroster-not-student');
    expect(notStudent).toHaveLength(1);
    expect(notStudent[0]).toMatchObject({ file: 'enrollments.csv', row: 5, value: 'g1' });
    expect(notStudent[0].message).toMatch(/guardian in roles\.csv/);
    const unknown = report.issues.filter((i) => i.code === 'oneroster-unknown-column' && i.file === 'users.csv');
    expect(unknown.map((i) => i.message).join('\n')).toMatch(/"role".*1\.2[\s\S]*"orgSourcedIds"/);
  });

  it('a 1.2 export without roles.csv: one warning on roles.csv, rows still built from enrollments', async () => {
    const dir = copy('v1.2');
    rmSync(join(dir, 'roles.csv'));
    edit(dir, 'manifest.csv', 'file.roles,bulk', 'file.roles,absent');
    const { report } = await read(dir);
    const noRoles = report.issues.filter((i) => i.code === 'oneroster-no-roles');
    expect(noRoles).toHaveLength(1);
    expect(noRoles[0]).toMatchObject({ severity: 'warning', file: 'roles.csv', row: null });
    expect(report.summary).toMatchObject({ rows: 4, staff: 2, students: 2 });
  });
});

describe('an export from which no DESSA row can be built', () => {
  it('without users.csv: the missing file is told, not "no data rows" on enrollments.csv', async () => {
    const dir = copy('v1.1');
    rmSync(join(dir, 'users.csv'));
    const { report } = await read(dir);
    expect(report.issues.some((i) => i.code === 'oneroster-missing-file' && i.file === 'users.csv')).toBe(true);
    expect(report.issues.map((i) => i.code)).not.toContain('no-data-rows');
    expect(report.issues.map((i) => i.message).join('\n')).not.toMatch(/header but no data rows/);
  });

  it('with every enrollment ended: one finding on the export saying why, not on enrollments.csv', async () => {
    const dir = copy('v1.2');
    const text = readFileSync(join(dir, 'enrollments.csv'), 'utf8');
    writeFileSync(join(dir, 'enrollments.csv'), text.replace(/,,\r?\n/g, ',2020-01-01,2020-06-30\n'));
    const { report } = await read(dir);
    expect(report.valid).toBe(false);
    expect(report.issues.map((i) => i.code)).not.toContain('no-data-rows');
    const none = report.issues.filter((i) => i.code === 'oneroster-no-rows');
    expect(none).toHaveLength(1);
    expect(none[0].file).toBeNull();
    expect(none[0].message).toMatch(/No DESSA row could be built from the export.*no active student enrollment/);
  });
});

describe('values quoted as the source cell holds them', () => {
  it('an impossible birthDate is quoted as written in demographics.csv', async () => {
    const dir = copy('v1.2');
    edit(dir, 'demographics.csv', '2011-02-15', '2011-02-30');
    const { report } = await read(dir);
    const bad = report.issues.find((i) => i.code === 'invalid-date');
    expect(bad).toMatchObject({ file: 'demographics.csv', row: 3, value: '2011-02-30' });
    expect(bad!.message).toContain('"2011-02-30"');
    expect(bad!.message).not.toContain('02/30/2011');
  });

  it('the validate command prints the source cell too', () => {
    const dir = copy('v1.2');
    edit(dir, 'demographics.csv', '2011-02-15', '2011-02-30');
    const r = cli(['validate', dir, '--format', 'json']);
    expect(r.stdout).toContain('2011-02-30');
    expect(r.stdout).not.toContain('02/30/2011');
  });
});
