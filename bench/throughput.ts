/** The 1,000,000-row figures: validate against the naive pipeline, then apply and diff on each database. */
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connect.js';
import { purgeOrgs } from '../src/db/purge.js';
import { generateRows, writeRoster } from './generate.js';
import { DATA, line, measure, medianOf } from './jobs.js';

const ONE_MILLION = join(DATA, 'roster-1m.csv');
const CHANGED = join(DATA, 'roster-1m-2pct.csv');
const GEN = { students: 200_000, classesPerStudent: 5, seed: 1 };

/** The same roster with 2% of students changed (every 50th gets a new last name). */
async function writeChanged(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (const line of generateRows(GEN)) {
    const m = /^[^,]*,[^,]*,[^,]*,[^,]*,(\d+),([^,]*),/.exec(line);
    const changed =
      m && Number(m[1]) % 50 === 0 ? line.replace(`,${m[1]},${m[2]},`, `,${m[1]},${m[2]}-Changed,`) : line;
    if (!out.write(changed)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

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

async function files(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  if (!existsSync(ONE_MILLION)) {
    console.log('generating 200,000 students × 5 classes (seed 1)…');
    await writeRoster(ONE_MILLION, GEN);
  }
  if (!existsSync(CHANGED)) await writeChanged(CHANGED);
}

export async function validateFigures(): Promise<void> {
  await files();
  console.log(`file: ${ONE_MILLION}, ${(statSync(ONE_MILLION).size / 1e6).toFixed(1)} MB\n`);
  console.log('validate (parse + all checks, end to end; median of 3)');
  const two = medianOf(3, 'validate', ONE_MILLION);
  line('dessa-roster, 2 threads', two);
  const one = medianOf(3, 'validate', ONE_MILLION, '1');
  line('dessa-roster, 1 thread', one);
  const naive = measure('naive', ONE_MILLION);
  line('fast-csv + yup (naive)', naive);
  const ratio = (f: typeof one) => (f.rowsPerSecond / naive.rowsPerSecond).toFixed(1);
  console.log(`\nratio: ${ratio(two)}x the naive pipeline (1 thread: ${ratio(one)}x)`);
  const met = two.rowsPerSecond >= 500_000 && two.peakRssMb <= 300 ? 'met' : 'NOT met';
  console.log(
    `goal: ≥ 500,000 rows/s and ≤ 300 MB peak RSS: ${met} (${two.rowsPerSecond} rows/s, ${two.peakRssMb} MB)`,
  );
}

export async function databaseFigures(): Promise<void> {
  await files();
  const databases: [string, string][] = [['SQLite', `sqlite:${join(DATA, `bench-${Date.now()}.sqlite`)}`]];
  const pg =
    process.env.DESSA_BENCH_PG_URL ?? process.env.DESSA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  databases.push(['PostgreSQL', pg]);
  console.log('apply and diff (200,000 students, 1,000,000 enrollments; validation included)');
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
  console.log(
    'goals: first apply ≤ 15 s on SQLite and ≤ 20 s on PostgreSQL; unchanged re-apply and 2% diff ≤ 8 s; ' +
      'peak RSS ≤ 1 GB (the 2% apply is shown for daily runs; it has no goal of its own)',
  );
}
