import { csv, row } from './helpers.js';

/* Rosters for the HTML report's tests: cells that try to become markup. */

export const PAYLOADS = {
  script: '<script>window.__pwned = 1</script>',
  attribute: '"><img src=x onerror="window.__pwned = 2">',
  /** The attribute payload as a CSV cell: quoted, its quotes doubled. */
  attributeCell: '"""><img src=x onerror=""window.__pwned = 2"">"',
  close: '</script><script>window.__pwned = 3</script>',
  separator: 'Lee\u2028Kim',
};

/** A roster whose cells hold markup: each lands in an example row and in the data block. */
export function hostileRoster(): string {
  return csv(
    row({ 'Student ID': '1', Gender: PAYLOADS.script }),
    row({ 'Student ID': '2', 'Last Name': PAYLOADS.attributeCell, DOB: PAYLOADS.close }),
    row({ 'Student ID': '3', 'First Name': PAYLOADS.separator, 'Grade Level': 'KG' }),
    ...Array.from({ length: 6 }, (_, i) => row({ 'Student ID': String(10 + i), Gender: i % 2 ? 'Male' : 'F' })),
    row({ 'Student ID': '10', Gender: 'F' }), // a duplicate row: a warning
  );
}

/** Hostile cells padded with spaces: trim-whitespace changes them, so each is a before and an after value. */
export function hostileFixRoster(): string {
  return csv(
    row({ 'Student ID': '1', 'Last Name': ` ${PAYLOADS.script} `, Gender: 'f' }),
    row({ 'Student ID': '2', 'Last Name': `" ${PAYLOADS.attribute.replace(/"/g, '""')} "` }),
    row({ 'Student ID': '3', 'First Name': ` ${PAYLOADS.close} `, 'Grade Level': 'KG' }),
    row({ 'Student ID': '4', 'First Name': `${PAYLOADS.separator} ` }),
  );
}
