import { isControl } from './bytes.js';
import type { IssueCode, Params } from '../findings/messages.js';

/** What a value check found; the caller adds row, column and value. */
export interface Finding {
  code: IssueCode;
  params: Params;
}

/**
 * `="00123"`: the formula SIS exports write so that Excel keeps leading zeros. Read as CSV it is
 * the formula's text, never the value, and passes most rules (an ID, a name, even an email), so
 * every field refuses it and names the value inside, Excel's doubled quotes undone.
 */
export function checkExcelText(v: string): Finding | null {
  if (v.length < 3 || v.charCodeAt(0) !== 61 || v.charCodeAt(1) !== 34 || v.charCodeAt(v.length - 1) !== 34)
    return null;
  const inner = v.slice(2, -1).replace(/""/g, '"').trim();
  return { code: 'excel-formula-text', params: { suggestion: inner } };
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

const SYNONYMS: Record<string, string> = {
  YES: 'Y',
  NO: 'N',
  TRUE: 'Y',
  FALSE: 'N',
  '1': 'Y',
  '0': 'N',
  MALE: 'M',
  FEMALE: 'F',
  UNKNOWN: 'U',
};

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
  if (/^\d{4}$/.test(v))
    return {
      code: 'invalid-zip',
      params: { suggestion: `0${v}`, hint: ' (Excel drops leading zeros: format the column as Text before export).' },
    };
  const plus4 = /^(\d{5})-?\d{4}$/.exec(v);
  if (plus4)
    return {
      code: 'invalid-zip',
      params: { suggestion: plus4[1], hint: ' (ZIP+4 is not accepted: keep the first five digits).' },
    };
  return { code: 'invalid-zip', params: {} };
}

const SCIENTIFIC = /^\d(?:\.\d+)?E\+\d+$/i;

/**
 * Invisible format characters: they pass for nothing on screen yet make "Ann" and "Ann\u200b"
 * two students, and bidi controls reorder what a reader sees. By code, their name in messages.
 */
const FORMAT: Record<number, string> = {
  0xfeff: 'byte-order mark',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x2060: 'word joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x061c: 'Arabic letter mark',
};
for (let c = 0x202a; c <= 0x202e; c++) FORMAT[c] = 'bidirectional control';
for (let c = 0x2066; c <= 0x2069; c++) FORMAT[c] = 'bidirectional isolate';

/** U+200C/U+200D joining two non-ASCII characters (an emoji sequence, Persian or Indic script) is part of the text. */
function joinsLetters(v: string, i: number): boolean {
  const c = v.charCodeAt(i);
  if (c !== 0x200c && c !== 0x200d) return false;
  const visible = (k: number) => k > 0x7f && FORMAT[k] === undefined && !/\s/.test(String.fromCharCode(k));
  return i > 0 && i + 1 < v.length && visible(v.charCodeAt(i - 1)) && visible(v.charCodeAt(i + 1));
}

const BOM_HINT =
  " (a byte-order mark inside a file is left by joining two exports: delete that line's mark, " +
  'or the repeated header row it starts)';

/**
 * A C0 control character (or DEL) other than tab, line feed and carriage return, a C1 control,
 * or an invisible format character: never part of a real name or ID, and the roster's own key
 * separators are among them. The file's own leading byte-order mark never gets here: the
 * decoder strips it.
 */
export function checkControl(v: string): Finding | null {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const format = FORMAT[c];
    if (isControl(c) || (format !== undefined && !joinsLetters(v, i))) {
      const char = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      const hint = c === 0xfeff ? BOM_HINT : '';
      return { code: 'control-character', params: { char, name: format, position: i + 1, hint } };
    }
  }
  return null;
}

/** An identifier Excel re-wrote as 1.23457E+11 has lost digits for good. */
export function looksScientific(v: string): boolean {
  return v.length >= 5 && (v.includes('E+') || v.includes('e+')) && SCIENTIFIC.test(v);
}
