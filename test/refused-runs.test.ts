import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, writeTmp } from './helpers.js';

const students = (n: number) => Array.from({ length: n }, (_, i) => row({ 'Student ID': String(100 + i) }));

const history = (url: string, org: string) =>
  JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout) as {
    status: string;
    file_name: string;
    sha256: string;
    counts: Record<string, unknown>;
  }[];

describe.each(DATABASES)('refused applies in history on %s', (_name, makeUrl) => {
  it('an invalid file and a guard refusal are recorded with their outcome and no changes', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('a.csv', csv(...students(20))), '--org', org, '--db', url]).code).toBe(0);
    const before = await activeCounts(url, org);

    const invalid = writeTmp('bad.csv', csv(row({ 'Student ID': '1', Gender: 'ZZZ' })));
    expect(cli(['apply', invalid, '--org', org, '--db', url]).code).toBe(1);
    const half = writeTmp('half.csv', csv(...students(10)));
    expect(cli(['apply', half, '--org', org, '--db', url]).code).toBe(3);

    expect(await activeCounts(url, org)).toEqual(before);
    const runs = history(url, org);
    expect(runs.map((r) => [r.status, r.file_name])).toEqual([
      ['refused-guard', half],
      ['refused-invalid', invalid],
      ['succeeded', expect.any(String)],
    ]);
    expect(runs[0].counts).toEqual({});
    expect(runs[1].counts).toEqual({});
    const show = JSON.parse(
      cli(['history', String((runs[0] as unknown as { id: number }).id), '--org', org, '--db', url, '--format', 'json'])
        .stdout,
    );
    expect(show.changes).toEqual([]);
  });

  it('--if-changed compares only with successful runs: a refused file is tried again', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('a.csv', csv(...students(20))), '--org', org, '--db', url]).code).toBe(0);
    const half = writeTmp('half.csv', csv(...students(10)));
    expect(cli(['apply', half, '--org', org, '--db', url, '--if-changed']).code).toBe(3);
    expect(history(url, org)[0]).toMatchObject({ status: 'refused-guard' });
    const again = cli(['apply', half, '--org', org, '--db', url, '--if-changed', '--force']);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('Applied')]);
    const skipped = cli(['apply', half, '--org', org, '--db', url, '--if-changed']);
    expect([skipped.code, skipped.stdout]).toEqual([0, expect.stringContaining('Skipped')]);
    expect(history(url, org).map((r) => r.status)).toEqual(['succeeded', 'refused-guard', 'succeeded']);
  });
});
