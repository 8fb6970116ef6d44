import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { cli, row, writeTmp } from './helpers.js';

/** A PowerSchool-style export: its own column names for the spec's fields. */
const SIS: Record<string, string> = {
  SchoolName: 'Site Name',
  Teacher_LastFirst_Last: 'Staff Last Name',
  Teacher_First: 'Staff First Name',
  Teacher_Email: 'Staff Email Address',
  Student_Number: 'Student ID',
  Last_Name: 'Last Name',
  First_Name: 'First Name',
  Gender: 'Gender',
  DOB: 'DOB',
  Grade_Level: 'Grade Level',
  'Course Name': 'Class Name',
  Course_Number: 'Class Code',
  Expression: 'Class Period',
  State_StudentNumber: 'Student State ID (SASID)',
};

function export_(): string {
  const header = FIELD_NAMES.map((f) => Object.keys(SIS).find((k) => SIS[k] === f) ?? f);
  return `${header.join(',')}\n${row()}\n`;
}

describe('--map', () => {
  it('maps a SIS export’s columns to the spec fields', () => {
    const file = writeTmp('ps.csv', export_());
    expect(cli(['validate', file]).code).toBe(1);
    const r = cli(['validate', file, '--map', writeTmp('map.json', JSON.stringify(SIS))]);
    expect(r.stdout).toContain('valid (0 errors');
    expect(r.code).toBe(0);
  });

  it.each([
    [
      'an unknown target field',
      { Student_Number: 'Student Number' },
      '"Student Number" (mapped from "Student_Number") is not a spec field',
    ],
    [
      'a field mapped twice',
      { Student_Number: 'Student ID', Local_ID: 'student id' },
      'field "Student ID" is mapped twice',
    ],
    ['a non-string target', { Student_Number: 5 }, 'must be a field name'],
    ['not an object', ['Student ID'], 'must be a JSON object'],
  ])('%s is a clear error', (_name, map, message) => {
    const r = cli(['validate', writeTmp('r.csv', export_()), '--map', writeTmp('m.json', JSON.stringify(map))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a map file that is not JSON is a clear error', () => {
    const r = cli(['validate', writeTmp('r.csv', export_()), '--map', writeTmp('m.json', '{oops')]);
    expect([r.code, r.stderr.includes('not valid JSON')]).toEqual([2, true]);
  });
});
