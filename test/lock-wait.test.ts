import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg, holdWriter } from './db-helpers.js';
import { cli, csv, row, ROOT, tmp, writeTmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');
const WAIT = { DESSA_LOCK_WAIT: '2' };

/**
 * What the refusal says held the lock: on a server, the org's lock, so another dessa-roster; on
 * SQLite, its write lock, which does not say whose (a sqlite3 shell's open transaction takes it too).
 */
const OWN_LOCK =
  /^dessa-roster: \[db-locked\] .* is busy: another dessa-roster apply or migration held its lock for the whole 2 s wait; nothing was written/;
const SQLITE_LOCK =
  /^dessa-roster: \[db-locked\] .* is busy: another connection held the file's write lock for the whole 2 s wait; nothing was written\. SQLite does not say whose it is: another dessa-roster apply or migration, or a program with a write transaction open on the file/;

describe.each(DATABASES)('a writer holding the lock on %s', (kind, makeUrl) => {
  it('apply gives up after DESSA_LOCK_WAIT with db-locked; history and diff answer meanwhile', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url]).code).toBe(0);
    const release = await holdWriter(url, org);
    try {
      const edited = writeTmp('edited.csv', csv(row({ 'Student ID': '42' })));
      const refused = cli(['apply', edited, '--org', org, '--db', url, '--force'], { env: WAIT });
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(kind === 'sqlite' ? SQLITE_LOCK : OWN_LOCK);

      // Readers do not queue behind the writer (a 0 s wait would fail them if they tried to).
      const noWait = { DESSA_LOCK_WAIT: '0' };
      const runs = cli(['history', '--org', org, '--db', url, '--format', 'json'], { env: noWait });
      expect([runs.code, runs.stderr]).toEqual([0, '']);
      const [last] = JSON.parse(runs.stdout);
      const one = cli(['history', String(last.id), '--org', org, '--db', url], { env: noWait });
      expect([one.code, one.stderr]).toEqual([0, '']);
      const diff = cli(['diff', edited, '--org', org, '--db', url, '--format', 'json'], { env: noWait });
      expect([diff.code, diff.stderr]).toEqual([0, '']);
      expect(JSON.parse(diff.stdout).summary.students.remove).toBe(50);
    } finally {
      await release();
    }
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url], { env: WAIT }).stdout).toContain('No changes');
  });
});

describe('DESSA_LOCK_WAIT', () => {
  it('is checked', () => {
    const r = cli(['apply', SAMPLE, '--org', 'x', '--db', `sqlite:${join(tmp(), 'x.sqlite')}`], {
      env: { DESSA_LOCK_WAIT: 'soon' },
    });
    expect([r.code, r.stderr]).toEqual([
      2,
      'dessa-roster: [usage] DESSA_LOCK_WAIT must be a whole number of seconds from 0 to ' +
        '86400, not "soon": set e.g. DESSA_LOCK_WAIT=60 (the default when it is unset)\n',
    ]);
  });
});
