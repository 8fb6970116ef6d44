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
      expect(r.stderr).toMatch(/^dessa-roster: \[invalid\] .*invalid\.csv has \d+ validation error\(s\); nothing compared or written\.\n$/);
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
