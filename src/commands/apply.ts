import { promises as fs } from 'node:fs';
import * as yup from 'yup';
import { applyChanges, lastAppliedSha, type ApplyResult } from '../db/apply.js';
import { migrate } from '../db/migrations.js';
import { DessaError, EXIT } from '../errors.js';
import { ENTITIES } from '../plan/entities.js';
import { renderJson } from '../report/json.js';
import { escapeControls } from '../report/escape.js';
import { renderSummary } from '../report/plan-text.js';
import { progressFor, type Progress } from '../report/progress.js';
import { scopeFrom, withDatabase } from './database.js';
import { guardsFrom, loadForDatabase, type PlanFile, type RawPlanOptions } from './diff.js';
import type { Output } from './output.js';

export interface RawApplyOptions extends RawPlanOptions {
  plan?: string;
  ifChanged?: boolean;
}

const planSchema = yup.object({
  version: yup.number().oneOf([1]).required(),
  org: yup.string().required(),
  program: yup.string().required(),
  base: yup.string().defined(),
  file: yup.object({ name: yup.string().required(), sha256: yup.string().required(), rows: yup.number().required() }).required(),
  summary: yup.object(Object.fromEntries(ENTITIES.map((e) => [e, yup.object().required()]))).required(),
  changes: yup.array().of(yup.object({ entity: yup.string().oneOf([...ENTITIES]).required(), action: yup.string().oneOf(['create', 'update', 'remove', 'reactivate']).required(), key: yup.string().defined() })).required(),
});

async function readPlanFile(path: string): Promise<PlanFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (err) {
    throw new DessaError('bad-plan', `--plan ${path}: ${err instanceof SyntaxError ? 'not valid JSON' : `cannot be read (${(err as NodeJS.ErrnoException).code})`}`);
  }
  try {
    planSchema.validateSync(raw);
  } catch (err) {
    throw new DessaError('bad-plan', `--plan ${path}: not a dessa-roster plan (${(err as yup.ValidationError).message})`);
  }
  return raw as PlanFile;
}

function report(result: ApplyResult, label: string, raw: RawApplyOptions, out: Output): number {
  if (raw.format === 'json') {
    out.stdout.write(renderJson({ runId: result.runId, status: result.status, summary: result.plan.summary }));
  } else if (!raw.quiet) {
    const head = result.status === 'unchanged'
      ? `No changes: the database already matches ${label} (run ${result.runId} recorded).`
      : `Applied ${label}: run ${result.runId}.`;
    out.stdout.write(`${escapeControls(head)}\n\n${renderSummary(result.plan.summary)}\n`);
  }
  return EXIT.ok;
}

/** `dessa-roster apply FILE --org X` (or `apply --plan plan.json`): commits the changes. */
export async function applyCommand(file: string | undefined, raw: RawApplyOptions, out: Output): Promise<number> {
  if (raw.plan) {
    if (file) throw new DessaError('usage', 'give either a FILE or --plan, not both');
    const saved = await readPlanFile(raw.plan);
    const scope = scopeFrom({ org: raw.org ?? saved.org, program: raw.program ?? saved.program });
    if (scope.org !== saved.org || scope.program !== saved.program) {
      throw new DessaError('usage', `the plan is for org "${saved.org}" program "${saved.program}", not "${scope.org}" "${scope.program}"`);
    }
    return withDatabase(raw.db, async (db) => {
      const result = await applyChanges(db, { scope, file: saved.file, guards: guardsFrom(raw), saved: { plan: saved, base: saved.base } });
      return report(result, raw.plan!, raw, out);
    });
  }
  if (!file) throw new DessaError('usage', 'apply needs a roster FILE or --plan plan.json');
  const progress = progressFor(out.stderr, 3, { quiet: raw.quiet, json: raw.format === 'json' });
  try {
    return await applyFile(file, raw, out, progress);
  } finally {
    progress.end();
  }
}

async function applyFile(file: string, raw: RawApplyOptions, out: Output, progress: Progress): Promise<number> {
  const loaded = await loadForDatabase(file, raw, out, progress);
  if (typeof loaded === 'number') return loaded;
  return withDatabase(raw.db, async (db) => {
    if (raw.ifChanged) {
      await migrate(db.knex);
      if ((await lastAppliedSha(db.knex, loaded.scope)) === loaded.file.sha256) {
        const skipped = { status: 'skipped', reason: 'if-changed', file, sha256: loaded.file.sha256 };
        if (raw.format === 'json') out.stdout.write(renderJson(skipped));
        else if (!raw.quiet) {
          out.stdout.write(`Skipped: ${escapeControls(file)} is the file of the last successful run (--if-changed).\n`);
        }
        return EXIT.ok;
      }
    }
    const result = await applyChanges(db, { scope: loaded.scope, file: loaded.file, guards: guardsFrom(raw), desired: loaded.desired, onStep: (l) => progress.step(l) });
    progress.end();
    return report(result, file, raw, out);
  });
}
