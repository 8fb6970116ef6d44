import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

// An in-memory SQLite database is gone when the process ends, so "Applied … run 1" would report
// a sync that kept nothing: such a --db is a usage error, before anything is read or written.
describe('--db refuses a database that would not outlive the process', () => {
  it.each([
    'sqlite::memory:',
    'sqlite://:memory:',
    'sqlite:file::memory:',
    'sqlite:file::memory:?cache=shared',
    'sqlite:file:roster?mode=memory',
    'SQLITE::MEMORY:',
  ])('%s is a usage error', (url) => {
    const r = cli(['apply', SAMPLE, '--org', 'demo', '--db', url]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('Applied');
    expect(r.stderr).toMatch(
      /^dessa-roster: \[usage\] .*in-memory database, gone when dessa-roster exits: give a file path/,
    );
  });

  it.each(['sqlite:', 'sqlite://', 'sqlite:  '])('%j (no path) is a usage error', (url) => {
    const r = cli(['apply', SAMPLE, '--org', 'demo', '--db', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dessa-roster: [usage] sqlite: needs a file path, e.g. sqlite:./dessa.sqlite\n');
  });
});
