import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, writeTmp } from './helpers.js';

/** RUN_ID is a positive whole number up to 2^53 - 1 on every database: else usage, never a db-error. */
describe.each(DATABASES)('history RUN_ID on %s', (_name, makeUrl) => {
  it('out of range or zero: a usage error; a valid absent id: not-found', () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('r.csv', csv(row())), '--org', org, '--db', url]).code).toBe(0);
    for (const id of ['99999999999999999999', '9007199254740992', '0', '000']) {
      const r = cli(['history', '--org', org, id, '--db', url]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^dessa-roster: \[usage\] RUN_ID must be a run number from 1 to 9007199254740991/)]);
    }
    for (const id of ['9007199254740991', '987654321']) {
      const r = cli(['history', '--org', org, id, '--db', url]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^dessa-roster: \[not-found\] no run \d+ for org/)]);
    }
  });
});
