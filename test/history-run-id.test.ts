import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, emptySqlite, row, writeTmp } from './helpers.js';

/** RUN_ID is a positive whole number up to 2^53 - 1 on every database: else usage, never a db-error. */
describe.each(DATABASES)('history RUN_ID on %s', (_name, makeUrl) => {
  it('out of range or zero: a usage error; a valid absent id: not-found', () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('r.csv', csv(row())), '--org', org, '--db', url]).code).toBe(0);
    for (const id of ['99999999999999999999', '9007199254740992', '0', '000']) {
      const r = cli(['history', '--org', org, id, '--db', url]);
      expect([r.code, r.stderr]).toEqual([
        2,
        expect.stringMatching(/^dessa-roster: \[usage\] RUN_ID must be a run number from 1 to 9007199254740991/),
      ]);
    }
    for (const id of ['9007199254740991', '987654321']) {
      const r = cli(['history', '--org', org, id, '--db', url]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^dessa-roster: \[not-found\] no run \d+ for org/)]);
    }
  });

  it("another org's run is no run of this org: not-found, and nothing of it shown", () => {
    const url = makeUrl();
    const [org, other] = [freshOrg(), freshOrg()];
    expect(cli(['apply', writeTmp('mine.csv', csv(row())), '--org', org, '--db', url]).code).toBe(0);
    expect(
      cli(['apply', writeTmp('theirs.csv', csv(row({ 'Student ID': 'S3cret77' }))), '--org', other, '--db', url]).code,
    ).toBe(0);
    const [theirs] = JSON.parse(cli(['history', '--org', other, '--db', url, '--format', 'json']).stdout);
    expect(cli(['history', String(theirs.id), '--org', other, '--db', url]).stdout).toContain('S3cret77');
    const message = `no run ${theirs.id} for org "${org}": dessa-roster history --org ${org} lists its runs`;
    const text = cli(['history', String(theirs.id), '--org', org, '--db', url]);
    expect([text.code, text.stdout, text.stderr]).toEqual([2, '', `dessa-roster: [not-found] ${message}\n`]);
    const json = cli(['history', String(theirs.id), '--org', org, '--db', url, '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout)]).toEqual([2, { error: { code: 'not-found', message } }]);
    expect(json.stdout + text.stdout).not.toMatch(/S3cret77|theirs\.csv/);
  });
});

describe('history RUN_ID on a database with no runs table yet', () => {
  it('is not-found, as on one with runs (the table is not made by reading)', () => {
    const r = cli(['history', '1', '--org', 'x', '--db', emptySqlite('none.sqlite')]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'dessa-roster: [not-found] no run 1 for org "x": dessa-roster history --org x lists its runs\n',
    ]);
  });
});

/** A run id is looked up in the org and, when --program is given, in that program only. */
describe.each(DATABASES)('history RUN_ID --program on %s', (_name, makeUrl) => {
  it('a run of another program of the org is no run; without --program it is shown', () => {
    const url = makeUrl();
    const org = freshOrg();
    const file = writeTmp('r.csv', csv(row()));
    expect(cli(['apply', file, '--org', org, '--program', 'summer', '--db', url]).code).toBe(0);
    const [run] = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    const id = String(run.id);
    const other = cli(['history', id, '--org', org, '--program', 'fall', '--db', url]);
    expect([other.code, other.stdout, other.stderr]).toEqual([
      2,
      '',
      `dessa-roster: [not-found] no run ${id} for org "${org}" and program "fall": ` +
        `dessa-roster history --org ${org} --program fall lists its runs\n`,
    ]);
    const json = cli(['history', id, '--org', org, '--program', 'default', '--db', url, '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout).error.code]).toEqual([2, 'not-found']);
    const own = cli(['history', id, '--org', org, '--program', 'summer', '--db', url, '--format', 'json']);
    expect([own.code, JSON.parse(own.stdout).run.program]).toEqual([0, 'summer']);
    const any = cli(['history', id, '--org', org, '--db', url]);
    expect([any.code, any.stderr]).toEqual([0, '']);
    expect(any.stdout).toMatch(new RegExp(`^Run #${id} of \\S+r\\.csv, program summer, `));
  });
});
