import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileRoster, PAYLOADS } from './html-fixtures.js';
import { cli, csv, emptySqlite, row, tmp, writeTmp } from './helpers.js';

/*
 * The HTML reports in a real browser: Debian's chromium, headless, driven by playwright-core,
 * each context with a fresh profile and nothing that phones home.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const profiles: string[] = [];
const contexts: BrowserContext[] = [];

async function open(javaScriptEnabled = true): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'dessa-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    javaScriptEnabled,
  });
  contexts.push(context);
  return context;
}

/** A page at `file`, with every request it makes, every dialog it opens and every console error it logs. */
async function visit(context: BrowserContext, file: string) {
  const page = await context.newPage();
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, dialogs, errors };
}

const visibleItems = (page: Page) => page.locator('[data-item]:visible');

const skip = !existsSync(CHROMIUM);
it.skipIf(!skip)('needs /usr/bin/chromium (Debian package chromium)', () => {});

describe.skipIf(skip)('the HTML report in Chromium', () => {
  let report: string;
  let plan: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    const dir = tmp();
    report = join(dir, 'report.html');
    const messy = writeTmp('messy.csv', hostileRoster());
    expect(cli(['validate', messy, '--format', 'html', '-o', report]).code).toBe(1);
    const db = emptySqlite('plan.sqlite');
    const students = (names: string[]) =>
      csv(...names.map((n, i) => row({ 'Student ID': String(100 + i), 'First Name': n, 'Class Code': `C${i}` })));
    expect(cli(['apply', writeTmp('a.csv', students(['Ana', 'Ben', 'Cy'])), '--org', 'o', '--db', db]).code).toBe(0);
    const diff = cli([
      'diff',
      writeTmp('b.csv', students([PAYLOADS.script, 'Ben'])),
      '--org',
      'o',
      '--db',
      db,
      '--format',
      'html',
    ]);
    plan = join(dir, 'plan.html');
    writeFileSync(plan, diff.stdout);
    browser = await open();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    for (const p of profiles) rmSync(p, { recursive: true, force: true });
  });

  it('shows the verdict and the counts', async () => {
    const { page, errors } = await visit(browser, report);
    await expect(page.locator('#verdict').isVisible()).resolves.toBe(true);
    expect(await page.locator('#verdict').innerText()).toMatch(/messy\.csv is not valid \(\d+ errors/);
    const tile = page.locator('.counts div', { hasText: 'students' });
    expect(await tile.locator('dd').innerText()).toBe('9');
    // The script ran (its hash matched the CSP) and nothing was blocked or failed.
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('filters by rule, column and severity', async () => {
    const { page } = await visit(browser, report);
    const all = await visibleItems(page).count();
    expect(all).toBeGreaterThan(5);
    await page.selectOption('[data-filter="rule"]', 'invalid-grade');
    expect(await visibleItems(page).count()).toBe(1);
    expect(await page.locator('#rule-invalid-value').isVisible()).toBe(false);
    expect(await page.locator('#shown').innerText()).toBe(`1 of ${all} listed shown`);
    await page.selectOption('[data-filter="rule"]', '');
    await page.selectOption('[data-filter="column"]', 'Gender');
    const gender = await visibleItems(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
    expect(gender.length).toBe(4);
    expect(new Set(gender)).toEqual(new Set(['Gender']));
    await page.selectOption('[data-filter="column"]', '');
    await page.selectOption('[data-filter="severity"]', 'warning');
    const severities = await visibleItems(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-severity')));
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set(['warning']));
    await page.click('button[type="reset"]');
    await expect.poll(() => visibleItems(page).count()).toBe(all);
  });

  it('searches the listed rows', async () => {
    const { page } = await visit(browser, report);
    await page.fill('[data-filter="q"]', 'kg');
    expect(await visibleItems(page).count()).toBe(1);
    expect(await visibleItems(page).first().locator('td.bad').innerText()).toBe('KG');
    await page.fill('[data-filter="q"]', 'no such value anywhere');
    expect(await visibleItems(page).count()).toBe(0);
    expect(await page.locator('section[data-group]:visible').count()).toBe(0);
  });

  it('keeps injected values as text: no script runs, no dialog opens, nothing is requested', async () => {
    const { page, requests, dialogs } = await visit(browser, report);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const cells = await page.locator('td.cell').allTextContents();
    expect(cells).toEqual(expect.arrayContaining([PAYLOADS.script, PAYLOADS.attribute, PAYLOADS.close]));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([pathToFileURL(report).href]);
  });

  it('is whole without JavaScript, and prints without the filters', async () => {
    const noScript = await open(false);
    const { page, requests } = await visit(noScript, report);
    expect(await page.locator('#verdict').isVisible()).toBe(true);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await visibleItems(page).count()).toBe(await page.locator('[data-item]').count());
    expect(await page.locator('#values').isVisible()).toBe(true);
    expect(requests).toEqual([pathToFileURL(report).href]);
    const scripted = (await visit(browser, report)).page;
    await scripted.emulateMedia({ media: 'print' });
    expect(await scripted.locator('#filters').isVisible()).toBe(false);
    expect(await scripted.locator('#verdict').isVisible()).toBe(true);
  });

  it('shows a plan with names, before → after and filters by entity and action', async () => {
    const { page, requests, dialogs } = await visit(browser, plan);
    expect(await page.locator('#verdict').innerText()).toContain('apply would refuse this plan');
    const update = page.locator('[data-item][data-action="update"]');
    expect(await update.locator('.before').innerText()).toBe('Ana');
    expect(await update.locator('.after').innerText()).toBe(PAYLOADS.script);
    await page.selectOption('[data-filter="action"]', 'remove');
    const actions = await visibleItems(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(new Set(actions)).toEqual(new Set(['remove']));
    await page.fill('[data-filter="q"]', 'cy');
    expect(await visibleItems(page).first().innerText()).toContain('Cy Nguyen');
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(requests).toEqual([pathToFileURL(plan).href]);
  });
});
