import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DessaError } from '../src/base/errors.js';
import { renderError } from '../src/render/json.js';
import { CLI, ROOT, cli, csv, row, emptySqlite, writeTmp, type CliResult } from './helpers.js';

const sqlite = () => emptySqlite('j.sqlite');
const students = (n: number) =>
  Array.from({ length: n }, (_, i) => row({ 'Student ID': String(2000 + i), 'First Name': `S${i}` }));

/** Standard output is exactly one JSON document; standard error is one documented line. */
function oneDocument(r: CliResult, code: number, errorCode?: string): Record<string, any> {
  expect(r.code).toBe(code);
  const doc = JSON.parse(r.stdout);
  if (errorCode) {
    expect(doc.error).toEqual({ code: errorCode, message: expect.any(String) });
    expect(r.stderr).toBe(`dessa-roster: [${errorCode}] ${doc.error.message}\n`);
  }
  return doc;
}

describe('--format json: one JSON document on stdout on every exit path', () => {
  it.each([
    ['a missing file', ['validate', 'nope.csv'], 'file-not-found'],
    ['an unknown option (commander, before parsing)', ['validate', 'samples/roster.csv', '--bogus'], 'usage'],
    ['a missing argument', ['diff'], 'usage'],
    ['an option checked after parsing', ['validate', 'samples/roster.csv', '--max-errors', 'lots'], 'usage'],
    ['--format=json spelt with =', ['validate', 'nope.csv'], 'file-not-found'],
    ['a bad --org on history', ['history', '--org', 'crash '], 'usage'],
    ['a bad --org on diff', ['diff', 'samples/roster.csv', '--org', 'a b'], 'usage'],
    ['apply with neither FILE nor --plan', ['apply', '--org', 'x'], 'usage'],
  ])('exit 2, %s: {"error": {code, message}}', (name, args, code) => {
    const format = name.includes('=') ? ['--format=json'] : ['--format', 'json'];
    const r = cli([...(args as string[]), ...format]);
    const doc = oneDocument(r, 2, code as string);
    expect(Object.keys(doc)).toEqual(['error']);
  });

  it('the text format keeps stdout empty on a failure', () => {
    const r = cli(['validate', 'nope.csv']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^dessa-roster: \[file-not-found\] nope\.csv: no such file\n$/);
  });

  it('exit 1, an invalid file in diff and apply: the validation report, and one [invalid] line', () => {
    const bad = writeTmp('bad.csv', csv(row({ DOB: '3/4/2015' })));
    for (const command of ['diff', 'apply']) {
      const r = cli([command, bad, '--org', 'x', '--db', sqlite(), '--format', 'json']);
      const doc = oneDocument(r, 1);
      expect(doc).toMatchObject({ valid: false, summary: { errors: 1 } });
      expect(r.stderr).toBe(`dessa-roster: [invalid] ${bad} has 1 validation error(s); nothing compared or written.\n`);
    }
  });

  it('exit 1, a stale or broken plan', () => {
    const plan = writeTmp('plan.json', '{"version": 1}');
    oneDocument(cli(['apply', '--plan', plan, '--db', sqlite(), '--format', 'json']), 2, 'bad-plan');
  });

  it('exit 3, a guard: the error with the guards that refused', () => {
    const url = sqlite();
    expect(cli(['apply', writeTmp('all.csv', csv(...students(20))), '--org', 'g', '--db', url]).code).toBe(0);
    const r = cli(['apply', writeTmp('half.csv', csv(...students(10))), '--org', 'g', '--db', url, '--format', 'json']);
    const doc = oneDocument(r, 3, 'guard-removals');
    expect(doc.guards.length).toBeGreaterThan(0);
  });

  it('exit 3 renders the summary and guards a guard error carries', () => {
    const err = new DessaError('guard-removals', 'refused', {
      summary: { students: { remove: 9 } },
      guards: [{ entity: 'students' }],
      url: 'x',
    });
    expect(JSON.parse(renderError(err))).toEqual({
      error: { code: 'guard-removals', message: 'refused' },
      summary: { students: { remove: 9 } },
      guards: [{ entity: 'students' }],
    });
  });

  it('apply --if-changed that skips says so in JSON', () => {
    const url = sqlite();
    const file = writeTmp('f.csv', csv(...students(3)));
    expect(cli(['apply', file, '--org', 's', '--db', url]).code).toBe(0);
    const r = cli(['apply', file, '--org', 's', '--db', url, '--if-changed', '--format', 'json']);
    const doc = oneDocument(r, 0);
    expect(doc).toMatchObject({ status: 'skipped', reason: 'if-changed', file });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('history: not-found is JSON too', () => {
    const url = sqlite();
    expect(cli(['apply', writeTmp('f.csv', csv(row())), '--org', 'h', '--db', url]).code).toBe(0);
    oneDocument(cli(['history', '99', '--org', 'h', '--db', url, '--format', 'json']), 2, 'not-found');
  });
});

describe('--strict with warnings only', () => {
  // A blank row is a warning, nothing else is wrong.
  const warned = () =>
    writeTmp('w.csv', `${csv(row())},,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n${row({ 'Student ID': '1002' })}\r\n`);

  it('JSON says it fails: valid false, strict true, exit 1', () => {
    const file = warned();
    const plain = JSON.parse(cli(['validate', file, '--format', 'json']).stdout);
    expect(plain).toMatchObject({ valid: true, strict: false, summary: { errors: 0 } });
    expect(plain.summary.warnings).toBeGreaterThan(0);
    const r = cli(['validate', file, '--format', 'json', '--strict']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, strict: true, summary: { errors: 0 } });
  });

  it('the text verdict says it fails under --strict', () => {
    const file = warned();
    expect(cli(['validate', file]).stdout).toMatch(/^✓ .*: valid \(0 errors, 1 warning/);
    const r = cli(['validate', file, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ .*: fails under --strict \(warnings count as errors\) \(0 errors, 1 warning/);
  });
});

describe('usage errors and failed writes', () => {
  it.each([[[]], [['db']]])('%j: exit 2, the usage on stderr, then one [usage] line', (args) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Commands:');
    expect(r.stderr.trimEnd().split('\n').pop()).toBe(
      'dessa-roster: [usage] no command given: choose one of the commands listed above',
    );
  });

  it.each([
    [['validate', 'samples/roster.csv', '--bogus'], "unknown option '--bogus'"],
    [['validate'], "missing required argument 'file'"],
    [['validate', 'samples/roster.csv', '--format', 'xml'], "option '--format <format>' argument 'xml' is invalid"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('commander error %j is one documented line', (args, text) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[usage\] /);
    expect(r.stderr).toContain(text);
  });

  it('help and --version still succeed', () => {
    expect(cli(['--help']).code).toBe(0);
    expect(cli(['help', 'validate']).code).toBe(0);
    expect(cli(['--version']).code).toBe(0);
  });

  it('--output /dev/full is [write-failed], exit 2 (validate, diff, spec, template)', () => {
    if (!existsSync('/dev/full')) return;
    const db = sqlite();
    for (const args of [
      ['validate', 'samples/roster.csv'],
      ['diff', 'samples/roster.csv', '--org', 'w', '--db', db],
      ['spec'],
      ['template'],
    ]) {
      const r = cli([...args, '--output', '/dev/full']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dessa-roster: \[write-failed\] cannot write \/dev\/full \(ENOSPC\)/);
    }
  });

  it('standard output to /dev/full is [write-failed], exit 2, not success', () => {
    if (!existsSync('/dev/full')) return;
    for (const args of [
      ['validate', 'samples/roster.csv'],
      ['validate', 'samples/roster.csv', '--format', 'json'],
      ['template'],
    ]) {
      const full = openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      closeSync(full);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^dessa-roster: \[write-failed\] cannot write to standard output \(ENOSPC\)/m);
    }
  });
});
