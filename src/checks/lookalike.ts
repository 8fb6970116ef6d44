import type { Finding } from './values.js';

/**
 * Unicode spaces other than U+0020, by code, their name in messages. Each looks like a plain
 * space, so `Lincoln Elementary` typed once with U+00A0 is a second site shown identically.
 */
const SPACES: Record<number, string> = {
  0x00a0: 'no-break space',
  0x2000: 'en quad',
  0x2001: 'em quad',
  0x2002: 'en space',
  0x2003: 'em space',
  0x2004: 'three-per-em space',
  0x2005: 'four-per-em space',
  0x2006: 'six-per-em space',
  0x2007: 'figure space',
  0x2008: 'punctuation space',
  0x2009: 'thin space',
  0x200a: 'hair space',
  0x202f: 'narrow no-break space',
  0x205f: 'medium mathematical space',
  0x3000: 'ideographic space',
};

/** Where `v` and its NFC form first differ (1-based, in UTF-16 units): the letter the mark after it belongs to. */
function firstDifference(v: string, nfc: string): number {
  let i = 0;
  while (i < v.length && v.charCodeAt(i) === nfc.charCodeAt(i)) i++;
  return i + 1;
}

/**
 * A value that looks like another but is different text: a Unicode space other than U+0020
 * inside it, or characters not in Unicode's composed form (NFC), such as `é` typed as `e` plus
 * a combining accent (macOS file names and some web forms). Either makes a second record shown
 * exactly like the first. A warning: the value is kept as typed. Only a value with a non-ASCII
 * character can hold either, so ASCII values are passed over before any normalising.
 */
export function checkLookalike(v: string): Finding | null {
  let ascii = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x80) continue;
    ascii = false;
    const name = SPACES[c];
    if (name !== undefined) {
      const char = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      const what = `a ${char} ${name} (position ${i + 1}) that looks like a plain space`;
      return { code: 'lookalike-character', params: { what, fix: 'replace it with a plain space' } };
    }
  }
  if (ascii) return null;
  const nfc = v.normalize('NFC');
  if (nfc === v) return null;
  const what = `an accent or mark stored apart from its letter (position ${firstDifference(v, nfc)})`;
  return { code: 'lookalike-character', params: { what, fix: 'save the text normalised (NFC)' } };
}
