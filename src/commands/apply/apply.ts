import { DessaError, EXIT } from '../../base/errors.js';
import { escapeControls } from '../../base/escape.js';
import { renderJson } from '../../render/json.js';
import { progressFor, type Progress } from '../../render/progress.js';
import { applySavedPlan } from './from-plan.js';
import { report, type RawApplyOptions } from './report.js';
import { applyLoaded } from '../../command-kit/apply-loaded.js';
import { sha256File, withDatabase } from '../../command-kit/database.js';
import { guardsFrom, loadForDatabase } from '../../command-kit/load.js';
import type { Output } from '../../command-kit/output.js';
import { recordRefused } from '../../command-kit/refused.js';

export type { RawApplyOptions } from './report.js';

/** `dessa-roster apply FILE --org X` (or `apply --plan plan.json`): commits the changes. */
export async function applyCommand(file: string | undefined, raw: RawApplyOptions, out: Output): Promise<number> {
  const plan = raw.plan;
  if (plan !== undefined && file !== undefined) throw new DessaError('usage', 'give either a FILE or --plan, not both');
  if (plan === undefined && file === undefined) {
    throw new DessaError('usage', 'apply needs a roster FILE or --plan plan.json');
  }
  if (plan === '') throw new DessaError('usage', '--plan needs the name of a plan file saved by diff --output');
  // Before the file is read: an empty or malformed guard is a usage error, not the default.
  guardsFrom(raw);
  const progress = progressFor(out.stderr, 3, { quiet: raw.quiet, json: raw.format === 'json' });
  try {
    if (plan !== undefined) return await applySavedPlan(plan, raw, out, progress);
    return await applyFile(file!, raw, out, progress);
  } finally {
    progress.end();
  }
}

async function applyFile(file: string, raw: RawApplyOptions, out: Output, progress: Progress): Promise<number> {
  const loaded = await loadForDatabase(file, raw, out, progress);
  if ('invalid' in loaded) {
    const refused = { ...loaded.scope, file: { ...loaded.file, sha256: await sha256File(file) } };
    await recordRefused(raw.db, refused, 'refused-invalid', out);
    return EXIT.invalid;
  }
  return withDatabase(raw.db, async (db) => {
    const onStep = (l: string) => progress.step(l);
    const outcome = await applyLoaded(db, loaded, {
      guards: guardsFrom(raw),
      ifChanged: Boolean(raw.ifChanged),
      onStep,
    });
    if (outcome.skipped) {
      const skipped = { status: 'skipped', reason: 'if-changed', file, sha256: loaded.file.sha256 };
      if (raw.format === 'json') out.stdout.write(renderJson(skipped));
      else if (!raw.quiet) {
        const same = 'is the file of the last successful run, read with the same options (--if-changed)';
        out.stdout.write(`Skipped: ${escapeControls(file)} ${same}.\n`);
      }
      return EXIT.ok;
    }
    progress.end();
    return report(outcome.result, file, raw, out);
  });
}
