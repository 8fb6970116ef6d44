import { promises as fs } from 'node:fs';
import { basename, normalize, sep } from 'node:path';
import { applyChanges } from '../../db/apply.js';
import { refuseMissingSqlite } from '../../db/connect.js';
import type { Scope } from '../../db/tables.js';
import { DessaError, EXIT } from '../../base/errors.js';
import { readDigest } from '../../plan/read-options.js';
import { readPlanFile, type PlanFile } from '../../plan/saved-plan.js';
import { shown } from '../../plan/shown.js';
import type { Progress } from '../../render/progress.js';
import { report, type RawApplyOptions } from './report.js';
import { scopeFrom, sha256File, withDatabase } from '../../command-kit/database.js';
import { guardsFrom, loadForDatabase } from '../../command-kit/load.js';
import type { Output } from '../../command-kit/output.js';
import { recordRefused } from '../../command-kit/refused.js';

const PLAN_DB_HINT = 'give the --db the plan was made on (diff\'s "plan saved" line names it)';

/** The plan's scope; --org / --program may repeat it but not contradict it. */
function scopeOf(saved: PlanFile, raw: RawApplyOptions, planPath: string): Scope {
  const given = [
    ['org', raw.org, saved.org],
    ['program', raw.program, saved.program],
  ] as const;
  for (const [name, option, planned] of given) {
    if (option === undefined || option === planned) continue;
    throw new DessaError(
      'usage',
      `${shown(planPath)} is a plan for ${name} "${shown(planned)}", not "${shown(option)}": ` +
        `leave out --${name} (the plan names it)`,
    );
  }
  try {
    return scopeFrom({ org: saved.org, program: saved.program });
  } catch (err) {
    throw new DessaError('bad-plan', `--plan ${shown(planPath)}: ${(err as Error).message.replace(/^--/, 'its ')}`);
  }
}

/**
 * The file name a run of this plan records. Only `file.path` is verified (its sha256 is checked),
 * so the recorded name is made of its characters: the plan's `file.name` (the name as given to diff)
 * when it is the end of that path, else the path's own name. A `file.name` naming another file is
 * an edited plan (`bad-plan`).
 */
function recordedName(saved: PlanFile, planPath: string): string {
  const { name, path } = saved.file;
  if (path === undefined) return name;
  if (basename(name) !== basename(path)) {
    throw new DessaError(
      'bad-plan',
      `--plan ${shown(planPath)}: its file.name ${JSON.stringify(shown(name))} ` +
        `does not name its roster file ${shown(path)}; make a new plan with diff --output`,
    );
  }
  const given = normalize(name);
  return path === given || path.endsWith(sep + given) ? given : basename(path);
}

/**
 * `apply --plan plan.json`: the plan is what was reviewed, its roster file is what is applied.
 * The file is re-read with the plan's reading options and must still have the plan's sha256;
 * inside the org's lock it is re-planned against the database, and only a re-plan equal to the
 * saved plan's changes is written (summary, guards and run record come from the re-plan).
 */
export async function applySavedPlan(
  planPath: string,
  raw: RawApplyOptions,
  out: Output,
  progress: Progress,
): Promise<number> {
  const flags = {
    delimiter: 'delimiter',
    encoding: 'encoding',
    map: 'map',
    studentId: 'student-id',
    sasidType: 'sasid-type',
  };
  for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) {
    if (raw[key] === undefined) continue;
    throw new DessaError('usage', `--${flag} comes from the plan: leave it out with --plan`);
  }
  const saved = await readPlanFile(planPath);
  const scope = scopeOf(saved, raw, planPath);
  // A plan is made on a database that exists: a missing SQLite file is a wrong --db, refused
  // before a stale plan's refusal is recorded (which would create it).
  refuseMissingSqlite(raw.db, PLAN_DB_HINT);
  const path = saved.file.path ?? saved.file.name;
  const name = recordedName(saved, planPath);
  const attempted = { ...scope, file: { name, sha256: saved.file.sha256, rows: saved.file.rows } };
  const stale = async (why: string) => {
    await recordRefused(raw.db, attempted, 'refused-stale', out);
    const message = `${why}; nothing was applied. Run diff again and review the new plan.`;
    return new DessaError('plan-stale', message, { ...scope });
  };
  const changed = `the roster file ${shown(path)} changed since the plan was made`;
  const kind = await fs.stat(path).then(
    // A folder is a OneRoster export (its sha256 is over its files).
    (s) => (s.isFile() || s.isDirectory() ? 'file' : 'other'),
    () => 'gone',
  );
  if (kind === 'gone') throw await stale(`the roster file ${shown(path)} the plan was made from is gone`);
  // A pipe or device there now is not the file the plan was made from (and reading it may never end).
  if (kind === 'other') {
    throw await stale(
      `the roster file ${shown(path)} the plan was made from is no longer a regular file (a pipe, socket or device)`,
    );
  }
  if ((await sha256File(path)) !== saved.file.sha256) throw await stale(changed);
  const { mapSha256, ...read } = saved.read ?? {};
  if (read.map !== undefined && mapSha256 !== undefined && (await sha256File(read.map).catch(() => '')) !== mapSha256) {
    throw await stale(`the --map file ${shown(read.map)} the plan was made with changed or is gone`);
  }
  const loaded = await loadForDatabase(path, { ...raw, ...scope, ...read }, out, progress).catch((err) => {
    // The plan's reading options were checked when it was made: refused now, the plan was edited.
    if (!(err instanceof DessaError && err.code === 'usage')) throw err;
    throw new DessaError('bad-plan', `--plan ${shown(planPath)}: ${err.message}`);
  });
  if ('invalid' in loaded) {
    const refused = { ...attempted, file: { ...attempted.file, rows: loaded.file.rows } };
    await recordRefused(raw.db, refused, 'refused-invalid', out);
    return EXIT.invalid;
  }
  if (loaded.file.sha256 !== saved.file.sha256) throw await stale(changed);
  return withDatabase(
    raw.db,
    async (db) => {
      const result = await applyChanges(db, {
        scope,
        file: { ...loaded.file, name },
        guards: guardsFrom(raw),
        desired: loaded.desired,
        readDigest: readDigest(loaded.read),
        expected: { changes: saved.changes, base: saved.base },
        onStep: (l) => progress.step(l),
      });
      progress.end();
      return report(result, planPath, raw, out);
    },
    { missingHint: PLAN_DB_HINT },
  );
}
