import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { absoluteLabel, type Database } from '../db/connect.js';
import { loadState, hasSchema } from '../db/state.js';
import { DessaError, EXIT } from '../base/errors.js';
import { guardViolations } from '../plan/guards.js';
import { allChanges, emptyCurrent, planChanges } from '../plan/plan.js';
import type { PlanFile } from '../plan/saved-plan.js';
import { shellArg, shown } from '../plan/shown.js';
import { renderJson } from '../render/json.js';
import { renderPlan } from '../render/plan-text.js';
import { progressFor, type Progress } from '../render/progress.js';
import { styleFor } from '../render/style.js';
import { withDatabase } from '../command-kit/database.js';
import { writeFailed, type Output } from '../command-kit/output.js';
import { refuseOverwrite } from '../command-kit/output-target.js';
import { validateOptions } from '../command-kit/options.js';
import { formatSchema, guardsFrom, loadForDatabase, type RawPlanOptions } from '../command-kit/load.js';

/**
 * The --db of the "plan saved" command. A server URL that came from DESSA_DATABASE_URL is left
 * out: the same variable applies, and a printed URL has its password masked, which pasted would
 * override the variable with a literal `***`. A SQLite file is named by its absolute path (no
 * secret in it, and the command may run from another directory). A --db given with a secret
 * keeps it masked, and the hint says so. The note goes on a line of its own: the command's line pastes as it is.
 */
function dbHint(given: string | undefined, db: Database): { dbArgs: string[]; note: string } {
  if (given === undefined && db.dialect !== 'sqlite' && process.env.DESSA_DATABASE_URL !== undefined)
    return { dbArgs: [], note: '\n(no --db: it applies to the database of DESSA_DATABASE_URL, as diff did)' };
  const label = absoluteLabel(db);
  const note = label.includes('***')
    ? '\n(--db shows its password as ***: put yours back, or set DESSA_DATABASE_URL and leave --db out)'
    : '';
  return { dbArgs: ['--db', label], note };
}

/** `dessa-roster diff FILE --org X`: what apply would change, changing nothing. */
export async function diffCommand(file: string, raw: RawPlanOptions, out: Output): Promise<number> {
  const { format } = validateOptions(formatSchema, raw);
  if (raw.output === '-' || raw.output === '') {
    const given = raw.output === '-' ? '-' : 'an empty name';
    throw new DessaError(
      'usage',
      `diff --output saves a plan to a file for apply --plan: give a file name, not ${given}` +
        ' (--format json prints the plan on standard output)',
    );
  }
  // Checked before the file is read: an empty or malformed guard is a usage error, not the default.
  guardsFrom(raw);
  if (raw.output !== undefined) await refuseOverwrite(raw.output, [file], raw.db, raw.map);
  const progress = progressFor(out.stderr, 3, { quiet: raw.quiet, json: format === 'json' });
  try {
    return await diffWith(file, raw, out, format, progress);
  } finally {
    progress.end();
  }
}

async function diffWith(
  file: string,
  raw: RawPlanOptions,
  out: Output,
  format: string,
  progress: Progress,
): Promise<number> {
  const loaded = await loadForDatabase(file, raw, out, progress);
  if ('invalid' in loaded) return EXIT.invalid;
  const guards = guardsFrom(raw);
  return withDatabase(
    raw.db,
    async (db) => {
      progress.step('reading the database');
      const state = (await hasSchema(db.knex))
        ? await loadState(db.knex, loaded.scope, { desired: loaded.desired, digest: Boolean(raw.output) })
        : { current: emptyCurrent(), digest: '' };
      progress.step('planning');
      const plan = planChanges(loaded.desired, state.current);
      progress.end();
      if (raw.output) {
        const saved: PlanFile = {
          version: 1,
          ...loaded.scope,
          base: state.digest,
          file: { ...loaded.file, path: resolve(file) },
          read: loaded.read,
          summary: plan.summary,
          changes: allChanges(plan),
        };
        await fs.writeFile(raw.output, JSON.stringify(saved)).catch((err) => {
          throw writeFailed(err, raw.output!);
        });
      }
      const violations = guardViolations(plan.summary, guards, plan);
      if (format === 'html') {
        const title = `Plan for ${file} → org ${loaded.scope.org}, program ${loaded.scope.program} (${db.label})`;
        const { renderPlanHtml } = await import('../render/html/plan-page.js');
        out.stdout.write(renderPlanHtml({ title, plan, guards, violations }));
      } else if (format === 'json') {
        const changes = allChanges(plan);
        out.stdout.write(renderJson({ summary: plan.summary, changes, guards: violations, warnings: plan.warnings }));
      } else if (!raw.quiet) {
        const text = renderPlan(
          `Plan for ${file} → org ${loaded.scope.org}, program ${loaded.scope.program} (${db.label})`,
          plan,
          styleFor(out.stdout),
        );
        out.stdout.write(text);
        if (violations.length) out.stdout.write(`\napply would refuse this plan (exit 3): ${violations.join('; ')}\n`);
        if (raw.output) {
          // The guards diff was given are the ones apply must be given: the command works as printed.
          const guardArgs = [
            ...(raw.maxRemovals !== undefined ? ['--max-removals', raw.maxRemovals] : []),
            ...(raw.maxUpdates !== undefined ? ['--max-updates', raw.maxUpdates] : []),
            ...(raw.force ? ['--force'] : []),
          ];
          const { dbArgs, note } = dbHint(raw.db, db);
          // Absolute paths: the command may be run from another directory (a script, another shell).
          const command = ['dessa-roster', 'apply', '--plan', resolve(raw.output), ...dbArgs, ...guardArgs]
            .map((a, i) => (i < 2 ? a : shellArg(a)))
            .join(' ');
          out.stdout.write(`\nplan saved to ${shown(raw.output, 400)}: apply it with ${shown(command, 800)}${note}\n`);
        }
      }
      return EXIT.ok;
    },
    { readOnly: true },
  );
}
