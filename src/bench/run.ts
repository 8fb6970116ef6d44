/**
 * `npm run bench`: figures for README, measured in one run on this machine.
 * Not a test: it asserts nothing and prints what it saw.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { openDatabase } from '../db/connect.js';
import { purgeOrgs } from '../db/purge.js';
import { generateRows, writeRoster } from './generate.js';

const DATA = 'bench-data';
const ONE_MILLION = join(DATA, 'roster-1m.csv');
const CHANGED = join(DATA, 'roster-1m-2pct.csv');
const GEN = { students: 200_000, classesPerStudent: 5, seed: 1 };

/** The same roster with 2% of students changed (every 50th gets a new last name). */
async function writeChanged(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (const line of generateRows(GEN)) {
    const m = /^[^,]*,[^,]*,[^,]*,[^,]*,(\d+),([^,]*),/.exec(line);
    const changed = m && Number(m[1]) % 50 === 0 ? line.replace(`,${m[1]},${m[2]},`, `,${m[1]},${m[2]}-Changed,`) : line;
    if (!out.write(changed)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
const here = new URL('.', import.meta.url).pathname;

/** Leaves no bench data behind: the SQLite file, or the org's rows on a shared server. */
async function forget(url: string, org: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    for (const part of ['', '-wal', '-shm']) await rm(file + part, { force: true });
    return;
  }
  const db = await openDatabase(url);
  try {
    await purgeOrgs(db.knex, [org]);
  } finally {
    await db.knex.destroy();
  }
}

interface Figures { job: string; seconds: number; rows: number; rowsPerSecond: number; peakRssMb: number; [k: string]: unknown }

function measure(...args: string[]): Figures {
  const out = execFileSync(process.execPath, [join(here, 'measure.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function best(runs: number, ...args: string[]): Figures {
  const all = Array.from({ length: runs }, () => measure(...args));
  return all.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs / 2)];
}

function line(label: string, f: Figures): void {
  console.log(`${label.padEnd(40)} ${f.seconds.toFixed(2).padStart(7)} s  ${String(f.rowsPerSecond).padStart(9)} rows/s  peak RSS ${String(f.peakRssMb).padStart(4)} MB`);
}

mkdirSync(DATA, { recursive: true });
if (!existsSync(ONE_MILLION)) {
  console.log('generating 200,000 students × 5 classes (seed 1)…');
  await writeRoster(ONE_MILLION, GEN);
}
if (!existsSync(CHANGED)) await writeChanged(CHANGED);
console.log(`file: ${ONE_MILLION}, ${(statSync(ONE_MILLION).size / 1e6).toFixed(1)} MB\n`);
console.log('validate (parse + all checks, end to end; median of 3)');
const two = best(3, 'validate', ONE_MILLION);
line('dessa-roster, 2 threads', two);
const one = best(3, 'validate', ONE_MILLION, '1');
line('dessa-roster, 1 thread', one);
const naive = measure('naive', ONE_MILLION);
line('fast-csv + yup (naive)', naive);
console.log(`\nratio: ${(two.rowsPerSecond / naive.rowsPerSecond).toFixed(1)}x the naive pipeline (1 thread: ${(one.rowsPerSecond / naive.rowsPerSecond).toFixed(1)}x)`);
console.log(`goal: ≥ 500,000 rows/s and ≤ 300 MB peak RSS: ${two.rowsPerSecond >= 500_000 && two.peakRssMb <= 300 ? 'met' : 'NOT met'} (${two.rowsPerSecond} rows/s, ${two.peakRssMb} MB)`);

const databases: [string, string][] = [['SQLite', `sqlite:${join(DATA, `bench-${Date.now()}.sqlite`)}`]];
const pg = process.env.DESSA_BENCH_PG_URL ?? process.env.DESSA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
databases.push(['PostgreSQL', pg]);
console.log('\napply and diff (200,000 students, 1,000,000 enrollments; validation included)');
for (const [name, url] of databases) {
  const org = `bench${Date.now().toString(36)}`;
  try {
    line(`${name}: first apply`, measure('apply', ONE_MILLION, url, org));
    line(`${name}: apply again, unchanged`, measure('apply', ONE_MILLION, url, org));
    line(`${name}: diff, 2% of students changed`, measure('diff', CHANGED, url, org));
    line(`${name}: apply, 2% of students changed`, measure('apply', CHANGED, url, org));
  } catch (err) {
    console.log(`${name}: skipped (${(err as Error).message.split('\n')[0]})`);
  }
  await forget(url, org);
}
console.log('goals: first apply ≤ 15 s on SQLite and ≤ 20 s on PostgreSQL; unchanged re-apply and 2% diff ≤ 8 s; peak RSS ≤ 1 GB (the 2% apply is shown for daily runs; it has no goal of its own)');
