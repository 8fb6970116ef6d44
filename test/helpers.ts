import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkRoster } from '../src/checks/roster-check.js';
import { FIELD_NAMES } from '../src/fields/fields.js';

export const ROOT = resolve(__dirname, '..');
/** Test data kept in the repository: third-party sets keep their licence beside them. */
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const CLI = join(ROOT, 'bin', 'dessa-roster.js');
export const TODAY = 20261129;

export const HEADER = FIELD_NAMES.join(',');

/**
 * The field table as the DESSA spec itself prints it (test/fixtures/spec), one
 * [name, required Y/N, validation] a field: what src/fields/fields.ts is checked against.
 */
export function specTable(): string[][] {
  const text = readFileSync(join(FIXTURES, 'spec', 'dessa-roster-spec.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => /^[^|]+ \| [YN] \| .+ \|$/.test(l))
    .map((l) => l.split(' | ').map((c) => c.replace(/ \|$/, '')));
}

/** A valid row in spec order; override cells by field name. */
export function row(over: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    'Site Name': 'Lincoln Elementary',
    'Staff Last Name': 'Rivera',
    'Staff First Name': 'Ana',
    'Staff Email Address': 'arivera@d.org',
    'Student ID': '1001',
    'Last Name': 'Nguyen',
    'First Name': 'Bao',
    Gender: 'F',
    DOB: '03/14/2016',
    'Grade Level': '3',
    'American Indian or Alaskan Native': 'N',
    Asian: 'N',
    'Black or African American': 'N',
    'Hispanic or Latinx': 'N',
    'Native Hawaiian or Pacific Islander': 'N',
    White: 'Y',
    Other: 'N',
    'Class Name': 'Homeroom 3A',
    'Class Code': 'HR3A',
    'Class Period': '1',
    'Zip Code': '06103',
    'Student State ID (SASID)': '',
  };
  for (const k of Object.keys(over)) if (!FIELD_NAMES.includes(k)) throw new Error(`no field ${k}`);
  return FIELD_NAMES.map((f) => over[f] ?? base[f] ?? '').join(',');
}

export function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join('\r\n')}\r\n`;
}

/** Checks CSV text as `validate` would, with a fixed today. */
export function check(text: string, opts: Parameters<typeof checkRoster>[1] = {}) {
  return checkRoster(text, { today: TODAY, ...opts }).report;
}

export function codes(report: { issues: { code: string }[] }): string[] {
  return report.issues.map((i) => i.code);
}

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'dessa-test-'));
}

export function writeTmp(name: string, data: string | Buffer): string {
  const path = join(tmp(), name);
  writeFileSync(path, data);
  return path;
}

/**
 * Environment that makes the CLI fail unexpectedly when it hashes a roster file (diff, apply):
 * see fault-sha256.mjs.
 */
export const FAULT_ENV = { NODE_OPTIONS: `--import=${pathToFileURL(join(ROOT, 'test', 'fault-sha256.mjs')).href}` };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function cli(
  args: string[],
  opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A SQLite database file that exists and holds nothing yet, as a new server database would:
 * diff and history never create one, so a test diffing first needs the file to be there.
 */
export function emptySqlite(name: string): string {
  const path = join(tmp(), name);
  writeFileSync(path, '');
  return `sqlite:${path}`;
}
