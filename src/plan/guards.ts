import { DessaError } from '../errors.js';
import type { EntityName } from './entities.js';
import type { Summary } from './plan.js';

/** --max-removals: a share of the active records ("10%") or a count ("500"). */
export interface Limit {
  percent?: number;
  count?: number;
}

export interface GuardOptions {
  maxRemovals: Limit;
  maxUpdatesPercent: number;
  force: boolean;
}

export const DEFAULT_GUARDS: GuardOptions = { maxRemovals: { percent: 10 }, maxUpdatesPercent: 75, force: false };

const GUARDED: EntityName[] = ['students', 'staff', 'classes', 'enrollments'];

export function parseLimit(value: string): Limit {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (!m) throw new DessaError('usage', `--max-removals takes a percentage (10%) or a count (500), not ${JSON.stringify(value)}`);
  return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

/** Every guard a plan trips, as one line each; none when it may go ahead. */
export function guardViolations(summary: Summary, opts: GuardOptions): string[] {
  if (opts.force) return [];
  const out: string[] = [];
  for (const e of GUARDED) {
    const c = summary[e];
    if (c.active === 0) continue;
    const removed = c.remove;
    const share = (100 * removed) / c.active;
    const { percent, count } = opts.maxRemovals;
    if ((percent !== undefined && share > percent) || (count !== undefined && removed > count)) {
      out.push(`would remove ${removed} of ${c.active} active ${e} (${share.toFixed(1)}%, limit ${percent !== undefined ? `${percent}%` : count})`);
    }
    const updateShare = (100 * c.update) / c.active;
    if (updateShare > opts.maxUpdatesPercent) out.push(`would update ${c.update} of ${c.active} active ${e} (${updateShare.toFixed(1)}%, limit ${opts.maxUpdatesPercent}%)`);
  }
  return out;
}
