/**
 * Runs one measured job in its own process (so peak RSS is that job's alone) and prints
 * one JSON line: seconds, rows, rows/s, peak RSS in MB.
 *   node dist-bench/bench/measure.js validate FILE [threads]
 *   node dist-bench/bench/measure.js naive FILE
 *   node dist-bench/bench/measure.js apply|diff FILE DB_URL ORG
 *   node dist-bench/bench/measure.js fix FILE OUTPUT CHANGES
 *   node dist-bench/bench/measure.js html FILE [threads]   (writes FILE.html)
 *   node dist-bench/bench/measure.js convert ONEROSTER_DIR OUT.csv
 */
import { readFile, stat } from 'node:fs/promises';
import { run } from '../src/cli.js';
import { countChanges } from '../src/plan/plan.js';
import { readRoster } from '../src/read/read.js';
import { naiveValidate } from './naive.js';

const [job, file, threads, org] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
let rows = 0;
let extra: Record<string, unknown>;
if (job === 'validate') {
  const { report } = await readRoster(file, { threads: threads ? Number(threads) : undefined });
  rows = report.summary.rows;
  extra = { valid: report.valid, errors: report.summary.errors };
} else if (job === 'naive') {
  const r = await naiveValidate(file);
  rows = r.rows;
  extra = { invalid: r.invalid };
} else if (job === 'convert') {
  const out = { stdout: { write: () => true }, stderr: { write: () => true } };
  const code = await run(['convert', file, '--output', threads], out);
  extra = { exit: code };
} else if (job === 'apply' || job === 'diff') {
  // The command itself, as a user runs it (validation, sha256, migrations, plan, write), minus printing.
  const url = threads;
  let printed = '';
  const out = { stdout: { write: (t: string) => (printed += t) }, stderr: { write: () => true } };
  const code = await run(
    [job, file, '--org', org, '--db', url, '--format', 'json', ...(job === 'apply' ? ['--force'] : [])],
    out,
  );
  const result = JSON.parse(printed);
  extra = { exit: code, status: result.status, changes: countChanges(result.summary) };
} else if (job === 'fix') {
  let printed = '';
  const out = { stdout: { write: (t: string) => (printed += t) }, stderr: { write: () => true } };
  const code = await run(['fix', file, '--output', threads, '--changes', org, '--format', 'json'], out);
  const result = JSON.parse(printed);
  rows = result.summary.rows;
  extra = { exit: code, valid: result.report.valid, changed: result.summary.changed, dropped: result.summary.dropped };
} else if (job === 'html') {
  // validate --format html -o as a user runs it: the read, the examples' rows read again, the page written.
  const page = `${file}.html`;
  const out = { stdout: { write: () => true }, stderr: { write: () => true } };
  const code = await run(['validate', file, '--format', 'html', '-o', page, '--threads', threads ?? '2'], out);
  extra = { exit: code, pageBytes: (await stat(page)).size };
} else {
  throw new Error(`unknown job ${job}`);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
// Rows of a generated file (no quoted line breaks) are its lines after the header; counted after the clock stopped.
if (job === 'apply' || job === 'diff' || job === 'html' || job === 'convert') {
  const bytes = await readFile(job === 'convert' ? threads : file);
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) rows++;
  rows -= 1;
}
const line = {
  job,
  seconds: Number(seconds.toFixed(3)),
  rows,
  rowsPerSecond: Math.round(rows / seconds),
  peakRssMb,
  ...extra,
};
process.stdout.write(`${JSON.stringify(line)}\n`);
