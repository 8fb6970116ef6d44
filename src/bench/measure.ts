/**
 * Runs one measured job in its own process (so peak RSS is that job's alone) and prints
 * one JSON line: seconds, rows, rows/s, peak RSS in MB.
 *   node dist/bench/measure.js validate FILE [threads]
 *   node dist/bench/measure.js naive FILE
 *   node dist/bench/measure.js apply|diff FILE DB_URL ORG
 */
import { applyChanges } from '../db/apply.js';
import { openDatabase } from '../db/connect.js';
import { loadState } from '../db/state.js';
import { migrate } from '../db/migrations.js';
import { desiredFrom } from '../plan/entities.js';
import { DEFAULT_GUARDS } from '../plan/guards.js';
import { planChanges, countChanges } from '../plan/plan.js';
import { readRoster } from '../roster/read.js';
import { naiveValidate } from './naive.js';

const [job, file, threads, org] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
let rows = 0;
let extra: Record<string, unknown> = {};
if (job === 'validate') {
  const { report } = await readRoster(file, { threads: threads ? Number(threads) : undefined });
  rows = report.summary.rows;
  extra = { valid: report.valid, errors: report.summary.errors };
} else if (job === 'naive') {
  const r = await naiveValidate(file);
  rows = r.rows;
  extra = { invalid: r.invalid };
} else if (job === 'apply' || job === 'diff') {
  const url = threads;
  const { report, roster } = await readRoster(file);
  rows = report.summary.rows;
  const desired = desiredFrom(roster);
  const db = await openDatabase(url);
  const scope = { org, program: 'default' };
  if (job === 'apply') {
    const result = await applyChanges(db, { scope, file: { name: file, sha256: 'bench', rows }, guards: { ...DEFAULT_GUARDS, force: true }, desired });
    extra = { status: result.status, changes: countChanges(result.plan.summary) };
  } else {
    await migrate(db.knex);
    const plan = planChanges(desired, (await loadState(db.knex, scope, { desired })).current);
    extra = { changes: countChanges(plan.summary) };
  }
  await db.knex.destroy();
} else {
  throw new Error(`unknown job ${job}`);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ job, seconds: Number(seconds.toFixed(3)), rows, rowsPerSecond: Math.round(rows / seconds), peakRssMb, ...extra })}\n`);
