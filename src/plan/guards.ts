import { DessaError } from '../base/errors.js';
import { guardExamples } from './guard-examples.js';
import { shown } from './shown.js';
import type { EntityName } from './entities.js';
import type { Change, Counts, Plan, Summary } from './plan.js';

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
  if (!m)
    throw new DessaError(
      'usage',
      `${flag} takes a percentage (10%) or a count (500), not ${JSON.stringify(shown(value))}`,
    );
  return m[2] ? { percent: Number(m[1]) } : { count: Number(m[1]) };
}

const limitText = ({ percent, count }: Limit) => (percent !== undefined ? `${percent}%` : String(count));

/**
 * One share a guard measures: `n` changes of the `of` records that `base` names ("12 active
 * staff"), `note` saying whose they are where that needs saying, `which` picking its examples.
 * The changes are always among those records, so a share never passes 100%.
 */
interface Measure {
  n: number;
  of: number;
  base: string;
  note?: string;
  which?: (c: Change) => boolean;
}

/**
 * What a guard measures on an entity: the active records before the run. Staff are the org's,
 * so a program's staff updates are two shares (Plan.orgStaff): those of the staff it lists, of
 * its active staff; those of the org's records of people it takes on (a program with no staff
 * yet has only these), of the org's active staff records, which every program sees. A record
 * no program lists any more that the file brings back spelt otherwise is in neither, as no
 * guard counts a reactivation.
 */
function measures(entity: EntityName, guard: GuardName, c: Counts, plan?: Plan): Measure[] {
  const n = guard === 'removals' ? c.remove : c.update;
  const org = entity === 'staff' && guard === 'updates' ? plan?.orgStaff : undefined;
  if (!org) return c.active === 0 ? [] : [{ n, of: c.active, base: `${c.active} active ${entity}` }];
  const program = shown(org.program);
  const own: Measure = {
    n: n - org.joined.size,
    of: c.active,
    base: `${c.active} active staff of program ${program}`,
    which: (ch) => !org.joined.has(ch.key),
  };
  const joined: Measure = {
    n: [...org.joined.values()].filter(Boolean).length,
    of: org.active,
    base: `the org's ${org.active} active staff records`,
    note: ` of people new to program ${program}, spelt otherwise in its file`,
    which: (ch) => org.joined.get(ch.key) === true,
  };
  return [own, joined].filter((m) => m.of > 0);
}

const share = (m: Measure) => `${((100 * m.n) / m.of).toFixed(1)}%`;

/**
 * Every guard a plan trips; none when it may go ahead. A share limit ("75%") applies to each
 * share measured; a count ("500") to the entity's changes they hold together. With the plan's
 * changes, each names a few of the records concerned (escaped: they come from the file or the database).
 */
export function guardChecks(summary: Summary, opts: GuardOptions, plan?: Plan): GuardViolation[] {
  if (opts.force) return [];
  const out: GuardViolation[] = [];
  for (const entity of GUARDED) {
    for (const guard of ['removals', 'updates'] as const) {
      const limit = guard === 'removals' ? opts.maxRemovals : opts.maxUpdates;
      const verb = guard === 'removals' ? 'remove' : 'update';
      const examples = (which?: (c: Change) => boolean) => (plan ? guardExamples(plan, entity, verb, which) : '');
      const end = `; ${FLAG[guard]} moves this limit`;
      const one = (m: Measure) =>
        `would ${verb} ${m.n} of ${m.base} (${share(m)}, limit ${limitText(limit)})` +
        `${m.note ?? ''}${examples(m.which)}${end}`;
      const counted = measures(entity, guard, summary[entity], plan).filter((m) => m.n > 0);
      if (limit.percent !== undefined) {
        for (const m of counted.filter((x) => (100 * x.n) / x.of > limit.percent!))
          out.push({ guard, entity, message: one(m) });
        continue;
      }
      const total = counted.reduce((sum, m) => sum + m.n, 0);
      if (limit.count === undefined || total <= limit.count) continue;
      const parts = counted.map((m) => `${m.n} of ${m.base} (${share(m)})${m.note ?? ''}`).join(' and ');
      const all = (c: Change) => counted.some((m) => !m.which || m.which(c));
      const message =
        counted.length === 1
          ? one(counted[0])
          : `would ${verb} ${total} ${entity} (limit ${limit.count}): ${parts}${examples(all)}${end}`;
      out.push({ guard, entity, message });
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
  const message =
    `refused, nothing written: ${guards.join('; ')}. ` + 'Check the file is complete; --force overrides every guard.';
  return new DessaError(code, message, { summary, guards });
}
