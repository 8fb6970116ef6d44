import { ENTITIES, LINKS, type LinkEntity } from '../../plan/entities.js';
import type { GuardOptions, Limit } from '../../plan/guards.js';
import { LINK_ACTIONS } from '../../plan/link-changes.js';
import { countChanges, recordGroups, type Change, type Plan } from '../../plan/plan.js';
import { esc } from './escape.js';
import { page } from './page.js';
import { counts, filterForm, itemAttrs, num, plural, select, table, td } from './parts.js';
import { keyText, linkNames, recordName } from './plan-names.js';

/** Changes listed per entity and action; the counts stay exact (a first load creates a million links). */
export const PLAN_HTML_EXAMPLES = 200;

const ACTIONS = ['create', 'reactivate', 'update', 'remove'] as const;

export interface PlanPage {
  /** What the plan is of: the file, the org and program, the database. */
  title: string;
  plan: Plan;
  guards: GuardOptions;
  /** The guards the plan trips, as apply would word its refusal. */
  violations: readonly string[];
}

const limitText = (l: Limit) => (l.percent !== undefined ? `${l.percent}%` : num(l.count ?? 0));

function guardBox(p: PlanPage): string {
  const limits =
    `--max-removals ${limitText(p.guards.maxRemovals)}, --max-updates ${limitText(p.guards.maxUpdates)}` +
    (p.guards.force ? ', --force (every guard overridden)' : '');
  if (p.violations.length === 0)
    return `<p class="verdict valid" id="verdict">✓ Within the guards (${esc(limits)}): apply would write it</p>`;
  const items = p.violations.map((v) => `<li>${esc(v)}</li>`).join('');
  return (
    `<p class="verdict invalid" id="verdict">✗ apply would refuse this plan (exit 3) under ${esc(limits)}</p>` +
    `<ul id="guards">${items}</ul>`
  );
}

function summaryTable(plan: Plan): string {
  const cols = ['create', 'reactivate', 'update', 'remove', 'unchanged'] as const;
  const rows = ENTITIES.map(
    (e) => `<tr>${td(esc(e))}${cols.map((a) => td(num(plan.summary[e][a]), 'num')).join('')}</tr>`,
  );
  return table(['', ...cols], rows);
}

/** An update's fields: before → after, one a line. */
function fieldChanges(c: Change): string {
  return Object.keys(c.after ?? {})
    .map((k) => {
      const before = c.before?.[k] ?? '';
      const after = c.after![k];
      const was = `<span class="before">${esc(before || '(blank)')}</span>`;
      return `<div><code>${esc(k)}</code>: ${was} → <span class="after">${esc(after || '(blank)')}</span></div>`;
    })
    .join('');
}

function recordSection(plan: Plan, entity: string, action: string, list: readonly Change[]): string {
  const total = plan.summary[entity as keyof Plan['summary']][action as 'create'];
  const shown = list.slice(0, PLAN_HTML_EXAMPLES);
  const withFields = action === 'update' || action === 'reactivate';
  const rows = shown.map((c) => {
    const cells = td(esc(keyText(c.key)), 'mono') + td(esc(recordName(plan, c)));
    return `<tr${itemAttrs({ entity, action })}>${cells}${withFields ? td(fieldChanges(c)) : ''}</tr>`;
  });
  const head = ['ID', 'Name', ...(withFields ? ['Before → after'] : [])];
  return section(entity, action, total, shown.length, table(head, rows));
}

function linkSection(plan: Plan, entity: LinkEntity, action: (typeof LINK_ACTIONS)[number]): string {
  const set = plan.links[entity][action];
  const n = Math.min(set.count, PLAN_HTML_EXAMPLES);
  const rows = Array.from({ length: n }, (_, i) => {
    const [a, b] = linkNames(plan, entity, set.key(i));
    const cells = td(esc(a.key), 'mono') + td(esc(a.name)) + td(esc(b.key), 'mono') + td(esc(b.name));
    return `<tr${itemAttrs({ entity, action })}>${cells}</tr>`;
  });
  const [first, second] = entity === 'enrollments' ? ['Student', 'Class'] : ['Class', 'Staff'];
  return section(entity, action, set.count, n, table([first, 'Name', second, 'Name'], rows));
}

function section(entity: string, action: string, total: number, listed: number, html: string): string {
  const more = total > listed ? ` <span class="note">(first ${num(listed)} listed)</span>` : '';
  const cls = action === 'remove' ? 'sev-error' : action === 'update' ? 'sev-warning' : '';
  const title = `${esc(entity)}: ${esc(action)} × ${num(total)}${more}`;
  return `<section data-group><h3 class="${cls}">${title}</h3>${html}</section>`;
}

/** diff --format html: the guards first, the counts, then each entity's changes with names and before → after. */
export function renderPlanHtml(p: PlanPage): string {
  const { plan } = p;
  const groups = recordGroups(plan);
  const total = countChanges(plan.summary);
  const sections: string[] = [];
  for (const e of ENTITIES) {
    for (const a of ACTIONS) {
      const list = groups.get(`${e} ${a}`);
      if (list?.length) sections.push(recordSection(plan, e, a, list));
      if ((LINKS as readonly string[]).includes(e) && a !== 'update' && plan.links[e as LinkEntity][a].count > 0)
        sections.push(linkSection(plan, e as LinkEntity, a));
    }
  }
  const parts = [
    `<h1>${esc(p.title)}</h1>`,
    guardBox(p),
    counts([
      ['changes', total],
      ...ACTIONS.map((a): [string, number] => [a, ENTITIES.reduce((n, e) => n + plan.summary[e][a], 0)]),
    ]),
    '<p class="note">Nothing has been written: this is what <code>dessa-roster apply</code> would change.</p>',
    '<h2 id="summary">Changes by entity</h2>',
    summaryTable(plan),
  ];
  if (plan.warnings.length)
    parts.push(
      '<h2 id="warnings">Warnings</h2>',
      `<ul>${plan.warnings.map((w) => `<li>${esc(w.message)}</li>`).join('')}</ul>`,
    );
  if (sections.length) {
    const entities = ENTITIES.map((e) => ({ value: e, label: e }));
    const actions = ACTIONS.map((a) => ({ value: a, label: a }));
    parts.push(
      `<h2 id="changes">Planned changes (${plural(total, 'change')})</h2>`,
      filterForm([select('entity', 'Entity', entities), select('action', 'Action', actions)], 'Search'),
      ...sections,
    );
  }
  const data = { summary: plan.summary, guards: p.violations, listedPerGroup: PLAN_HTML_EXAMPLES };
  return page({ title: p.title, body: parts.join('\n'), data });
}
