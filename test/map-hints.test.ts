import { describe, expect, it } from 'vitest';
import { loadMap } from '../src/command-kit/options.js';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { check, row, writeTmp } from './helpers.js';

const renamed = (from: string, to: string) => `${FIELD_NAMES.map((f) => (f === from ? to : f)).join(',')}\n${row()}\n`;
const map = (m: Record<string, unknown>) => loadMap(writeTmp('m.json', JSON.stringify(m)));

describe('--map hints', () => {
  it('a map column the file does not have is a warning naming it, with close matches among the headers', async () => {
    const r = check(renamed('Student ID', 'Student_Number'), { aliases: await map({ Student_Numbr: 'Student ID' }) });
    expect(r.issues.map((i) => [i.severity, i.code, i.value])).toEqual([
      ['warning', 'unknown-column', 'Student_Number'],
      ['warning', 'unused-map-column', 'Student_Numbr'],
      ['error', 'missing-column', null],
    ]);
    expect(r.issues[1].message).toBe(
      '--map names column "Student_Numbr" (for "Student ID"), which this file does not have; ' +
        'close matches in the file: "Student_Number": correct the name in the map file.',
    );
  });

  it('with nothing close, the warning just names the column; a map column the file has is silent', async () => {
    const aliases = await map({ Local_ID: 'Student State ID (SASID)', 'student  NUMBER': 'Student ID' });
    const r = check(renamed('Student ID', 'Student Number'), { aliases });
    expect(r.issues.map((i) => [i.code, i.message])).toEqual([
      [
        'unused-map-column',
        '--map names column "Local_ID" (for "Student State ID (SASID)"), ' +
          'which this file does not have: correct the name in the map file.',
      ],
    ]);
    expect(r.valid).toBe(true);
  });

  it('a misspelled target field gets close matches', async () => {
    await expect(map({ Student_Number: 'Studnet ID' })).rejects.toThrow(
      '"Studnet ID" (mapped from "Student_Number") is not a spec field; ' +
        'did you mean "Student ID"? see dessa-roster spec',
    );
    await expect(map({ State_ID: 'SASID' })).rejects.toThrow('did you mean "Student State ID (SASID)"?');
    await expect(map({ McKV: 'McKinney Vento Flag' })).rejects.toThrow('did you mean "McKinney-Vento"?');
    await expect(map({ X: 'Favourite Colour' })).rejects.toThrow(/is not a spec field; see dessa-roster spec$/);
  });

  it('two map columns that are one column once case and spacing are ignored are refused', async () => {
    const twice = { Student_Number: 'Student ID', 'student_number ': 'Student State ID (SASID)' };
    await expect(map(twice)).rejects.toThrow('are one column');
  });
});
