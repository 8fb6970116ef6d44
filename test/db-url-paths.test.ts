import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

describe('a sqlite: URL names one plain file, written nowhere else', () => {
  it.each([['file:'], ['file://'], ['%2F']])('a %s form is a usage error and creates nothing', (form) => {
    const dir = tmp();
    const target = join(dir, 'f.sqlite');
    const url = form === '%2F' ? `sqlite:${dir}%2Ff.sqlite` : `sqlite:${form}${target}`;
    const r = cli(['apply', writeTmp('r.csv', csv(row())), '--org', 'p', '--db', url], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^dessa-roster: \[usage\] --db .*give sqlite: a plain file path/);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});

describe('diff --output -', () => {
  it('is a usage error, not a file named "-"', () => {
    const dir = tmp();
    const r = cli(
      ['diff', writeTmp('r.csv', csv(row())), '--org', 'p', '--db', `sqlite:${join(dir, 'x.sqlite')}`, '--output', '-'],
      { cwd: dir },
    );
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^dessa-roster: \[usage\] diff --output saves a plan to a file/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
