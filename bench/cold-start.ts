/**
 * Cold start: the built CLI started anew for one small file, as a CI script checking many files
 * runs it, against Node starting and doing nothing. Jobs take turns round by round, so a change
 * in the machine's load falls on all of them alike. DESSA_BENCH_OTHER_CLI=path/to/bin/dessa-roster.js
 * (another build, e.g. a worktree of the previous commit) adds its validate to the turns: an A/B in one run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './jobs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}bin/dessa-roster.js`;
const SAMPLE = `${ROOT}samples/roster.csv`;
const ROUNDS = 15;

const JOBS: [label: string, args: string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['dessa-roster --version', [CLI, '--version']],
  ['validate samples/roster.csv', [CLI, 'validate', SAMPLE]],
  ['validate … --format json', [CLI, 'validate', SAMPLE, '--format', 'json']],
];
const other = process.env.DESSA_BENCH_OTHER_CLI;
if (other) JOBS.push(['validate, DESSA_BENCH_OTHER_CLI', [other, 'validate', SAMPLE]]);

/** Wall-clock milliseconds from spawning the process to its exit. */
function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function coldStartFigures(): Promise<void> {
  const ms: number[][] = JOBS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) JOBS.forEach(([, args], i) => ms[i].push(timed(args)));
  const node = median(ms[0]);
  console.log(`cold start (200-row sample; median and fastest of ${ROUNDS} runs each, taken in turn)`);
  JOBS.forEach(([label], i) => {
    const ms0 = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
    const figures = `median ${ms0(median(ms[i]))}  fastest ${ms0(Math.min(...ms[i]))}`;
    const over = i === 0 ? '' : `  ${(median(ms[i]) / node).toFixed(1)}x node -e 0`;
    console.log(`${label.padEnd(34)} ${figures}${over}`);
  });
}
