import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_NAME_CHARS, storedFileName } from '../src/db/history.js';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp } from './helpers.js';

describe('storedFileName', () => {
  it('keeps a name that fits, and the end of one that does not, in characters', () => {
    expect(storedFileName('a.csv')).toBe('a.csv');
    const long = `/${'é'.repeat(600)}/roster.csv`;
    const stored = storedFileName(long);
    expect(Array.from(stored)).toHaveLength(FILE_NAME_CHARS);
    expect(stored.startsWith('…')).toBe(true);
    expect(long.endsWith(stored.slice(1))).toBe(true);
  });
});

describe.each(DATABASES)('history on %s', (_kind, makeUrl) => {
  it('--org is checked like diff and apply: "org " is refused, never matched to "org"', () => {
    const url = makeUrl();
    const org = freshOrg();
    const file = join(tmp(), 'r.csv');
    writeFileSync(file, csv(row()));
    expect(cli(['apply', file, '--org', org, '--db', url]).code).toBe(0);
    for (const bad of [`${org} `, ` ${org}`, `${org}\t`, '']) {
      const r = cli(['history', '--org', bad, '--db', url]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dessa-roster: \[usage\] --org (is required|must be)/);
      expect(r.stdout).toBe('');
      expect(cli(['history', '1', '--org', bad, '--db', url]).stdout).toBe('');
    }
    expect(cli(['history', '--org', org, '--db', url]).stdout).toContain('r.csv');
  });

  it('a file path longer than the runs table holds is applied and stored shortened (its end kept)', () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = join(tmp(), 'd'.repeat(200), 'e'.repeat(200), 'f'.repeat(150));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'roster.csv');
    expect(file.length).toBeGreaterThan(FILE_NAME_CHARS);
    writeFileSync(file, csv(row()));
    const r = cli(['apply', file, '--org', org, '--db', url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [run] = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(run.file_name).toBe(storedFileName(file));
    expect(run.file_name.endsWith('/roster.csv')).toBe(true);
    // --if-changed still finds the run by its sha256.
    expect(cli(['apply', file, '--org', org, '--db', url, '--if-changed']).stdout).toMatch(/^Skipped/);
  });

  it('text history RUN shows the class of each enrollment and the staff of each class', () => {
    const url = makeUrl();
    const org = freshOrg();
    const file = join(tmp(), 'r.csv');
    writeFileSync(file, csv(row(), row({ 'Class Name': 'Math', 'Class Code': 'MA3', 'Class Period': '2' })));
    expect(cli(['apply', file, '--org', org, '--db', url]).code).toBe(0);
    const [run] = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    const text = cli(['history', String(run.id), '--org', org, '--db', url]).stdout;
    expect(text).toMatch(
      /^ {2}create {5}enrollments 1001 → Lincoln Elementary \/ (HR3A \/ 1; Lincoln Elementary \/ MA3 \/ 2|MA3 \/ 2; Lincoln Elementary \/ HR3A \/ 1)$/m,
    );
    expect(text).toMatch(/^ {2}create {5}class_staff Lincoln Elementary \/ HR3A \/ 1 → arivera@d\.org$/m);
  });
});
