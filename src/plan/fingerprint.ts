import { SEP } from '../base/keys.js';

/**
 * A 53-bit hash of a record's field values, in their column order, as 14 hex digits.
 * Equal fields give equal prints on every database; a change to any field changes the print
 * (a collision between a student's old and new fields is a 1 in 2^53 chance).
 */
export function fingerprint(values: readonly string[]): string {
  return printOf(values.join(SEP));
}

/** The print of values already joined by SEP. */
export function printOf(joined: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return ((h2 >>> 0) & 0x1fffff).toString(16).padStart(6, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
