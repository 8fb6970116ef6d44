import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esc, jsonForScript } from '../src/render/html/escape.js';
import { HTML_EXAMPLES_PER_RULE } from '../src/render/html/validate-page.js';
import { morePointer } from '../src/render/text.js';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { pickRows, rowKey, versionOf } from '../src/read/pick-rows.js';
import { CLI, cli, csv, emptySqlite, HEADER, row, tmp, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';
import { generateRows } from './roster-generator.js';
import { hostileRoster, PAYLOADS } from './html-fixtures.js';

/* validate and diff --format html, read as text: escaping, the CSP, the size bound, failure paths. */

const dataBlock = (html: string) =>
  JSON.parse(/<script type="application\/json" id="page-data">([^]*?)<\/script>/.exec(html)![1]);

describe('escaping', () => {
  it('turns markup into text in element and attribute contexts', () => {
    expect(esc(PAYLOADS.attribute)).toBe('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;');
    expect(esc("a'b&c")).toBe('a&#39;b&amp;c');
    // Invisible and line-separating characters are shown, as in the terminal.
    expect(esc(PAYLOADS.separator)).toBe('Lee\\u2028Kim');
  });

  it('keeps JSON inside <script> from ending the element, and reads back unchanged', () => {
    const text = jsonForScript({ v: PAYLOADS.close, s: PAYLOADS.separator, a: '&<!--' });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ v: PAYLOADS.close, s: PAYLOADS.separator, a: '&<!--' });
  });

  it('writes no cell of the file as markup', () => {
    const file = writeTmp('hostile.csv', hostileRoster());
    const r = cli(['validate', file, '--format', 'html']);
    expect(r.code).toBe(1);
    const html = r.stdout;
    expect(html).not.toMatch(/<script>window|<img|onerror="/);
    expect(html).not.toContain('\u2028');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html.match(/<script/g)).toHaveLength(2); // the data block and the filter script
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const data = dataBlock(html);
    const values = data.first.map((f: { value: string }) => f.value);
    expect(values).toEqual(expect.arrayContaining([PAYLOADS.script, PAYLOADS.close]));
  });
});

describe('the page', () => {
  it('allows only its own style and script, by hash', () => {
    const html = cli(['validate', writeTmp('hostile.csv', hostileRoster()), '--format', 'html']).stdout;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const style = /<style>([^]*?)<\/style>/.exec(html)![1];
    const script = /<script>([^]*?)<\/script>/.exec(html)![1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(html).not.toMatch(/<[a-z][^<>]*\s(?:src|href)=/i);
    expect(html).not.toMatch(/ style=/);
  });

  it('shows the verdict, the counts, each rule with its rows and the value summary', () => {
    const html = cli(['validate', writeTmp('hostile.csv', hostileRoster()), '--format', 'html']).stdout;
    expect(html).toMatch(/class="verdict invalid" id="verdict">✗ .*hostile\.csv is not valid/);
    expect(html).toContain('<dt>students</dt><dd>9</dd>');
    expect(html).toContain('id="rule-invalid-grade"');
    // The whole row of the example, its spreadsheet row, the bad cell marked.
    expect(html).toMatch(/<tr data-item data-rule="invalid-grade" data-column="Grade Level" data-severity="error">/);
    expect(html).toContain('<td class="cell bad">KG</td>');
    expect(html).toContain('<td class="cell">Lincoln Elementary</td>');
    expect(html).toMatch(/<td class="num">4<\/td>/);
    expect(html).toMatch(/<li><span class="bad">Male × 3<\/span> \(not allowed\)<\/li>/);
  });

  it('names the zip entry of each example and shows its row', async () => {
    // The second entry has its own header: Gender first.
    const gender = FIELD_NAMES.indexOf('Gender');
    const genderFirst = (line: string) => {
      const cells = line.split(',');
      return [cells[gender], ...cells.filter((_, k) => k !== gender)].join(',');
    };
    const second = `${genderFirst(HEADER)}\r\n${genderFirst(row({ 'Student ID': '77', Gender: 'Q' }))}\r\n`;
    const zip = writeTmp(
      'r.zip',
      await makeZip([
        ['a/one.csv', hostileRoster()],
        ['b<i>.csv', second],
      ]),
    );
    const html = cli(['validate', zip, '--format', 'html']).stdout;
    expect(html).toContain('<th scope="col">Entry</th>');
    expect(html).toMatch(/<td class="mono">a\/one\.csv<\/td><td class="msg">&quot;KG/);
    // The bad cell is found by its column's name in the entry's own header.
    expect(html).toMatch(
      /<td class="mono">b&lt;i&gt;\.csv<\/td><td class="msg">[^<]*<\/td><td>Gender<\/td><td class="cell bad">Q<\/td>/,
    );
    expect(dataBlock(html).file).toBe(zip);
  });
});

describe('bounded size', () => {
  const page = (rows: number) => {
    const lines = Array.from({ length: rows }, (_, i) => row({ 'Student ID': String(100000 + i), Gender: 'Male' }));
    return cli(['validate', writeTmp('many.csv', csv(...lines)), '--format', 'html']).stdout;
  };

  it('lists the first examples of each rule and states the exact total', () => {
    const small = page(HTML_EXAMPLES_PER_RULE * 2);
    const large = page(20000);
    expect(large.match(/<tr data-item/g)).toHaveLength(HTML_EXAMPLES_PER_RULE);
    expect(large).toContain('× 20,000');
    expect(large).toMatch(/id="cap">20,000 issues in all\. This page lists the first 50 of each rule/);
    // 200 times the errors, the same page but for the digits of the counts.
    expect(Math.abs(large.length - small.length)).toBeLessThan(200);
  });
});

describe('the text report', () => {
  it('points to the full list and states the cap where it applies', () => {
    expect(morePointer(20, 1000)).toBe('… and 15 more (--format csv, json or html lists them all)');
    expect(morePointer(600, 1000)).toContain('--format csv or json lists them all; --format html shows the first 50');
    expect(morePointer(1500, 1000)).toBe(
      '… and 1,495 more (--format csv or json lists the first 1,000 of this rule; ' +
        '--format html shows the first 50 with their rows)',
    );
  });

  it('summarises the values of a column holding one not allowed', () => {
    const r = cli(['validate', writeTmp('hostile.csv', hostileRoster())]);
    expect(r.stdout).toMatch(/Gender: F × \d+, Male × 3 \(not allowed\)/);
    expect(r.stdout).toMatch(/Grade Level: 3 × 9, KG × 1 \(not allowed\)/);
  });
});

describe('failure paths', () => {
  it('writes nothing for a file that cannot be read: one line on standard error', () => {
    const dir = tmp();
    const out = join(dir, 'report.html');
    const r = cli(['validate', join(dir, 'missing.csv'), '--format', 'html', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown format in one line', () => {
    const r = cli(['validate', writeTmp('a.csv', csv(row())), '--format', 'htm']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('replaces an --output file whole and leaves no temporary file', () => {
    const dir = tmp();
    const out = join(dir, 'report.html');
    writeFileSync(out, 'old');
    expect(cli(['validate', writeTmp('a.csv', csv(row())), '--format', 'html', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>[^]*<\/html>\n$/);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('writes through a symbolic link, which stays a link', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.html'), 'old');
    symlinkSync('real.html', join(dir, 'link.html'));
    const r = cli(['validate', writeTmp('a.csv', csv(row())), '--format', 'html', '-o', join(dir, 'link.html')]);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(dir).sort()).toEqual(['link.html', 'real.html']);
  });

  it('reports a folder that does not exist as write-failed, with no file left', () => {
    const dir = tmp();
    const r = cli(['validate', writeTmp('a.csv', csv(row())), '--format', 'html', '-o', join(dir, 'no', 'r.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[write-failed\]/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('diff --format html', () => {
  it('shows the plan with names beside IDs, before → after, and the guards', () => {
    const db = emptySqlite('plan.sqlite');
    const students = (over: Record<string, string>[]) =>
      csv(...over.map((o, i) => row({ 'Student ID': String(100 + i), 'Class Code': `C${i}`, ...o })));
    const base = [{ 'First Name': 'Ana' }, { 'First Name': 'Ben' }, { 'First Name': 'Cy' }];
    expect(cli(['apply', writeTmp('a.csv', students(base)), '--org', 'o', '--db', db]).code).toBe(0);
    const next = [{ 'First Name': PAYLOADS.script }, { 'First Name': 'Ben' }];
    const r = cli(['diff', writeTmp('b.csv', students(next)), '--org', 'o', '--db', db, '--format', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html).toContain('apply would refuse this plan (exit 3)');
    expect(html).toMatch(/students: update × 1/);
    expect(html).toContain(
      '<code>first_name</code>: <span class="before">Ana</span> → ' +
        '<span class="after">&lt;script&gt;window.__pwned = 1&lt;/script&gt;</span>',
    );
    expect(html).toMatch(/<td class="mono">102<\/td><td>Cy Nguyen<\/td>/);
    expect(html).not.toContain('window.__pwned = 1</script>');
  });

  it('prints nothing on standard output when the database cannot be read', () => {
    const db = `sqlite:${join(tmp(), 'none.sqlite')}`;
    const r = cli(['diff', writeTmp('a.csv', csv(row())), '--org', 'o', '--db', db, '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^dessa-roster: \[db-not-found\]/)]);
  });

  it('shows the validation page for an invalid file, exit 1', () => {
    const db = emptySqlite('plan.sqlite');
    const r = cli([
      'diff',
      writeTmp('bad.csv', csv(row({ Gender: 'Male' }))),
      '--org',
      'o',
      '--db',
      db,
      '--format',
      'html',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('id="rule-invalid-value"');
    expect(r.stderr).toMatch(/^dessa-roster: \[invalid\]/);
  });
});

describe('the value summary', () => {
  it('keeps the first 24 distinct values of a column and counts the rows holding others', () => {
    const lines = Array.from({ length: 30 }, (_, i) => row({ 'Student ID': String(500 + i), Gender: `g${i}` }));
    lines.unshift(row({ 'Student ID': '499', Gender: 'x'.repeat(65) })); // too long to keep: another
    const report = JSON.parse(cli(['validate', writeTmp('many.csv', csv(...lines)), '--format', 'json']).stdout);
    const gender = report.values.find((c: { column: string }) => c.column === 'Gender');
    expect(gender.values).toHaveLength(24);
    expect(gender.values.map((v: { value: string }) => v.value)).toEqual(
      Array.from({ length: 24 }, (_, i) => `g${i}`).sort(),
    );
    expect(gender.others).toBe(7);
    expect(report.values.find((c: { column: string }) => c.column === 'White').values).toEqual([
      { value: 'Y', count: 31 },
    ]);
  });

  it('is the same read on one thread or two (a pipelined read repeats a student row)', () => {
    const rows = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 4 })];
    // Some students' rows disagree on Gender, some hold a value not allowed.
    const text = rows.map((r, i) => (i % 997 === 5 ? r.replace(/,(M|F|X|U),(\d\d\/)/, ',Male,$2') : r)).join('');
    const file = writeTmp('big.csv', text);
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
    const one = JSON.parse(cli(['validate', file, '--format', 'json', '--threads', '1']).stdout).values;
    const two = JSON.parse(cli(['validate', file, '--format', 'json', '--threads', '2']).stdout).values;
    expect(two).toEqual(one);
    const gender = one.find((c: { column: string }) => c.column === 'Gender');
    expect(gender.values.find((v: { value: string }) => v.value === 'Male').count).toBe(61);
  });
});

describe('from standard input', () => {
  it('shows each example with its value, its row not being readable twice', () => {
    const r = cli(['validate', '-', '--format', 'html'], { input: csv(row({ Gender: 'Male' })) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<th scope="col">Value</th>');
    expect(r.stdout).toContain('<td class="cell bad">Male</td>');
    expect(r.stdout).toContain('standard input is not valid');
  });
});

describe('reading the examples again', () => {
  it('reads a pipe once only: the page of a named pipe shows values, not rows', () => {
    const file = writeTmp('rows.csv', csv(row({ Gender: 'Male' })));
    const fifo = join(tmp(), 'piped.csv');
    const script = `mkfifo "$2" && (cat "$1" > "$2" &) && "${process.execPath}" "${CLI}" validate "$2" --format html`;
    const r = spawnSync('bash', ['-c', script, 'bash', file, fifo], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<td class="cell bad">Male</td>');
    expect(r.stdout).toContain('<th scope="col">Value</th>');
  });

  it('shows no row from a file changed since it was validated', async () => {
    const file = writeTmp('a.csv', csv(row({ Gender: 'Male' })));
    const wanted = new Set([rowKey(null, 2)]);
    const version = await versionOf(file);
    expect((await pickRows(file, {}, wanted, version)).get(rowKey(null, 2))?.cells[7]).toBe('Male');
    writeFileSync(file, csv(row({ Gender: 'Other' })));
    expect((await pickRows(file, {}, wanted, version)).size).toBe(0);
    expect(await versionOf('-')).toBeNull();
  });
});
