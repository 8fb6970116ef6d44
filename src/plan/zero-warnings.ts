import { quote } from './staff-warnings.js';
import type { Change, PlanWarning } from './types.js';

/** Examples a warning names; the count covers the rest. */
const EXAMPLES = 3;

const stripZeros = (id: string) => id.replace(/^0+/, '');

/**
 * A spreadsheet opened and saved by Excel turns a Student ID of `00100` into the number 100,
 * so the plan removes 00100 and creates 100: the student's record (and what hangs on it in
 * the vendor's system) stays on the removed one. When only some IDs lost their zeros the
 * removal guard does not catch it. Not a refusal (IDs do get renumbered), but one warning,
 * with examples and the count. Pure and cheap: a map of the removed students' IDs that start
 * with a zero (removals are few), then one look-up per create.
 */
export function zeroWarnings(changes: readonly Change[]): PlanWarning[] {
  const removed = new Map<string, string>();
  for (const c of changes) {
    if (c.entity !== 'students' || c.action !== 'remove' || !c.key.startsWith('0')) continue;
    const stripped = stripZeros(c.key);
    if (!removed.has(stripped)) removed.set(stripped, c.key);
  }
  if (removed.size === 0) return [];
  const pairs: string[] = [];
  let n = 0;
  for (const c of changes) {
    if (c.entity !== 'students' || c.action !== 'create') continue;
    const was = removed.get(stripZeros(c.key));
    // Only the direction Excel goes: the file's ID has fewer leading zeros than the stored one.
    if (was === undefined || was.length <= c.key.length) continue;
    if (++n <= EXAMPLES) pairs.push(`student ${quote(was)} would be removed and ${quote(c.key)} created`);
  }
  if (n === 0) return [];
  const more = n > EXAMPLES ? ` (and ${n - EXAMPLES} more)` : '';
  return [
    {
      code: 'leading-zeros',
      entity: 'students',
      key: 'student_id',
      message:
        `${n} Student ID${n === 1 ? '' : 's'} of the file match${n === 1 ? 'es' : ''} a removed student's ID ` +
        `but for its leading zeros: ${pairs.join(', ')}${more}; Excel probably dropped the leading zeros: ` +
        'export the IDs as text, or fix the file',
    },
  ];
}
