import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptySqlite, tmp } from './helpers.js';

/* A folder in the inbox (a OneRoster export unzipped) is never read, and the run says so rather than "nothing". */

describe('folders in the inbox', () => {
  it('are named in the outcome, never read; sync ignores its own subfolders', () => {
    const inbox = tmp();
    for (const sub of ['export', 'processed', 'rejected', 'reports', '.hidden']) mkdirSync(join(inbox, sub));
    const r = cli(['sync', inbox, '--org', 'a', '--db', emptySqlite('f.sqlite'), '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.status).toBe('nothing');
    expect(json.detail).toBe('folder "export" not read: deliver a roster file, or a OneRoster export as one .zip');
  });

  it('an inbox holding only its own subfolders says nothing more', () => {
    const inbox = tmp();
    mkdirSync(join(inbox, 'processed'));
    const r = cli(['sync', inbox, '--org', 'a', '--db', emptySqlite('g.sqlite'), '--format', 'json']);
    expect(JSON.parse(r.stdout).detail).toBeUndefined();
  });
});
