import { LINK_ENDS, LINKS, type EntityName, type Fields, type LinkEntity, type RecordEntity } from './entities.js';
import { shown } from './shown.js';
import type { Change, Plan } from './plan.js';

const SHOWN = 3;

const singular = (e: string) => (e === 'classes' ? 'class' : e.replace(/s$/, ''));

/** A record's name for people, from the fields a change carries (or the file's record). */
function nameOf(entity: RecordEntity, f: Fields | undefined): string {
  if (!f) return '';
  if (entity === 'students' || entity === 'staff') return [f.last_name, f.first_name].filter(Boolean).join(', ');
  if (entity === 'classes') return f.class_name ?? '';
  return '';
}

function recordLabel(plan: Plan, c: Change): string {
  const entity = c.entity as RecordEntity;
  const whole = c.row !== undefined && plan.sources ? plan.sources[entity].fields(c.row) : undefined;
  const name = nameOf(entity, { ...c.before, ...whole });
  return name ? `${shown(c.key)} (${shown(name)})` : shown(c.key);
}

/**
 * ", e.g. A, B, C and N more": the first few records a guard is about (those `which` keeps),
 * escaped, so the person reading the refusal sees who would go before deciding to move the limit.
 */
export function guardExamples(
  plan: Plan,
  entity: EntityName,
  action: 'remove' | 'update',
  which: (c: Change) => boolean = () => true,
): string {
  let labels: string[];
  let total: number;
  if ((LINKS as readonly string[]).includes(entity)) {
    if (action !== 'remove') return '';
    const set = plan.links[entity as LinkEntity].remove;
    total = set.count;
    const [a, b] = LINK_ENDS[entity as LinkEntity];
    const label = (i: number) => `${singular(a)} ${shown(set.aKey(i))} in ${singular(b)} ${shown(set.bKey(i))}`;
    labels = Array.from({ length: Math.min(SHOWN, total) }, (_, i) => label(i));
  } else {
    const changes = plan.records.filter((c) => c.entity === entity && c.action === action && which(c));
    total = changes.length;
    labels = changes.slice(0, SHOWN).map((c) => recordLabel(plan, c));
  }
  if (labels.length === 0) return '';
  return `, e.g. ${labels.join(', ')}${total > labels.length ? ` and ${total - labels.length} more` : ''}`;
}
