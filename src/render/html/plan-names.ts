import { SEP } from '../../base/keys.js';
import { linkEnds, LINK_ENDS, type Fields, type LinkEntity, type RecordEntity } from '../../plan/entities.js';
import type { Change, Plan } from '../../plan/plan.js';

/* Names beside the IDs of a plan: what a person recognises a student, a teacher or a class by. */

/** A record's name from its fields: a person's first and last name, a class's name; a site's key is its name. */
function nameOf(entity: RecordEntity, f: Fields | null | undefined): string {
  if (!f) return '';
  if (entity === 'students' || entity === 'staff') return [f.first_name, f.last_name].filter(Boolean).join(' ');
  if (entity === 'classes') return f.class_name ?? '';
  return '';
}

/** The fields removals carry, by entity and key: a link removed with its student names the student. */
const removedFields = new WeakMap<Plan, Map<string, Fields>>();

function removed(plan: Plan, entity: RecordEntity, key: string): Fields | undefined {
  let byKey = removedFields.get(plan);
  if (byKey === undefined) {
    byKey = new Map();
    for (const c of plan.records) if (c.action === 'remove' && c.before) byKey.set(`${c.entity} ${c.key}`, c.before);
    removedFields.set(plan, byKey);
  }
  return byKey.get(`${entity} ${key}`);
}

/** The file's fields of a record the plan keeps (create, update, reactivate), or the fields the change carries. */
function fieldsOf(plan: Plan, entity: RecordEntity, key: string, c?: Change): Fields | undefined {
  const set = plan.sources?.[entity];
  const at = c?.at ?? c?.row ?? set?.index.get(key);
  if (set && at !== undefined) return set.fields(at);
  return c?.before ?? c?.after ?? removed(plan, entity, key);
}

/** A key as people read it: its parts joined by " / ". */
export const keyText = (key: string) => key.split(SEP).join(' / ');

/** The name of a record change's record ("" when it has none to show). */
export function recordName(plan: Plan, c: Change): string {
  const entity = c.entity as RecordEntity;
  return nameOf(entity, fieldsOf(plan, entity, c.key, c));
}

/** A link's two ends, each as its key and the name the file gives it (where the file still lists it). */
export function linkNames(plan: Plan, entity: LinkEntity, key: string): { key: string; name: string }[] {
  const ends = linkEnds(entity, key);
  return LINK_ENDS[entity].map((end, k) => ({
    key: keyText(ends[k]),
    name: nameOf(end, fieldsOf(plan, end, ends[k])),
  }));
}
