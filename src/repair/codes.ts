import { checkEnum, checkGrade, checkZip } from '../checks/values.js';
import type { Outcome } from './dates.js';

/* Grades, listed values and zip codes: the fix validate names, made when it has one reading. */

/** KG, k, 01, Grade 5, 3rd: the grade validate suggests. */
export function repairGrade(v: string): Outcome {
  const suggestion = checkGrade(v)?.params.suggestion;
  return suggestion === undefined ? null : { value: String(suggestion), rule: 'grade-level' };
}

/** f for F (case), Male for M, Yes for Y (a word validate names as the value meant). */
export function repairEnum(v: string, allowed: readonly string[], column: string): Outcome {
  const found = checkEnum(v, allowed, column);
  if (found === null || found.params.suggestion === undefined) return null;
  return { value: String(found.params.suggestion), rule: found.code === 'wrong-case' ? 'enum-case' : 'enum-word' };
}

/** 6103 for 06103 (Excel dropped the zero), 06103-1234 for 06103. */
export function repairZip(v: string): Outcome {
  const suggestion = checkZip(v)?.params.suggestion;
  if (suggestion === undefined) return null;
  return { value: String(suggestion), rule: /^\d{4}$/.test(v) ? 'zip-leading-zero' : 'zip-plus-four' };
}
