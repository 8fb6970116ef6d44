import { DessaError } from '../errors.js';
import { guardExamples } from './guard-examples.js';
import { shown } from './shown.js';
import type { EntityName } from './entities.js';
import type { Plan, Summary } from './plan.js';

/** --max-removals / --max-updates: a share of the active records ("10%") or a count ("500"). */
export interface Limit {
  percent?: number;
  count?: number;
}

export interface GuardOptions {
  maxRemovals: Limit;
  maxUpdates: Limit;
  force: boolean;
}

export const DEFAULT_GUARDS: GuardOptions = { maxRemovals: { percent: 10 }, maxUpdates: { percent: 75 }, force: false };

const GUARDED: EntityName[] = ['students', 'staff', 'classes', 'enrollments'];

export type GuardName = 'removals' | 'updates';

/** One guard a plan trips: which, on what, and a line for people. */
export interface GuardViolation {
  guard: GuardName;
  entity: EntityName;
  message: string;
}

const FLAG: Record<GuardName, string> = { removals: '--max-removals', updates: '--max-updates' };

export function parseLimit(value: string, flag = '--max-removals'): Limit {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (!m) throw new DessaError('usage', `${flag} takes a percentage (10%) or a count (500), not ${JSON.stringify(shown(value))}`);
  return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

const exceeds = (n: number, share: number, { percent, count }: Limit) =>
  (percent !== undefined && share > percent) || (count !== undefined && n > count);

const limitText = ({ percent, count }: Limit) => (percent !== undefined ? `${percent}%` : String(count));

/**
 * Every guard a plan trips; none when it may go ahead. With the plan's changes, each names a
 * few of the records concerned (escaped: they come from the file or the database).
 */
export function guardChecks(summary: Summary, opts: GuardOptions, plan?: Plan): GuardViolation[] {
  if (opts.force) return [];
  const out: GuardViolation[] = [];
  for (const entity of GUARDED) {
    const c = summary[entity];
    // Staff are the org's: a program with no staff yet that rewrites the org's people changes
    // what every program sees, so its updates count against the org's active staff.
    const active = entity === 'staff' && c.active === 0 ? (plan?.orgStaffActive ?? 0) : c.active;
    if (active === 0) continue;
    for (const guard of ['removals', 'updates'] as const) {
      const n = guard === 'removals' ? c.remove : c.update;
      const limit = guard === 'removals' ? opts.maxRemovals : opts.maxUpdates;
      const share = (100 * n) / active;
      if (!exceeds(n, share, limit)) continue;
      const verb = guard === 'removals' ? 'remove' : 'update';
      const examples = plan ? guardExamples(plan, entity, verb) : '';
      out.push({
        guard,
        entity,
        message: `would ${verb} ${n} of ${active} active ${entity} (${share.toFixed(1)}%, `
          + `limit ${limitText(limit)})${examples}; ${FLAG[guard]} moves this limit`,
      });
    }
  }
  return out;
}

/** Every guard a plan trips, as one line each (what `diff` shows and JSON's `guards` lists). */
export function guardViolations(summary: Summary, opts: GuardOptions, plan?: Plan): string[] {
  return guardChecks(summary, opts, plan).map((v) => v.message);
}

/**
 * The refusal of a plan that trips a guard: `guard-removals` when any removal limit is passed,
 * else `guard-updates`. Its context carries the plan's summary and guards (for --format json).
 */
export function guardRefusal(summary: Summary, violations: GuardViolation[]): DessaError {
  const code = violations.some((v) => v.guard === 'removals') ? 'guard-removals' : 'guard-updates';
  const guards = violations.map((v) => v.message);
  const message = `refused, nothing written: ${guards.join('; ')}. Check the file is complete; --force overrides every guard.`;
  return new DessaError(code, message, { summary, guards });
}
