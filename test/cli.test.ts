import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, emptySqlite, FAULT_ENV, HEADER, ROOT, row, tmp, writeTmp } from './helpers.js';

const valid = 'samples/roster.csv';
const invalid = 'samples/invalid.csv';
const warned = writeTmp('warned.csv', csv(row(), row()));
const dir = join(tmp(), 'folder.csv');
mkdirSync(dir);

describe('validate exit codes and options', () => {
  it.each([
    ['valid file', [valid], 0],
    ['invalid file', [invalid], 1],
    ['warnings only', [warned], 0],
    ['warnings under --strict', [warned, '--strict'], 1],
    ['missing file', ['nope.csv'], 2],
    ['unsupported extension', ['package.json'], 2],
    ['a directory', [dir], 2],
    ['bad --format', [valid, '--format', 'xml'], 2],
    ['bad --max-errors', [valid, '--max-errors', 'many'], 2],
    ['unknown option', [valid, '--frobnicate'], 2],
    ['no file', [], 2],
  ])('%s', (_name, args, code) => {
    const r = cli(['validate', ...(args as string[])]);
    expect(r.code).toBe(code);
    if (code === 2) {
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--format json prints exactly the library report (with whether --strict was given)', async () => {
    const { readRoster } = await import('../src/read/read.js');
    const r = cli(['validate', invalid, '--format', 'json']);
    const lib = await readRoster(join(ROOT, invalid));
    const json = JSON.parse(r.stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify({ ...lib.report, strict: false })));
    expect(r.code).toBe(1);
  });

  it('--output writes the report to a file and nothing to stdout', () => {
    const out = join(tmp(), 'report.csv');
    const r = cli(['validate', invalid, '--format', 'csv', '--output', out]);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toBe('\uFEFFseverity,code,file,row,column,value,message');
  });

  it('--quiet prints nothing and keeps the exit code', () => {
    const r = cli(['validate', invalid, '--quiet']);
    expect([r.code, r.stdout]).toEqual([1, '']);
  });

  it('--max-errors stops early and says so', () => {
    const r = cli(['validate', invalid, '--max-errors', '2', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toMatchObject({ errors: 2, partial: true });
  });

  it('reads standard input with -', () => {
    const r = cli(['validate', '-', '--format', 'json'], { input: readFileSync(join(ROOT, 'samples/roster.tsv')) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ rows: 200, delimiter: 'tab' });
  });

  it('an unexpected failure is one line and exit 2; --debug adds the stack', () => {
    const args = ['diff', valid, '--org', 'x', '--db', emptySqlite('x.sqlite')];
    const line = /^dessa-roster: \[internal\] unexpected failure: injected fault, .* \(run with --debug for details\)$/;
    const r = cli(args, { env: FAULT_ENV });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
    const debug = cli([...args, '--debug'], { env: FAULT_ENV });
    expect(debug.code).toBe(2);
    const [first, error, ...stack] = debug.stderr.trimEnd().split('\n');
    expect(first).toMatch(line);
    expect(error).toMatch(/^Error: injected fault, /);
    expect(stack.every((l) => /^ {4}at /.test(l))).toBe(true);
    expect(stack.some((l) => l.includes('sha256File'))).toBe(true);
  });
});

describe('samples, end to end through the built CLI', () => {
  it.each([
    ['samples/roster.csv', 'comma'],
    ['samples/roster.tsv', 'tab'],
    ['samples/roster.txt', '|'],
  ])('%s is valid with the expected counts', (file, delimiter) => {
    const r = cli(['validate', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout).summary;
    expect(s).toMatchObject({
      rows: 200,
      errors: 0,
      warnings: 0,
      sites: 3,
      staff: 12,
      students: 50,
      classes: 12,
      enrollments: 200,
    });
    expect(s.delimiter).toBe(delimiter === 'comma' ? ',' : delimiter);
  });

  it('samples/invalid.csv trips every row-level rule', () => {
    const r = cli(['validate', invalid, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.summary.byCode).toEqual({
      'unknown-column': 1,
      'required-blank': 1,
      'invalid-email': 1,
      'invalid-date-format': 1,
      'invalid-date': 1,
      'future-date': 1,
      'invalid-grade': 2,
      'wrong-case': 2,
      'invalid-value': 1,
      'invalid-zip': 1,
      'scientific-notation': 1,
      'student-conflict': 1,
      'staff-conflict': 1,
      'staff-email-case': 1,
      'sasid-conflict': 1,
      'class-conflict': 1,
      'duplicate-row': 1,
      'blank-row': 1,
      'too-many-cells': 1,
      'too-few-cells': 1,
      'stray-quote': 1,
      'unclosed-quote': 1,
      'control-character': 1,
    });
    expect(json.issues.find((i: { code: string }) => i.code === 'unclosed-quote').row).toBe(25);
    const text = cli(['validate', invalid]).stdout;
    expect(text.split('\n')[0]).toBe(
      '✗ samples/invalid.csv: invalid (19 errors, 6 warnings in 22 rows; stopped early, partial report)',
    );
  });
});

describe('template, spec and help', () => {
  it('template writes the same bytes as DESSA_Import_Template.csv', () => {
    const r = cli(['template']);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'DESSA_Import_Template.csv'), 'utf8'));
    expect(r.stdout.trim()).toBe(HEADER);
  });

  it.each(['text', 'markdown', 'json'])('spec --format %s', (format) => {
    const r = cli(['spec', '--format', format]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Student State ID (SASID)');
  });

  it.each(['validate', 'template', 'spec'])('%s --help shows an example', (cmd) => {
    const r = cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ dessa-roster');
  });
});
