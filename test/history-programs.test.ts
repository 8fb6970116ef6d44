import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

describe('history of an org with several programs', () => {
  it('--help claims no default program: without --program, history is of every program', () => {
    const r = cli(['history', '--help']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith('--program'));
    expect(line).toMatch(/every program/);
    expect(line).not.toMatch(/default: "/);
  });

  it('lists the runs of every program unless --program names one', () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'h.sqlite')}`;
    const org = freshOrg();
    const file = join(dir, 'r.csv');
    writeFileSync(file, csv(row()));
    expect(cli(['apply', file, '--org', org, '--db', url]).code).toBe(0);
    expect(cli(['apply', file, '--org', org, '--program', 'summer', '--db', url]).code).toBe(0);
    const all = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(all.map((r: { program: string }) => r.program).sort()).toEqual(['default', 'summer']);
    const one = JSON.parse(
      cli(['history', '--org', org, '--program', 'summer', '--db', url, '--format', 'json']).stdout,
    );
    expect(one.map((r: { program: string }) => r.program)).toEqual(['summer']);
    const text = cli(['history', '--org', org, '--db', url]).stdout;
    expect(text).toContain('summer');
    expect(text).toContain('default');
  });
});

describe.each(DATABASES)('history --program of a program with no runs on %s', (_kind, makeUrl) => {
  it("names the program and the org's programs that have runs; JSON is an empty list", () => {
    const url = makeUrl();
    const org = freshOrg();
    const file = writeTmp('r.csv', csv(row()));
    const none = cli(['history', '--org', org, '--program', 'summer', '--db', url]);
    expect([none.code, none.stdout]).toEqual([
      0,
      `No runs for program "summer" of org "${org}", nor for any other program of it.\n`,
    ]);
    expect(cli(['apply', file, '--org', org, '--db', url]).code).toBe(0);
    expect(cli(['apply', file, '--org', org, '--program', 'fall', '--db', url]).code).toBe(0);
    const text = cli(['history', '--org', org, '--program', 'summer', '--db', url]);
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(text.stdout).toBe(
      `No runs for program "summer" of org "${org}". Programs of org "${org}" with runs: ` +
        `default, fall (--program NAME lists one's runs).\n`,
    );
    const json = cli(['history', '--org', org, '--program', 'summer', '--db', url, '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout)]).toEqual([0, []]);
    expect(cli(['history', '--org', freshOrg(), '--db', url]).stdout).toMatch(/^No runs for org "[^"]+"\.\n$/);
  });
});
