import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

const usage = (message: string) => `dessa-roster: [usage] ${message}\n`;
const limit = (flag: string, value: string) =>
  usage(`${flag} takes a percentage (10%) or a whole count (500), not ${JSON.stringify(value)}`);

/** An empty or malformed option value is refused (exit 2), never taken for the default. */
describe('option values', () => {
  it.each([
    ['--max-removals', ''],
    ['--max-removals', '2.5'],
    ['--max-removals', '1e3'],
    ['--max-removals', '-5'],
    ['--max-updates', ''],
    ['--max-updates', ' '],
    ['--max-updates', '%'],
  ])('%s %j: diff and apply refuse it, apply writes nothing', (flag, value) => {
    const dir = tmp();
    const url = `sqlite:${join(dir, 'x.sqlite')}`;
    const apply = cli(['apply', SAMPLE, '--org', 'x', '--db', url, flag, value]);
    expect([apply.code, apply.stdout, apply.stderr]).toEqual([2, '', limit(flag, value)]);
    expect(readdirSync(dir)).toEqual([]);
    expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
    const diff = cli(['diff', SAMPLE, '--org', 'x', '--db', url, flag, value]);
    expect([diff.code, diff.stdout, diff.stderr]).toEqual([2, '', limit(flag, value)]);
  });

  it('a fractional share is a share: diff --max-removals 12.5% is accepted', () => {
    const url = `sqlite:${join(tmp(), 'x.sqlite')}`;
    expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
    const r = cli(['diff', SAMPLE, '--org', 'x', '--db', url, '--max-removals', '12.5%', '-q']);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it.each([
    ['--max-errors', '', 'a whole number (0 or more)'],
    ['--max-errors', '1e3', 'a whole number (0 or more)'],
    ['--max-errors', '-1', 'a whole number (0 or more)'],
    ['--max-field-bytes', '0x10', 'a whole number (0 or more)'],
    ['--max-zip-bytes', '1 000', 'a whole number (0 or more)'],
    ['--max-zip-entries', '10.0', 'a whole number (0 or more)'],
    ['--threads', '1.0', '1 or 2'],
    ['--threads', '', '1 or 2'],
  ])('validate %s %j is a usage error', (flag, value, what) => {
    const r = cli(['validate', SAMPLE, flag, value]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      usage(`${flag} must be ${what}, not ${JSON.stringify(value)}`),
    ]);
  });

  it('apply FILE --plan "" is refused, not an apply of FILE', () => {
    const dir = tmp();
    const r = cli(['apply', SAMPLE, '--org', 'x', '--db', `sqlite:${join(dir, 'x.sqlite')}`, '--plan', '']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', usage('give either a FILE or --plan, not both')]);
    expect(readdirSync(dir)).toEqual([]);
    const alone = cli(['apply', '--db', `sqlite:${join(dir, 'x.sqlite')}`, '--plan', '']);
    expect([alone.code, alone.stderr]).toEqual([
      2,
      usage('--plan needs the name of a plan file saved by diff --output'),
    ]);
  });

  it('an empty --output is refused, not standard output or no plan', () => {
    const url = `sqlite:${join(tmp(), 'x.sqlite')}`;
    expect(cli(['db', 'migrate', '--db', url]).code).toBe(0);
    const diff = cli(['diff', SAMPLE, '--org', 'x', '--db', url, '--output', '']);
    expect([diff.code, diff.stdout, diff.stderr]).toEqual([
      2,
      '',
      usage(
        'diff --output saves a plan to a file for apply --plan: ' +
          'give a file name, not an empty name (--format json prints the plan on standard output)',
      ),
    ]);
    for (const args of [['validate', SAMPLE], ['spec'], ['template']]) {
      const r = cli([...args, '--output', '']);
      expect([args[0], r.code, r.stdout, r.stderr]).toEqual([
        args[0],
        2,
        '',
        usage('--output needs a file name (or - for standard output)'),
      ]);
    }
  });

  it('an empty --org is told what a key is', () => {
    const dir = tmp();
    const r = cli(['apply', SAMPLE, '--org', '', '--db', `sqlite:${join(dir, 'x.sqlite')}`]);
    expect([r.code, r.stderr]).toEqual([2, usage('--org must be 1-64 letters, digits, dot, dash or underscore')]);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});
