import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp } from './helpers.js';

describe('history of an org with several programs', () => {
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
    const one = JSON.parse(cli(['history', '--org', org, '--program', 'summer', '--db', url, '--format', 'json']).stdout);
    expect(one.map((r: { program: string }) => r.program)).toEqual(['summer']);
    const text = cli(['history', '--org', org, '--db', url]).stdout;
    expect(text).toContain('summer');
    expect(text).toContain('default');
  });
});
