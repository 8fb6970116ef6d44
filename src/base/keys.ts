/**
 * The key format: how a record's or a link's natural key is one string.
 *
 * Parts are joined by U+001F (the ASCII unit separator). It cannot occur in a stored value:
 * control characters are refused by the value checks, so a joined key splits back into
 * exactly its parts. The same separator joins a record's packed attributes (roster/packing.ts)
 * and the values a fingerprint is computed from (plan/fingerprint.ts), so prints made in
 * memory and from stored columns (db/state.ts) agree.
 *
 * - site: its name; staff: the email, lower-cased; student: the Student ID.
 * - class: site SEP class code SEP period (classKey).
 * - link: its two ends' keys joined by SEP (linkKey): enrollment = student SEP class,
 *   class_staff = class SEP staff: four parts each, split by linkEnds.
 */
export const SEP = '\x1f';

export const classKey = (site: string, code: string, period: string) => [site, code, period].join(SEP);

/** A link's key: its two ends' keys. */
export const linkKey = (a: string, b: string) => `${a}${SEP}${b}`;

/** Splits a link key into its two ends (a class key has three parts of its own). */
export function linkEnds(entity: 'enrollments' | 'class_staff', key: string): [string, string] {
  let cut = key.indexOf(SEP);
  if (entity === 'class_staff') cut = key.indexOf(SEP, key.indexOf(SEP, cut + 1) + 1);
  return [key.slice(0, cut), key.slice(cut + 1)];
}
