import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIX_HTML_CHANGES_PER_RULE } from '../src/render/html/fix-page.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';
import { hostileFixRoster } from './html-fixtures.js';

/* fix --format html, read as text: the verdict, the counts, the cap, escaping of changed values, where it goes. */

const dataBlock = (html: string) =>
  JSON.parse(/<script type="application\/json" id="page-data">([^]*?)<\/script>/.exec(html)![1]);

describe('fix --format html', () => {
  it('escapes every changed value: markup in before and after stays text', () => {
    const dir = tmp();
    const r = cli([
      'fix',
      writeTmp('hostile.csv', hostileFixRoster()),
      '-o',
      join(dir, 'fixed.csv'),
      '--format',
      'html',
    ]);
    expect(r.stderr).toBe('');
    const html = r.stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script>window|<img|onerror="|<\/script><script>window/);
    expect(html).not.toMatch(/\u2028/);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;');
    expect(html).toContain('Lee\\u2028Kim');
    // Only the page's own two scripts: the filter and the data block.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toMatch(/<section data-group id="change-trim-whitespace"><h3>trim-whitespace × 4</);
    expect(html).toContain('id="change-enum-case"');
    expect(html).toContain('id="change-grade-level"');
    // The corrected copy is only --output: the page never holds a CSV row.
    expect(html).not.toContain('Site Name,Staff Last Name');
    expect(readFileSync(join(dir, 'fixed.csv'), 'utf8')).toMatch(/^Site Name,/);
  });

  it('states the verdict and the counts, and caps the changes listed per rule with the exact total', () => {
    const n = FIX_HTML_CHANGES_PER_RULE + 37;
    const rows = Array.from({ length: n }, (_, i) => row({ 'Student ID': String(5000 + i), Gender: 'f' }));
    const dir = tmp();
    const r = cli(['fix', writeTmp('many.csv', csv(...rows)), '-o', join(dir, 'fixed.csv'), '--format', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html).toMatch(
      /<p class="verdict valid" id="verdict">✓ The corrected copy [^<]*fixed\.csv \(237 rows\) is valid/,
    );
    expect(html).toMatch(
      new RegExp(`enum-case × ${n} <span class="note">\\(first ${FIX_HTML_CHANGES_PER_RULE} listed\\)`),
    );
    expect(html.match(/<tr data-item data-rule="enum-case" data-column="Gender">/g)).toHaveLength(
      FIX_HTML_CHANGES_PER_RULE,
    );
    expect(html).toContain('<dt>cells changed</dt><dd>237</dd>');
    expect(html).toContain('<dt>errors remaining</dt><dd>0</dd>');
    // The by-column table: Gender, 237.
    expect(html).toMatch(/<h3 id="by-column">By column<\/h3>.*<td class="mono">Gender<\/td><td class="num">237<\/td>/s);
    const data = dataBlock(html);
    expect(data.summary.byRule).toEqual({ 'enum-case': n });
    expect(data.summary.byColumn).toEqual({ Gender: n });
    expect(data.valid).toBe(true);
  });

  it('lists the errors that remain with their rows from the copy', () => {
    const dir = tmp();
    const text = csv(row({ 'Student ID': '1.23E+05', Gender: 'Male' }), row({ 'Student ID': '7', DOB: '13/04/2015' }));
    const r = cli(['fix', writeTmp('left.csv', text), '-o', join(dir, 'fixed.csv'), '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/<p class="verdict invalid" id="verdict">✗ Errors remain in the corrected copy/);
    expect(r.stdout).toContain('<h2 id="issues">What remains in the corrected copy (its own row numbers)</h2>');
    expect(r.stdout).toMatch(/<section data-group id="rule-[a-z-]+"><h3 class="sev-error">/);
    // An example row read again from the copy: Gender already repaired to M there.
    expect(r.stdout).toMatch(/<td class="cell">M<\/td>/);
    expect(dataBlock(r.stdout).remaining.errors).toBeGreaterThan(0);
  });

  it('writes the page whole to --report, never to --output, and refuses --report naming another file', () => {
    const dir = tmp();
    const input = writeTmp('in.csv', csv(row({ Gender: 'f' })));
    const out = join(dir, 'fixed.csv');
    const page = join(dir, 'fix.html');
    const r = cli(['fix', input, '-o', out, '--format', 'html', '--report', page]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(page, 'utf8')).toMatch(/^<!DOCTYPE html>[^]*<\/html>\n$/);
    expect(readFileSync(out, 'utf8')).not.toContain('<');
    const same = cli(['fix', input, '-o', out, '--format', 'html', '--report', out]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/\[usage\] --report names the same file as --output/);
    const text = cli(['fix', input, '-o', join(dir, 'f2.csv'), '--report', join(dir, 'fix.txt')]);
    expect(text.code).toBe(0);
    expect(readFileSync(join(dir, 'fix.txt'), 'utf8')).toMatch(/^Wrote /);
    expect(existsSync(join(dir, 'f2.csv'))).toBe(true);
  });

  it('says when no copy could be written, and lists what remains in the input', () => {
    const dir = tmp();
    const text = 'Student ID,Last Name\r\n1,Nguyen\r\n';
    const r = cli([
      'fix',
      writeTmp('short.csv', text),
      '-o',
      join(dir, 'fixed.csv'),
      '--format',
      'html',
      '--report',
      '-',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /<p class="verdict invalid" id="verdict">✗ [^<]*short\.csv: no corrected copy was written/,
    );
    expect(r.stdout).toContain('<h2 id="issues">What remains in the input</h2>');
    expect(r.stdout).not.toContain('written as UTF-8');
    expect(existsSync(join(dir, 'fixed.csv'))).toBe(false);
  });
});
