import { linkSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

const roster = () => writeTmp('in.csv', csv(row(), row({ 'Student ID': '2' })));

describe('--output never overwrites an input or the SQLite database', () => {
  it.each([
    ['the input itself', (input: string) => input],
    [
      'a symbolic link to the input',
      (input: string) => {
        const link = join(tmp(), 'link.csv');
        symlinkSync(input, link);
        return link;
      },
    ],
    [
      'a hard link to the input',
      (input: string) => {
        const link = join(tmp(), 'hard.csv');
        linkSync(input, link);
        return link;
      },
    ],
    ['the input by another path', (input: string) => join(input, '..', '.', 'in.csv')],
  ])('validate --output %s: usage error, the roster untouched', (_what, target) => {
    const input = roster();
    const bytes = readFileSync(input);
    const r = cli(['validate', input, '--output', target(input)]);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/^dessa-roster: \[usage\] --output .* is the input file .*nothing was written/),
    ]);
    expect(readFileSync(input)).toEqual(bytes);
  });

  it('validate --output onto the default SQLite database (DESSA_DATABASE_URL) is refused', () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'v.sqlite')}`;
    expect(cli(['apply', roster(), '--org', 'a', '--db', url]).code).toBe(0);
    const bytes = readFileSync(join(dir, 'v.sqlite'));
    const r = cli(['validate', roster(), '--output', join(dir, 'v.sqlite')], { env: { DESSA_DATABASE_URL: url } });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/is the SQLite database/)]);
    expect(readFileSync(join(dir, 'v.sqlite'))).toEqual(bytes);
  });

  it("diff --output onto its SQLite database, or that database's WAL, is refused and every org stays", async () => {
    const dir = tmp();
    const path = join(dir, 'v.sqlite');
    const url = `sqlite:${path}`;
    const org = freshOrg();
    expect(cli(['apply', roster(), '--org', org, '--db', url]).code).toBe(0);
    const before = await activeCounts(url, org);
    const link = join(tmp(), 'db-link');
    symlinkSync(path, link);
    for (const target of [path, link, `${path}-wal`]) {
      const r = cli(['diff', roster(), '--org', 'other', '--db', url, '--output', target]);
      expect([r.code, r.stderr]).toEqual([
        2,
        expect.stringMatching(/^dessa-roster: \[usage\] --output .* is the SQLite database .*nothing was written/),
      ]);
    }
    const input = roster();
    const bytes = readFileSync(input);
    const same = cli(['diff', input, '--org', org, '--db', url, '--output', input]);
    expect([same.code, same.stderr]).toEqual([2, expect.stringMatching(/is the input file/)]);
    expect(readFileSync(input)).toEqual(bytes);
    expect(await activeCounts(url, org)).toEqual(before);
  });
});

describe.each(DATABASES)('the "plan saved" hint on %s', (name, makeUrl) => {
  it('names the --db (password masked) so the printed command applies the plan', async () => {
    // A password in the URL (the local PostgreSQL trusts the connection and ignores it).
    const url = name !== 'postgres' ? makeUrl() : makeUrl().replace(/^(\w+:\/\/)([^:@/]+)@/, '$1$2:s3cret@');
    const org = freshOrg();
    const plan = join(tmp(), 'plan.json');
    const r = cli(['diff', roster(), '--org', org, '--db', url, '--output', plan]);
    expect(r.code).toBe(0);
    const hint = /plan saved to .*: apply it with dessa-roster (apply --plan .*)$/m.exec(r.stdout);
    expect(hint).not.toBeNull();
    expect(r.stdout).not.toContain('s3cret');
    const args = hint![1].split(' ');
    expect(args.slice(0, 4)).toEqual(['apply', '--plan', plan, '--db']);
    if (name === 'sqlite') {
      const applied = cli(args);
      expect([applied.code, applied.stderr]).toEqual([0, '']);
      expect((await activeCounts(url, org)).students).toBe(2);
    } else if (name === 'postgres') expect(args[4]).toBe(`'${url.replace('s3cret', '***')}'`);
    else expect(args[4]).toBe(url);
  });
});
