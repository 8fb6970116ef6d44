import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileFixRoster, PAYLOADS } from './html-fixtures.js';
import { cli, row, tmp, writeTmp } from './helpers.js';

/* fix's HTML page in a real browser: Debian's chromium, headless, a fresh profile, nothing that phones home. */

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

const skip = !existsSync(CHROMIUM);
it.skipIf(!skip)('needs /usr/bin/chromium (Debian package chromium)', () => {});

const visibleItems = (page: Page) => page.locator('[data-item]:visible');

describe.skipIf(skip)('the fix page in Chromium', () => {
  let report: string;
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    const dir = tmp();
    report = join(dir, 'fix.html');
    // The hostile rows, grades and genders to repair, and a day-first date that stays an error.
    const text = hostileFixRoster().trimEnd().split('\r\n');
    text.push(
      ...Array.from({ length: 5 }, (_, i) =>
        row({ 'Student ID': String(50 + i), Gender: 'Male', 'Grade Level': '01' }),
      ),
      row({ 'Student ID': '60', DOB: '13/04/2015' }),
    );
    const input = writeTmp('messy.csv', `${text.join('\r\n')}\r\n`);
    const r = cli(['fix', input, '-o', join(dir, 'fixed.csv'), '--format', 'html', '--report', report]);
    expect(r.code).toBe(1);
    profile = mkdtempSync(join(tmpdir(), 'dessa-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function visit() {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
    return { page, requests, dialogs, errors };
  }

  it('shows the verdict and the counts', async () => {
    const { page, errors } = await visit();
    expect(await page.locator('#verdict').innerText()).toMatch(/Errors remain in the corrected copy .*fixed\.csv/);
    const changed = page.locator('.counts div', { hasText: 'cells changed' });
    // 4 trimmed, 1 f → F, KG → K, 5 Male → M, 5 01 → 1.
    expect(await changed.locator('dd').innerText()).toBe('16');
    await expect(page.locator('#by-rule').isVisible()).resolves.toBe(true);
    const byColumn = await page.locator('#by-column + .scroll tr', { hasText: 'Gender' }).innerText();
    expect(byColumn).toMatch(/Gender\s+6/);
    await expect(page.locator('#filters').isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('filters by rule and column, and searches', async () => {
    const { page } = await visit();
    const all = await visibleItems(page).count();
    await page.selectOption('[data-filter="rule"]', 'grade-level');
    expect(await visibleItems(page).count()).toBe(6);
    expect(await page.locator('#change-enum-word').isVisible()).toBe(false);
    expect(await page.locator('#shown').innerText()).toBe(`6 of ${all} listed shown`);
    await page.selectOption('[data-filter="rule"]', '');
    await page.selectOption('[data-filter="column"]', 'Gender');
    const columns = await visibleItems(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')));
    expect(columns.length).toBeGreaterThanOrEqual(6);
    expect(new Set(columns)).toEqual(new Set(['Gender']));
    await page.click('button[type="reset"]');
    await page.fill('[data-filter="q"]', 'lee');
    expect(await visibleItems(page).count()).toBe(1);
    await page.click('button[type="reset"]');
    await expect.poll(() => visibleItems(page).count()).toBe(all);
  });

  it('keeps injected values as text: no script runs, no dialog opens, nothing is requested', async () => {
    const { page, requests, dialogs } = await visit();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const after = await page.locator('#change-trim-whitespace .after').allTextContents();
    expect(after).toEqual(expect.arrayContaining([PAYLOADS.script, PAYLOADS.attribute, PAYLOADS.close]));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([pathToFileURL(report).href]);
  });
});
