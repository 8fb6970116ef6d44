import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, ROOT, row, tmp, writeTmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

/** The two waits read from the environment follow one rule: whole seconds, within a range. */
const SETTINGS = [
  ['DESSA_CONNECT_TIMEOUT', 1, 3600, 10],
  ['DESSA_LOCK_WAIT', 0, 86400, 60],
] as const;

const refusal = (name: string, min: number, max: number, fallback: number, value: string) =>
  `dessa-roster: [usage] ${name} must be a whole number of seconds from ${min} to ${max}, ` +
  `not ${JSON.stringify(value)}: set e.g. ${name}=${fallback} (the default when it is unset)\n`;

describe.each(SETTINGS)('%s takes whole seconds', (name, min, max, fallback) => {
  it.each(['0.5', '1.0', '-1', '', ' ', 'abc', '1e3', '0x10', String(max + 1)])('%j is a usage error', (value) => {
    const dir = tmp();
    const r = cli(['db', 'migrate', '--db', `sqlite:${join(dir, 'x.sqlite')}`], { env: { [name]: value } });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', refusal(name, min, max, fallback, value)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('every command with --db refuses it before creating anything', () => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'x.sqlite')}`;
    for (const args of [
      ['apply', SAMPLE, '--org', 'x'],
      ['diff', SAMPLE, '--org', 'x'],
      ['history', '--org', 'x'],
      ['db', 'unlock'],
    ]) {
      const r = cli([...args, '--db', url], { env: { [name]: '0.5' } });
      expect([args[0], r.code, r.stdout, r.stderr]).toEqual([args[0], 2, '', refusal(name, min, max, fallback, '0.5')]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is refused before an invalid file is read or its refusal recorded', () => {
    const dir = tmp();
    const invalid = writeTmp('bad.csv', csv(row({ DOB: 'soon' })));
    const r = cli(['apply', invalid, '--org', 'x', '--db', `sqlite:${join(dir, 'x.sqlite')}`, '--format', 'json'], {
      env: { [name]: '2.5' },
    });
    expect([r.code, r.stderr]).toEqual([2, refusal(name, min, max, fallback, '2.5')]);
    expect(JSON.parse(r.stdout).error.code).toBe('usage');
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });

  it.each([String(min), ' 7 ', String(max)])('%j is accepted', (value) => {
    const r = cli(['db', 'migrate', '--db', `sqlite:${join(tmp(), 'x.sqlite')}`], { env: { [name]: value } });
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});
