/**
 * `sync --config` of many districts from local folders into PostgreSQL: districts per second at
 * concurrency 1 and 4, each district a new org with one delivery waiting. DESSA_BENCH_SYNC_DISTRICTS
 * (default 200) and DESSA_BENCH_SYNC_STUDENTS (default 500, five classes each) set the size.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/connect.js';
import { purgeOrgs } from '../src/db/purge.js';
import { writeRoster } from './generate.js';
import { DATA } from './jobs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = `${ROOT}bin/dessa-roster.js`;

const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number, at least 1`);
  return n;
};

/** One folder a district, each with the same roster delivered an hour ago; the config listing them. */
function districts(dir: string, roster: string, n: number, prefix: string): { config: string; orgs: string[] } {
  const orgs = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const org of orgs) {
    mkdirSync(join(dir, org), { recursive: true });
    const file = join(dir, org, 'roster.csv');
    copyFileSync(roster, file);
    utimesSync(file, hourAgo, hourAgo);
  }
  const config = join(dir, 'districts.json');
  writeFileSync(config, JSON.stringify(orgs.map((org) => ({ org, source: org }))));
  return { config, orgs };
}

async function purge(url: string, orgs: string[]): Promise<void> {
  const db = await openDatabase(url);
  try {
    await purgeOrgs(db.knex, orgs);
  } finally {
    await db.knex.destroy();
  }
}

export async function syncFigures(): Promise<void> {
  const n = count('DESSA_BENCH_SYNC_DISTRICTS', 200);
  const students = count('DESSA_BENCH_SYNC_STUDENTS', 500);
  const url =
    process.env.DESSA_BENCH_PG_URL ?? process.env.DESSA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const base = resolve(DATA, `sync-${Date.now().toString(36)}`);
  mkdirSync(base, { recursive: true });
  const roster = join(base, 'roster.csv');
  await writeRoster(roster, { students, classesPerStudent: 5, seed: 7 });
  console.log(`sync --config: ${n} districts × ${students} students (${students * 5} rows each), PostgreSQL`);
  try {
    for (const concurrency of [1, 4]) {
      const prefix = `bs${Date.now().toString(36)}c${concurrency}d`;
      const { config, orgs } = districts(join(base, `c${concurrency}`), roster, n, prefix);
      const args = [CLI, 'sync', '--config', config, '--concurrency', String(concurrency), '--db', url];
      const started = performance.now();
      const r = spawnSync(process.execPath, [...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const seconds = (performance.now() - started) / 1000;
      try {
        if (r.status !== 0) throw new Error(`exit ${r.status}: ${(r.stderr || r.stdout).split('\n')[0]}`);
        const applied = JSON.parse(r.stdout).districts.filter((d: { status: string }) => d.status === 'applied');
        const rate = (applied.length / seconds).toFixed(2);
        const label = `concurrency ${concurrency}`.padEnd(40);
        console.log(
          `${label} ${seconds.toFixed(2).padStart(7)} s  ${rate.padStart(7)} districts/s  (${applied.length} applied)`,
        );
      } catch (err) {
        console.log(`concurrency ${concurrency}: skipped (${(err as Error).message})`);
      }
      await purge(url, orgs).catch(() => {});
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
