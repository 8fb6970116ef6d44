import { windows1252Char } from './cp1252.js';

/**
 * UTF-8 well-formedness by byte (Unicode Table 3-7: no overlong forms, no surrogates, nothing
 * above U+10FFFF; what node's `isUtf8` accepts), and what a stray byte most likely was.
 */

/**
 * Length of the well-formed sequence that starts at `i` (1 for ASCII, 2 to 4); 0 when none
 * does; -1 when `end` cuts a sequence that is well-formed so far (it may go on in the next read).
 */
export function sequenceAt(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < len; k++) {
    if (i + k >= end) return -1;
    const d = b[i + k];
    if (d < lo || d > hi) return 0;
    lo = 0x80;
    hi = 0xbf;
  }
  return len;
}

/** What a run of bytes holds: a well-formed multi-byte sequence, a byte that is not UTF-8. */
export interface Utf8Scan {
  multiByte: boolean;
  stray: boolean;
}

/** Scans `b[0..end)`, whose end is known not to cut a sequence (see `completeLength`). */
export function scanUtf8(b: Uint8Array, end = b.length): Utf8Scan {
  let multiByte = false;
  let stray = false;
  for (let i = 0; i < end;) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    const len = sequenceAt(b, i, end);
    if (len > 1) {
      multiByte = true;
      i += len;
    } else {
      stray = true;
      i++;
    }
    if (multiByte && stray) break;
  }
  return { multiByte, stray };
}

/** The length of `b` without a sequence cut off at its end (well-formed so far, so it may finish in the next read). */
export function completeLength(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back];
    if (c < 0x80) return n;
    if (c >= 0xc0) return sequenceAt(b, n - back, n) === -1 ? n - back : n;
  }
  return n;
}

/** The bytes in `b[s..e)` that are not part of a well-formed sequence, in order, each once. */
export function strayBytesIn(b: Uint8Array, s: number, e: number): number[] {
  const found: number[] = [];
  for (let i = s; i < e;) {
    const len = b[i] < 0x80 ? 1 : sequenceAt(b, i, e);
    if (len > 0) {
      i += len;
      continue;
    }
    if (!found.includes(b[i])) found.push(b[i]);
    i++;
  }
  return found;
}

/** Windows-1252 characters worth a name (the invisible, and the look-alikes of ASCII). */
const NAMED: Record<number, string> = {
  0x80: 'a euro sign',
  0x82: 'a low quote',
  0x84: 'a low double quote',
  0x85: 'an ellipsis',
  0x91: 'a left quote',
  0x92: 'a right quote (apostrophe)',
  0x93: 'a left double quote',
  0x94: 'a right double quote',
  0x95: 'a bullet',
  0x96: 'an en dash',
  0x97: 'an em dash',
  0x98: 'a small tilde',
  0x99: 'a trademark sign',
  0xa0: 'a no-break space',
  0xad: 'a soft hyphen',
};
/** Bytes Windows-1252 leaves unassigned. */
const UNASSIGNED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** 'byte 0x96 is not UTF-8 (in Windows-1252 it is an en dash "–")': for a finding's message. */
export function describeStrayBytes(bytes: readonly number[]): string {
  const shown = bytes.slice(0, 4);
  const hex = shown.map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`);
  const meanings = shown.map((b) => {
    if (UNASSIGNED.has(b)) return 'not a character either';
    const char = windows1252Char(b);
    const shownChar = b === 0xa0 || b === 0xad ? '' : ` "${char}"`;
    return `${NAMED[b] ?? ''}${shownChar}`.trim();
  });
  const more = bytes.length > shown.length ? ` and ${bytes.length - shown.length} more` : '';
  if (shown.length === 1) return `byte ${hex[0]} is not UTF-8 (in Windows-1252 it is ${meanings[0]})`;
  return `bytes ${hex.join(', ')}${more} are not UTF-8 (in Windows-1252: ${meanings.join(', ')})`;
}
