import { isControl } from './bytes.js';
import type { IssueCode, Params } from './messages.js';

/** What a value check found; the caller adds row, column and value. */
export interface Finding {
  code: IssueCode;
  params: Params;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.[^\s@.]{2,}$/;

export function checkEmail(v: string): Finding | null {
  if (EMAIL.test(v)) return null;
  const fixed = v.replace(/\s+/g, '');
  const hint = fixed !== v && EMAIL.test(fixed) ? ` Remove the spaces: ${JSON.stringify(fixed)}.` : '';
  return { code: 'invalid-email', params: { hint } };
}

const GRADES = new Set(['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);

export function checkGrade(v: string): Finding | null {
  if (GRADES.has(v)) return null;
  let suggestion: string | undefined;
  const u = v.toUpperCase();
  if (u === 'K' || u === 'KG' || u === 'KN' || u === 'KINDERGARTEN' || u === '0' || u === '00') suggestion = 'K';
  else if (/^0\d+$/.test(v) && GRADES.has(String(Number(v)))) suggestion = String(Number(v));
  else if (/^(?:GRADE\s*)?\d+(?:ST|ND|RD|TH)?(?:\s*GRADE)?$/.test(u)) {
    const n = String(Number(u.replace(/\D/g, '')));
    if (GRADES.has(n)) suggestion = n;
  }
  return { code: 'invalid-grade', params: { suggestion } };
}

const SYNONYMS: Record<string, string> = { YES: 'Y', NO: 'N', TRUE: 'Y', FALSE: 'N', '1': 'Y', '0': 'N', MALE: 'M', FEMALE: 'F', UNKNOWN: 'U' };

/** A case-sensitive list of values; a match in another case names the right one. */
export function checkEnum(v: string, allowed: readonly string[], column: string): Finding | null {
  if (allowed.includes(v)) return null;
  const u = v.toUpperCase();
  const exact = allowed.find((a) => a === u);
  if (exact) return { code: 'wrong-case', params: { suggestion: exact } };
  const syn = SYNONYMS[u];
  const suggestion = syn && allowed.includes(syn) ? syn : undefined;
  return { code: 'invalid-value', params: { column, allowed: allowed.join(', '), suggestion } };
}

export function checkZip(v: string): Finding | null {
  if (/^\d{5}$/.test(v)) return null;
  if (/^\d{4}$/.test(v)) return { code: 'invalid-zip', params: { suggestion: `0${v}`, hint: ' (Excel drops leading zeros: format the column as Text before export).' } };
  const plus4 = /^(\d{5})-?\d{4}$/.exec(v);
  if (plus4) return { code: 'invalid-zip', params: { suggestion: plus4[1], hint: ' (ZIP+4 is not accepted: keep the first five digits).' } };
  return { code: 'invalid-zip', params: {} };
}

const SCIENTIFIC = /^\d(?:\.\d+)?E\+\d+$/i;

/**
 * A C0 control character (or DEL) other than tab, line feed and carriage return: never part
 * of a real name or ID, and the roster's own key separators are among them.
 */
export function checkControl(v: string): Finding | null {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isControl(c)) {
      return { code: 'control-character', params: { char: `U+${c.toString(16).toUpperCase().padStart(4, '0')}`, position: i + 1 } };
    }
  }
  return null;
}

/** An identifier Excel re-wrote as 1.23457E+11 has lost digits for good. */
export function looksScientific(v: string): boolean {
  return v.length >= 5 && (v.includes('E+') || v.includes('e+')) && SCIENTIFIC.test(v);
}
