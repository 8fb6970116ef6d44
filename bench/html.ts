/**
 * The HTML report of a file with an error on every row: how long validate --format html takes,
 * how big the page is (bounded: examples are capped per rule), and how long Chromium takes to
 * open it and to apply a filter. DESSA_BENCH_HTML_ROWS sets the rows (default 1,000,000).
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generateRows } from './generate.js';
import { DATA, line, measure } from './jobs.js';

/** A roster of `rows` rows, Gender `q` on each: one invalid-value finding a row. */
export async function everyRowWrong(rows: number): Promise<string> {
  const path = join(DATA, `html-errors-${rows}.csv`);
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  const out = createWriteStream(path);
  for (const r of generateRows({ students: rows, classesPerStudent: 1, seed: 3 }))
    if (!out.write(r.replace(/,(M|F|X|U),(\d\d\/)/, ',q,$2'))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

/** Milliseconds Chromium takes to load the page, then to show one rule only. */
export async function openTimes(page: string): Promise<{ load: number; filter: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'dessa-bench-chromium-'));
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
  args.push('--disable-sync', '--no-first-run', '--disable-quic');
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args });
  try {
    const tab = await context.newPage();
    let t0 = performance.now();
    await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load', timeout: 600_000 });
    const load = performance.now() - t0;
    t0 = performance.now();
    await tab.selectOption('[data-filter="rule"]', 'invalid-value');
    await tab.locator('#shown').innerText();
    return { load, filter: performance.now() - t0 };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function htmlFigures(): Promise<void> {
  const rows = Number(process.env.DESSA_BENCH_HTML_ROWS ?? 1_000_000);
  const file = await everyRowWrong(rows);
  console.log(`HTML report, an error on every row (${rows.toLocaleString('en-US')} rows)`);
  for (const threads of ['2', '1']) {
    const f = measure('html', file, threads);
    line(`validate --format html (${threads} thread${threads === '1' ? '' : 's'})`, f);
    console.log(`${'  page size'.padEnd(40)} ${(Number(f.pageBytes) / 1024).toFixed(0).padStart(7)} KB`);
  }
  const f = measure('validate', file, '2');
  line('validate, no page (2 threads)', f);
  const { load, filter } = await openTimes(`${file}.html`);
  console.log(`${'Chromium: open the page'.padEnd(40)} ${(load / 1000).toFixed(2).padStart(7)} s`);
  console.log(`${'Chromium: filter to one rule'.padEnd(40)} ${(filter / 1000).toFixed(2).padStart(7)} s`);
}
