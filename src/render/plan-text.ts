import type { ChalkInstance } from 'chalk';
import { ENTITIES, LINKS } from '../plan/entities.js';
import { LINK_ACTIONS } from '../plan/link-changes.js';
import { recordGroups, type Change, type Plan, type Summary } from '../plan/plan.js';
import { SEP } from '../base/keys.js';
import { escapeControls } from '../base/escape.js';

const ACTIONS = ['create', 'update', 'remove', 'reactivate', 'unchanged'] as const;
export const PLAN_EXAMPLES = 5;

/** The summary table: one row an entity, one column an action. */
export function renderSummary(summary: Summary): string {
  const head = ['', ...ACTIONS].map((h, i) => (i === 0 ? h.padEnd(12) : h.padStart(11))).join('');
  const rows = ENTITIES.map((e) => [e.padEnd(12), ...ACTIONS.map((a) => String(summary[e][a]).padStart(11))].join(''));
  return [head, ...rows].join('\n');
}

/** A key for people: its parts joined by " / ", anything a terminal would act on escaped. */
export const showKey = (key: string) => escapeControls(key.split(SEP).join(' / '));

function describe(c: Change): string {
  if (c.action === 'update' || (c.action === 'reactivate' && c.after)) {
    const fields = Object.keys(c.after ?? {}).map(
      (k) => `${k}: ${JSON.stringify(c.before?.[k] ?? '')} → ${JSON.stringify(c.after![k])}`,
    );
    return `${showKey(c.key)}: ${escapeControls(fields.join(', '))}`;
  }
  return showKey(c.key);
}

/** The first changes of each entity and action, by `entity action`. */
function examples(plan: Plan): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const [k, list] of recordGroups(plan)) groups.set(k, list.slice(0, PLAN_EXAMPLES));
  for (const entity of LINKS) {
    for (const action of LINK_ACTIONS) {
      const set = plan.links[entity][action];
      const n = Math.min(set.count, PLAN_EXAMPLES);
      if (n > 0)
        groups.set(
          `${entity} ${action}`,
          Array.from({ length: n }, (_, i) => ({ entity, action, key: set.key(i) })),
        );
    }
  }
  return groups;
}

/** The plan for people: counts, then the first changes of each entity and action. */
export function renderPlan(title: string, plan: Plan, c: ChalkInstance): string {
  const { summary } = plan;
  const out = [c.bold(escapeControls(title)), '', renderSummary(summary)];
  // Messages are built with their values escaped (staff-warnings.ts, zero-warnings.ts) or hold only field names
  // (blank-warnings.ts).
  for (const w of plan.warnings ?? []) out.push('', c.yellow(`warning: ${w.message}`));
  const groups = examples(plan);
  for (const e of ENTITIES) {
    for (const a of ['create', 'reactivate', 'update', 'remove'] as const) {
      const list = groups.get(`${e} ${a}`);
      if (!list) continue;
      const total = summary[e][a];
      const colour = a === 'remove' ? c.red : a === 'update' ? c.yellow : c.green;
      out.push('', colour(`${e}: ${a} ${total}`));
      for (const ch of list) out.push(`  ${describe(ch)}`);
      if (total > list.length) out.push(c.dim(`  … and ${total - list.length} more (--format json lists them all)`));
    }
  }
  return `${out.join('\n')}\n`;
}
