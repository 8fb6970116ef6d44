import { describe, expect, it } from 'vitest';
import { repairEnum, repairGrade, repairZip } from '../src/repair/codes.js';

describe('grade repairs', () => {
  it.each([
    ['KG', 'K'],
    ['k', 'K'],
    ['Kindergarten', 'K'],
    ['01', '1'],
    ['09', '9'],
    ['Grade 5', '5'],
    ['3rd', '3'],
    ['1st', '1'],
    ['12th Grade', '12'],
  ])('%s becomes %s', (v, value) => expect(repairGrade(v)).toEqual({ value, rule: 'grade-level' }));

  it.each(['K', '7', '12', '13', 'PK', 'Grade 13', 'first', '-1'])('%s stays', (v) =>
    expect(repairGrade(v)).toBeNull(),
  );
});

describe('listed values', () => {
  const GENDER = ['M', 'F', 'T', 'U', 'N', 'X'];
  const YN = ['Y', 'N'];
  it.each([
    ['f', GENDER, 'F', 'enum-case'],
    ['x', GENDER, 'X', 'enum-case'],
    ['Male', GENDER, 'M', 'enum-word'],
    ['FEMALE', GENDER, 'F', 'enum-word'],
    ['unknown', GENDER, 'U', 'enum-word'],
    ['y', YN, 'Y', 'enum-case'],
    ['Yes', YN, 'Y', 'enum-word'],
    ['no', YN, 'N', 'enum-word'],
    ['TRUE', YN, 'Y', 'enum-word'],
  ])('%s becomes %s', (v, allowed, value, rule) => expect(repairEnum(v, allowed, 'Field')).toEqual({ value, rule }));

  it.each([
    ['F', GENDER],
    ['Woman', GENDER],
    ['Yes', GENDER],
    ['Maybe', YN],
    ['U', YN],
  ])('%s stays in %j', (v, allowed) => expect(repairEnum(v, allowed, 'Field')).toBeNull());
});

describe('zip repairs', () => {
  it.each([
    ['6103', '06103', 'zip-leading-zero'],
    ['06103-1234', '06103', 'zip-plus-four'],
    ['061031234', '06103', 'zip-plus-four'],
  ])('%s becomes %s', (v, value, rule) => expect(repairZip(v)).toEqual({ value, rule }));

  it.each(['06103', '610', '6103-1234', 'ABCDE', '06103-12'])('%s stays', (v) => expect(repairZip(v)).toBeNull());
});
