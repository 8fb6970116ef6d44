/** Running one measured job (measure.ts) in a process of its own, and printing its figures. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Generated files and bench databases; kept between runs (git ignores it). */
export const DATA = 'bench-data';

export interface Figures {
  job: string;
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  peakRssMb: number;
  [k: string]: unknown;
}

const here = new URL('.', import.meta.url).pathname;

export function measure(...args: string[]): Figures {
  const options = { encoding: 'utf8', maxBuffer: 1 << 24 } as const;
  const out = execFileSync(process.execPath, [join(here, 'measure.js'), ...args], options);
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** The run of median time out of `runs`. */
export function medianOf(runs: number, ...args: string[]): Figures {
  const all = Array.from({ length: runs }, () => measure(...args));
  return all.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs / 2)];
}

/** One job's figures on one line; rows/s only where rows are what the job is about. */
export function line(label: string, f: Figures, opts: { rate?: boolean } = {}): void {
  const time = `${f.seconds.toFixed(2).padStart(7)} s`;
  const rate = opts.rate === false ? ''.padEnd(16) : `${String(f.rowsPerSecond).padStart(9)} rows/s`;
  console.log(`${label.padEnd(40)} ${time}  ${rate}  peak RSS ${String(f.peakRssMb).padStart(4)} MB`);
}

/** The middle value of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
