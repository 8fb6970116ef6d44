import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from './helpers.js';

const INVALID = join(ROOT, 'samples', 'invalid.csv');

/** -q / --quiet: nothing on standard output for a text result; standard error's one line and the exit code tell. */
describe('-q on an invalid file', () => {
  it.each([['diff'], ['apply']])('%s -q prints no report, keeps the one line and exit 1, as validate -q', (command) => {
    const url = `sqlite:${join(tmp(), 'x.sqlite')}`;
    expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
    for (const quiet of ['-q', '--quiet']) {
      const r = cli([command, INVALID, '--org', 'x', '--db', url, quiet]);
      expect([quiet, r.code, r.stdout]).toEqual([quiet, 1, '']);
      expect(r.stderr).toMatch(
        /^dessa-roster: \[invalid\] .*invalid\.csv has \d+ validation error\(s\); nothing compared or written\.\n$/,
      );
    }
    const loud = cli([command, INVALID, '--org', 'x', '--db', url]);
    expect([loud.code, loud.stdout]).toEqual([1, expect.stringContaining('required-blank')]);
  });

  it('apply -q --format json still prints the JSON report, as validate -q does', () => {
    const url = `sqlite:${join(tmp(), 'x.sqlite')}`;
    const r = cli(['apply', INVALID, '--org', 'x', '--db', url, '-q', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).valid).toBe(false);
    expect(JSON.parse(cli(['validate', INVALID, '-q', '--format', 'json']).stdout).valid).toBe(false);
  });
});

describe('-q on the db commands', () => {
  it('db migrate -q and db unlock -q print nothing on success; a failure is still one line', () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'x.sqlite')}`;
    for (const args of [
      ['db', 'migrate', '-q'],
      ['db', 'migrate', '--quiet'],
      ['db', 'unlock', '-q'],
    ]) {
      const r = cli([...args, '--db', url]);
      expect([args.join(' '), r.code, r.stdout, r.stderr]).toEqual([args.join(' '), 0, '', '']);
    }
    expect(cli(['db', 'migrate', '--db', url]).stdout).toBe(`${url} is up to date.\n`);
    expect(cli(['history', '--org', 'x', '--db', url]).code).toBe(0);
    const missing = cli(['db', 'unlock', '-q', '--db', `sqlite:${join(dir, 'missing.sqlite')}`]);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([
      2,
      '',
      expect.stringMatching(/^dessa-roster: \[db-not-found\] .*\n$/),
    ]);
  });

  it.each(['validate', 'diff', 'apply', 'db migrate', 'db unlock'])('%s takes -q, --quiet', (command) => {
    expect(cli([...command.split(' '), '--help']).stdout).toMatch(/^ {2}-q, --quiet {2,}\S/m);
  });
});
