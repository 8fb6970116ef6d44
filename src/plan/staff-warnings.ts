import type { Fields } from './entities.js';
import type { Change, Current, PlanWarning } from './types.js';

/** A value for a one-line message: quoted, control characters (C0, DEL, C1) escaped. */
export const quote = (v: string) =>
  JSON.stringify(v).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** A key (an email, a program) as it is when it holds nothing to escape, escaped otherwise. */
const plain = (v: string) => quote(v).slice(1, -1);

/** How a side spells the fields that differ: the name (first last), the email, or both. */
function spelling(f: Fields, nameDiffers: boolean, emailDiffers: boolean): string[] {
  const out: string[] = [];
  if (nameDiffers) out.push(`the name ${quote(`${f.first_name} ${f.last_name}`)}`);
  if (emailDiffers) out.push(`the email ${quote(f.email)}`);
  return out;
}

/**
 * Staff are the org's, one record a person for every program. When this program's file
 * spells a person otherwise than the org's record, and another program's run wrote that
 * record last, the programs disagree: applying changes the record for them too (and their
 * next run changes it back). Not a refusal: the file is the source of truth for its program.
 */
export function staffWarnings(changes: readonly Change[], current: Current): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const c of changes) {
    if (c.entity !== 'staff' || c.action !== 'update' || !c.before || !c.after) continue;
    const writer = current.staffWriters.get(c.key);
    if (writer === undefined) continue;
    const stored = (current.records.staff.get(c.key) ?? current.joining.get(c.key))?.fields;
    if (!stored) continue;
    const file = { ...stored, ...c.after };
    const nameDiffers = 'first_name' in c.after || 'last_name' in c.after;
    const emailDiffers = 'email' in c.after;
    if (!nameDiffers && !emailDiffers) continue;
    const says = spelling(file, nameDiffers, emailDiffers);
    const has = spelling(stored, nameDiffers, emailDiffers).map((s) => s.replace(/^the (name|email) /, ''));
    out.push({
      code: 'staff-disagreement',
      entity: 'staff',
      key: c.key,
      message:
        `staff ${plain(c.key)}: program ${plain(current.program)}'s file spells ${says.join(' and ')}, ` +
        `the org's record (last written by program ${plain(writer)}) ${has.join(' and ')}; ` +
        "applying changes the org's record for every program",
    });
  }
  return out;
}
