import { FIELDS } from '../fields/fields.js';
import type { Change, PlanWarning } from './types.js';

/**
 * An optional field the file has no column for reads as blank for every student, so the plan
 * blanks each stored value of it: usually a re-export that dropped the column or renamed it to
 * something the near-miss check does not catch ("ELL", "IEP"). Not a refusal (a field may be
 * dropped on purpose), but one warning a field, with the count and the fix. Pure: it reads the
 * plan's changes (before has a value, after is blank) and the fields the header lacks.
 */
export function blankWarnings(changes: readonly Change[], absent: readonly string[] | undefined): PlanWarning[] {
  if (!absent || absent.length === 0) return [];
  const lost = new Map<string, number>(absent.map((k) => [k, 0]));
  for (const c of changes) {
    if (c.entity !== 'students' || (c.action !== 'update' && c.action !== 'reactivate') || !c.after) continue;
    for (const [key, n] of lost) {
      if (c.after[key] === '' && (c.before?.[key] ?? '') !== '') lost.set(key, n + 1);
    }
  }
  const out: PlanWarning[] = [];
  for (const [key, n] of lost) {
    if (n === 0) continue;
    const name = FIELDS.find((f) => f.key === key)!.name;
    const q = JSON.stringify(name);
    out.push({
      code: 'blanked-field',
      entity: 'students',
      key,
      message:
        `the file has no ${q} column, so it reads as blank and the plan blanks the stored ${q} of ` +
        `${n} student${n === 1 ? '' : 's'}; if the export has it under another name, add the column ${q} ` +
        `or map it: --map '{"SIS name": ${q}}'`,
    });
  }
  return out;
}
