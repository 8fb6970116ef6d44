/**
 * Runs one measured job in its own process (so peak RSS is that job's alone) and prints
 * one JSON line: seconds, rows, rows/s, peak RSS in MB.
 *   node dist/bench/measure.js validate FILE [threads]
 *   node dist/bench/measure.js naive FILE
 */
import { readRoster } from '../roster/read.js';
import { naiveValidate } from './naive.js';

const [job, file, threads] = process.argv.slice(2);
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
} else {
  throw new Error(`unknown job ${job}`);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ job, seconds: Number(seconds.toFixed(3)), rows, rowsPerSecond: Math.round(rows / seconds), peakRssMb, ...extra })}\n`);
