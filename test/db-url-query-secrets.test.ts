import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../src/db/connect.js';
import { secretsIn } from '../src/db/url.js';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

/** A password (or key, token) passed as a query parameter of --db is never printed. */
describe('secret query parameters are masked', () => {
  it.each([
    ['postgres://u@db.example:5432/db?password=Secret2', 'postgres://u@db.example:5432/db?password=***'],
    ['mysql://u@db.example/db?sslmode=require&PWD=Secret2&x=1', 'mysql://u@db.example/db?sslmode=require&PWD=***&x=1'],
    [
      'postgres://u:p@db.example/db?sslpassword=Secret2&api_key=K3y#frag',
      'postgres://u:***@db.example/db?sslpassword=***&api_key=***#***',
    ],
    [
      'postgres://db.example/db?passwd=Secret2&my_secret=S&auth_token=T',
      'postgres://db.example/db?passwd=***&my_secret=***&auth_token=***',
    ],
    ['postgres://u@db.example/db?application_name=roster', 'postgres://u@db.example/db?application_name=roster'],
  ])('%s', (url, shown) => {
    expect(redact(url)).toBe(shown);
  });

  it('the values are scrubbed from anything printed, typed and decoded', () => {
    expect(secretsIn(['--db=postgres://u@h/db?password=Se%20cret2&sslmode=disable'])).toEqual(
      expect.arrayContaining(['Se%20cret2', 'Se cret2']),
    );
    expect(secretsIn(['postgres://u:q?x@h/db?password=Secret2'])).toContain('Secret2');
  });

  it.each(['postgres', 'mysql'])('%s: the error line and --debug do not show it', (scheme) => {
    const r = cli(['history', '--org', 'x', '--db', `${scheme}://u@127.0.0.1:1/db?password=Secret2`, '--debug']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^dessa-roster: \[db-connect\] cannot connect to .*\?password=\*\*\*/);
    expect(r.stderr + r.stdout).not.toContain('Secret2');
  });
});

describe.each(DATABASES.filter(([name]) => name !== 'sqlite'))('diff on %s with ?password=', (_name, makeUrl) => {
  it('the "Plan for" header and the "plan saved" hint do not show it', () => {
    const base = makeUrl();
    const url = `${base}${base.includes('?') ? '&' : '?'}password=Secret2`;
    const file = writeTmp('r.csv', csv(row()));
    const r = cli(['diff', file, '--org', freshOrg(), '--db', url, '--output', join(tmp(), 'plan.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Plan for .*password=\*\*\*/);
    expect(r.stdout).toMatch(/plan saved to .*password=\*\*\*/);
    expect(r.stdout + r.stderr).not.toContain('Secret2');
  });
});
