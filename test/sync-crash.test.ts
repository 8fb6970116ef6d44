import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, ROOT } from './helpers.js';
import { contents, deliver, newInbox, original, roster, students, sync } from './sync-helpers.js';

/**
 * A sync killed after its database commit and before its file moves: the next run finds the same
 * file, sees it unchanged, finishes the moves, and applies nothing twice. The kill is a preload
 * (fault-kill-on-move.mjs) that SIGKILLs the process as it is about to move the named file.
 */

const killOnMove = (name: string) => ({
  NODE_OPTIONS: `--import=${pathToFileURL(join(ROOT, 'test', 'fault-kill-on-move.mjs')).href}`,
  DESSA_FAULT_KILL_ON_MOVE: name,
});

const runs = (url: string, org: string) =>
  query(url, (k) => k('dessa_runs').where({ org }).orderBy('id').pluck('status'));

describe.each(DATABASES)('sync killed between commit and move on %s', (_kind, makeUrl) => {
  for (const [when, victim] of [
    ['while setting aside the newest file', 'new.csv'],
    ['while setting aside an older file, before the newest', 'old.csv'],
  ] as const) {
    it(`finishes the moves on the next run without applying again (killed ${when})`, async () => {
      const url = makeUrl();
      const org = freshOrg();
      const dir = newInbox();
      deliver(dir, 'old.csv', roster(students(9)), 900);
      deliver(dir, 'new.csv', roster(students(4)), 300);
      const killed = cli(['sync', dir, '--org', org, '--db', url], { env: killOnMove(victim) });
      expect(killed.code).toBeNull();
      // Committed, and the file still there: the state the order of the steps is built for.
      expect(await runs(url, org)).toEqual(['succeeded']);
      expect(contents(dir).inbox).toContain('new.csv');
      expect((await activeCounts(url, org)).students).toBe(4);

      const rerun = sync(dir, org, url);
      expect([rerun.code, rerun.json.status, rerun.json.file]).toEqual([0, 'unchanged', 'new.csv']);
      expect(await runs(url, org)).toEqual(['succeeded']);
      expect((await activeCounts(url, org)).students).toBe(4);
      const after = contents(dir);
      expect(after.inbox).toEqual([]);
      expect(after.processed.map(original).sort()).toEqual(['new.csv', 'old.csv']);
      expect(sync(dir, org, url).json.status).toBe('nothing');
    });
  }
});
