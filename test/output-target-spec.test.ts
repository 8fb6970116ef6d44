import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

/** template and spec --output get the same refusal as validate and diff: never over the SQLite database. */
describe('template / spec --output never overwrite the SQLite database', () => {
  it.each([['template'], ['spec'], ['spec', '--format', 'json']])(
    '%s --output ./dessa.sqlite (the default database)',
    (...args) => {
      const dir = tmp();
      expect(
        cli(['apply', writeTmp('r.csv', csv(row())), '--org', 'a'], {
          cwd: dir,
          env: { DESSA_DATABASE_URL: undefined },
        }).code,
      ).toBe(0);
      const bytes = readFileSync(join(dir, 'dessa.sqlite'));
      const r = cli([...args, '--output', './dessa.sqlite'], { cwd: dir, env: { DESSA_DATABASE_URL: undefined } });
      expect([r.code, r.stderr]).toEqual([
        2,
        expect.stringMatching(
          /^dessa-roster: \[usage\] --output \.\/dessa\.sqlite is the SQLite database .*nothing was written/,
        ),
      ]);
      expect(readFileSync(join(dir, 'dessa.sqlite'))).toEqual(bytes);
    },
  );

  it("template --output onto DESSA_DATABASE_URL's file is refused; another file is written", () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'v.sqlite')}`;
    expect(cli(['apply', writeTmp('r.csv', csv(row())), '--org', 'a', '--db', url]).code).toBe(0);
    const r = cli(['template', '--output', join(dir, 'v.sqlite')], { env: { DESSA_DATABASE_URL: url } });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/is the SQLite database/)]);
    const ok = cli(['template', '--output', join(dir, 't.csv')], { env: { DESSA_DATABASE_URL: url } });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
  });

  it('validate --output onto the --map file calls it the --map file', () => {
    const map = writeTmp('m.json', JSON.stringify({ 'First Name': 'First Name' }));
    const bytes = readFileSync(map);
    const r = cli(['validate', writeTmp('r.csv', csv(row())), '--map', map, '--output', map]);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/^dessa-roster: \[usage\] --output .* is the --map file .*nothing was written/),
    ]);
    expect(readFileSync(map)).toEqual(bytes);
  });
});
