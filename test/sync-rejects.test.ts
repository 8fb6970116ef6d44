import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, row, csv } from './helpers.js';
import { contents, deliver, newInbox, original, roster, students, sync } from './sync-helpers.js';

/** A file sync will not apply goes to rejected/ with a report saying why, and a refused run in history. */

const history = (org: string, url: string) =>
  JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout) as {
    id: number;
    status: string;
    file_name: string;
  }[];

describe.each(DATABASES)('sync rejections on %s', (_kind, makeUrl) => {
  it('rejects an invalid file (exit 1): nothing applied, its errors reported, refused-invalid in history', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'roster.csv', roster(students(3)), 900);
    expect(sync(dir, org, url).code).toBe(0);
    deliver(dir, 'bad.csv', csv(row({ 'Student ID': '7', DOB: '02/30/2015' })));
    const r = sync(dir, org, url);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({
      status: 'rejected',
      rejected: 'invalid',
      file: 'bad.csv',
      detail: '1 validation error(s)',
    });
    expect((await activeCounts(url, org)).students).toBe(3);
    expect(contents(dir).rejected.map(original)).toEqual(['bad.csv']);
    expect(r.json.movedTo).toMatch(/^rejected\/\d{8}T\d{6}Z_bad\.csv$/);
    const report = readFileSync(join(dir, String(r.json.report)), 'utf8');
    expect(report).toMatch(/Status: +REJECTED \(invalid\)/);
    expect(report).toMatch(/What to do next: Correct what is listed below/);
    expect(report).toMatch(/row 2, DOB: "02\/30\/2015" is not a real calendar date/);
    const [last] = history(org, url);
    expect(last).toMatchObject({ id: r.json.run, status: 'refused-invalid', file_name: join(dir, 'bad.csv') });

    // Text: one line, and the exit code for an alert.
    deliver(dir, 'bad.csv', 'Student ID\n1\n');
    const text = cli(['sync', dir, '--org', org, '--db', url]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^sync \S+: rejected \(invalid\); bad\.csv; run \d+; \d+ validation error\(s\); -> rejected\//,
    );
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    // The second bad.csv never replaces the first one set aside.
    expect(contents(dir).rejected).toHaveLength(2);
  });

  it('rejects a file that is not a roster at all (an empty or broken zip) with a report, exit 1', () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'export.zip', 'PK\u0003\u0004 not really');
    const r = sync(dir, org, url);
    expect([r.code, r.json.status, r.json.rejected]).toEqual([1, 'rejected', 'invalid']);
    const report = readFileSync(join(dir, String(r.json.report)), 'utf8');
    expect(report).toMatch(/Result: .*zip/i);
    // The reason is in the report itself, and names the file as delivered, never the vendor's path to it.
    expect(report).toMatch(/\nWhy: export\.zip\b.*zip/i);
    expect(report).not.toContain(dir);
    expect(r.json.detail).not.toContain(dir);
    expect(history(org, url)[0].status).toBe('refused-invalid');
  });

  it('rejects a file a guard refuses (exit 3), the guard in its report; --max-removals lets it through', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'full.csv', roster(students(20)), 900);
    expect(sync(dir, org, url).code).toBe(0);
    deliver(dir, 'partial.csv', roster(students(2)));
    const r = sync(dir, org, url);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ status: 'rejected', rejected: 'guard', file: 'partial.csv' });
    expect(r.json.detail).toMatch(/^would remove 18 of 20 active students \(90\.0%, limit 10%\)/);
    expect((await activeCounts(url, org)).students).toBe(20);
    expect(contents(dir).rejected.map(original)).toEqual(['partial.csv']);
    const report = readFileSync(join(dir, String(r.json.report)), 'utf8');
    expect(report).toMatch(/Status: +REJECTED \(refused by a safety limit\)/);
    expect(report).toMatch(/What this file would have changed:\n.*\n.*\n.*\nstudents +0 +0 +18/);
    expect(report).toMatch(/What to do next: Check that the export is complete/);
    expect(history(org, url)[0]).toMatchObject({ id: r.json.run, status: 'refused-guard' });

    deliver(dir, 'partial.csv', roster(students(2)));
    const allowed = sync(dir, org, url, ['--max-removals', '95%']);
    expect([allowed.code, allowed.json.status]).toEqual([0, 'applied']);
    expect((await activeCounts(url, org)).students).toBe(2);
  });
});
