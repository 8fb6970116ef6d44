import { describe, expect, it } from 'vitest';
import { cli, emptySqlite, FAULT_ENV } from './helpers.js';

/**
 * --debug adds, after the one failure line, the stack of what went wrong underneath (the
 * cause of a known failure, or the error of an unexpected one), and nothing else: the line,
 * the exit code and standard output stay what they are without it.
 */
const valid = 'samples/roster.csv';
const lines = (text: string) => text.trimEnd().split('\n');
const isFrame = (l: string) => /^ {4}at /.test(l);

describe('--debug', () => {
  it('a failure with a cause (a report that cannot be written): the same line, then the cause and its stack', () => {
    const args = ['validate', valid, '--output', '/proc/nope/x.txt'];
    const plain = cli(args);
    expect(plain.code).toBe(2);
    expect(lines(plain.stderr)).toEqual([
      expect.stringMatching(/^dessa-roster: \[write-failed\] cannot write \/proc\/nope\/x\.txt/),
    ]);
    const debug = cli([...args, '--debug']);
    expect(debug.code).toBe(2);
    const [first, cause, ...stack] = lines(debug.stderr);
    expect(first).toBe(lines(plain.stderr)[0]);
    expect(cause).toBe("Error: ENOENT: no such file or directory, open '/proc/nope/x.txt'");
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.every(isFrame)).toBe(true);
  });

  it('a failure with no cause underneath (a usage error) gains nothing', () => {
    const args = ['validate', valid, '--format', 'xml'];
    const plain = cli(args);
    const debug = cli([...args, '--debug']);
    expect(plain.code).toBe(2);
    expect(lines(plain.stderr)).toEqual([expect.stringMatching(/^dessa-roster: \[usage\] /)]);
    expect([debug.code, debug.stdout, debug.stderr]).toEqual([plain.code, plain.stdout, plain.stderr]);
  });

  it('a run that succeeds prints exactly what it prints without it', () => {
    const plain = cli(['validate', valid]);
    const debug = cli(['validate', valid, '--debug']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^✓ samples\/roster\.csv: valid/);
    expect([debug.code, debug.stdout, debug.stderr]).toEqual([0, plain.stdout, '']);
  });

  it('--format json: the error is still the one JSON document on stdout; the stack goes to stderr only', () => {
    const r = cli(['diff', valid, '--org', 'x', '--db', emptySqlite('x.sqlite'), '--format', 'json', '--debug'], {
      env: FAULT_ENV,
    });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['error']);
    expect(json.error).toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/^unexpected failure: injected fault/),
    });
    expect(r.stdout).not.toMatch(/\bat /);
    const [first, error, ...stack] = lines(r.stderr);
    expect(first).toMatch(/^dessa-roster: \[internal\] unexpected failure: injected fault/);
    expect(error).toMatch(/^Error: injected fault/);
    expect(stack.every(isFrame)).toBe(true);
  });

  it('the stack escapes what a terminal would act on, as the line does (a file name with ESC [2J)', () => {
    const name = 'missing\u001b[2J.csv';
    const r = cli(['validate', name, '--debug']);
    expect(r.code).toBe(2);
    const [first, cause, ...stack] = lines(r.stderr);
    expect(first).toBe('dessa-roster: [file-not-found] missing\\u001b[2J.csv: no such file');
    expect(cause).toBe("Error: ENOENT: no such file or directory, stat 'missing\\u001b[2J.csv'");
    expect(stack.every(isFrame)).toBe(true);
    expect(r.stderr).not.toContain('\u001b');
  });
});
