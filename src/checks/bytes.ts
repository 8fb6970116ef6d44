/**
 * Byte-level tests for the values that are right, so the common case makes no string.
 * Each answers only "plainly good"; anything else goes to the string check, which
 * decides and words the fix hint.
 *
 * The bytes are well-formed UTF-8 (a Windows-1252 byte such as 0x96 would pass as plain
 * text): a row holding one that is not is reported as invalid-utf8 and set aside before
 * these run (RowStage, told by the decoder, which checks every byte).
 */

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Skips ASCII whitespace and no-break spaces (C2 A0) at the start. */
export function trimStart(b: Buffer, s: number, e: number): number {
  for (;;) {
    if (s < e && isSpace(b[s])) s++;
    else if (s + 1 < e && b[s] === 0xc2 && b[s + 1] === 0xa0) s += 2;
    else return s;
  }
}

export function trimEnd(b: Buffer, s: number, e: number): number {
  for (;;) {
    if (e > s && isSpace(b[e - 1])) e--;
    else if (e - 1 > s && b[e - 1] === 0xa0 && b[e - 2] === 0xc2) e -= 2;
    else return e;
  }
}

/**
 * Control characters a value may not hold: C0 but tab, CR and LF; DEL; and C1 (U+0080 to
 * U+009F: Windows-1252's unassigned bytes decode to them). By character code.
 */
export const isControl = (c: number) => (c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 127 && c <= 159);

/**
 * By byte: 1 for an ASCII control and for every byte of a non-ASCII character. Whatever a
 * non-ASCII character is (a C1 control, an invisible format character, a Unicode space that
 * looks like U+0020, a combining accent that makes the value not NFC), the string checks
 * judge it; ASCII text, most of a roster, never makes a string.
 */
const NOT_PLAIN = new Uint8Array(256);
for (let c = 0; c < 256; c++) if (c >= 128 || isControl(c)) NOT_PLAIN[c] = 1;

/**
 * ASCII free text with no control character (and, for an ID, no '+': not rewritten by Excel
 * as 1.23457E+11). Never true where checkControl or checkLookalike finds something.
 */
export function isPlainText(b: Buffer, s: number, e: number, id: boolean): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (NOT_PLAIN[c] === 1 || (id && c === 43)) return false;
  }
  return true;
}

/** `="…"`, Excel's formula text (checkExcelText): on the trimmed bytes, the same shape test. */
export function isExcelText(b: Buffer, s: number, e: number): boolean {
  return e - s >= 3 && b[s] === 61 && b[s + 1] === 34 && b[e - 1] === 34;
}

export function allDigits(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] < 48 || b[i] > 57) return false;
  return true;
}

/** K or 1..12 exactly. */
export function isGrade(b: Buffer, s: number, e: number): boolean {
  if (e - s === 1) return b[s] === 75 || (b[s] >= 49 && b[s] <= 57);
  return e - s === 2 && b[s] === 49 && b[s + 1] >= 48 && b[s + 1] <= 50;
}

const num2 = (b: Buffer, i: number) => (b[i] - 48) * 10 + (b[i + 1] - 48);

/** mm/dd/yyyy, a real date, from `earliest` to `today` (yyyymmdd): a likely date of birth. */
export function isLikelyDob(b: Buffer, s: number, e: number, earliest: number, today: number): boolean {
  if (e - s !== 10 || b[s + 2] !== 47 || b[s + 5] !== 47) return false;
  if (!allDigits(b, s, s + 2) || !allDigits(b, s + 3, s + 5) || !allDigits(b, s + 6, e)) return false;
  const m = num2(b, s);
  const d = num2(b, s + 3);
  const y = num2(b, s + 6) * 100 + num2(b, s + 8);
  if (m < 1 || m > 12 || d < 1 || d > 28 + (m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 1 : 0) : 3))
    return false;
  if (d === 31 && (m === 4 || m === 6 || m === 9 || m === 11)) return false;
  const day = y * 10000 + m * 100 + d;
  return day >= earliest && day <= today;
}

/** local@domain.tld in printable ASCII, no spaces, every label non-empty, a TLD of two or more. */
export function isPlainEmail(b: Buffer, s: number, e: number): boolean {
  let at = -1;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c <= 32 || c >= 127) return false;
    if (c === 64) {
      if (at >= 0) return false;
      at = i;
    }
  }
  if (at <= s || at >= e - 1) return false;
  let labelStart = at + 1;
  let dots = 0;
  for (let i = at + 1; i < e; i++) {
    if (b[i] === 46) {
      if (i === labelStart) return false;
      labelStart = i + 1;
      dots++;
    }
  }
  return dots > 0 && e - labelStart >= 2;
}
