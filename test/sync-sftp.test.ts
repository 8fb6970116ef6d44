import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, emptySqlite, ROOT, tmp, writeTmp } from './helpers.js';
import { SFTP_ENV, startSshd, type Sshd } from './sshd.js';
import { contents, deliver as put, roster, students, type SyncRun } from './sync-helpers.js';

/* sync from an sftp:// SOURCE: the district's inbox on a real OpenSSH server, read and set aside over SFTP. */

let server: Sshd;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(() => server?.stop());

/** A new inbox on the server: its path on disk, and its URL. */
function inbox(name: string): { dir: string; url: string } {
  const dir = join(server.root, name);
  mkdirSync(dir, { recursive: true });
  return { dir, url: server.url(name) };
}

const login = () => ['--identity', server.userKey, '--known-hosts', server.knownHosts];

function sync(url: string, org: string, db: string, args: string[] = login()): SyncRun {
  // Where the run's downloaded copies go: it must leave the folder empty.
  const temp = tmp();
  const env = { ...SFTP_ENV, TMPDIR: temp };
  const r = cli(['sync', url, '--org', org, '--db', db, '--format', 'json', ...args], { env });
  expect(readdirSync(temp)).toEqual([]);
  try {
    return { ...r, json: JSON.parse(r.stdout) };
  } catch {
    throw new Error(`sync printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

describe('sync from an sftp:// source', () => {
  it('applies the newest, sets the others aside on the server, and leaves dot-files and unsettled files', () => {
    const { dir, url } = inbox('apply');
    const db = emptySqlite('sftp.sqlite');
    put(dir, 'older.csv', roster(students(2)), 900);
    put(dir, 'newest.csv', roster(students(3)), 600);
    put(dir, '.roster.csv.partial', roster(students(9)), 600);
    put(dir, '.hidden.csv', roster(students(9)), 300);
    const r = sync(url, 'sftp-a', db);
    expect(r.stderr).toBe('');
    expect([r.code, r.json.status, r.json.file, r.json.source]).toEqual([0, 'applied', 'newest.csv', url]);
    expect(r.json.superseded).toEqual([{ file: 'older.csv', movedTo: expect.stringMatching(/^processed\//) }]);
    const after = contents(dir);
    expect(after.inbox).toEqual(['.hidden.csv', '.roster.csv.partial']);
    expect(after.processed).toEqual([
      expect.stringMatching(/^\d{8}T\d{6}Z_newest\.csv$/),
      expect.stringMatching(/^\d{8}T\d{6}Z_older\.csv$/),
    ]);
    const report = readFileSync(join(dir, String(r.json.report)), 'utf8');
    expect(report).toMatch(/Status: +APPLIED/);
    expect(report).toMatch(/students +3 +0 +0/);
    const runs = JSON.parse(cli(['history', '--org', 'sftp-a', '--db', db, '--format', 'json']).stdout);
    expect(runs).toMatchObject([{ id: r.json.run, status: 'succeeded', file_name: `${url}newest.csv` }]);

    // Again: nothing new; the same bytes re-sent are unchanged; a file modified just now waits.
    expect(sync(url, 'sftp-a', db).json).toMatchObject({ status: 'nothing', file: null });
    put(dir, 'resent.csv', roster(students(3)));
    const resent = sync(url, 'sftp-a', db);
    expect([resent.code, resent.json.status, resent.json.run]).toEqual([0, 'unchanged', null]);
    expect(contents(dir).inbox).toEqual(['.hidden.csv', '.roster.csv.partial']);
    put(dir, 'fresh.csv', roster(students(4)), 1);
    const fresh = sync(url, 'sftp-a', db);
    expect([fresh.code, fresh.json.status, fresh.json.file]).toEqual([0, 'waiting', 'fresh.csv']);
    expect(contents(dir).inbox).toEqual(['.hidden.csv', '.roster.csv.partial', 'fresh.csv']);
  });

  it('killed between the commit and a move on the server: the next run finishes it, applying nothing twice', () => {
    const { dir, url } = inbox('killed');
    const db = emptySqlite('sftp.sqlite');
    put(dir, 'old.csv', roster(students(9)), 900);
    put(dir, 'new.csv', roster(students(4)), 300);
    const preload = pathToFileURL(join(ROOT, 'test', 'fault-kill-on-sftp-move.mjs')).href;
    const env = {
      ...SFTP_ENV,
      TMPDIR: tmp(),
      NODE_OPTIONS: `--import=${preload}`,
      DESSA_FAULT_KILL_ON_MOVE: 'new.csv',
    };
    const killed = cli(['sync', url, '--org', 'sftp-k', '--db', db, ...login()], { env });
    expect(killed.code).toBeNull();
    expect(contents(dir).inbox).toEqual(['new.csv']);
    const rerun = sync(url, 'sftp-k', db);
    expect([rerun.code, rerun.json.status, rerun.json.file, rerun.json.run]).toEqual([0, 'unchanged', 'new.csv', null]);
    const after = contents(dir);
    expect(after.inbox).toEqual([]);
    expect(after.processed.map((n) => n.replace(/^\d{8}T\d{6}Z(-\d+)?_/, '')).sort()).toEqual(['new.csv', 'old.csv']);
    const runs = JSON.parse(cli(['history', '--org', 'sftp-k', '--db', db, '--format', 'json']).stdout);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['succeeded']);
  });

  it('rejects an invalid file into rejected/ with its report on the server (exit 1)', () => {
    const { dir, url } = inbox('invalid');
    const db = emptySqlite('sftp.sqlite');
    put(dir, 'roster.csv', 'Student ID,Nope\n1,2\n');
    const r = sync(url, 'sftp-b', db);
    expect([r.code, r.json.status, r.json.rejected]).toEqual([1, 'rejected', 'invalid']);
    const after = contents(dir);
    expect([after.inbox, after.processed]).toEqual([[], []]);
    expect(after.rejected).toEqual([expect.stringMatching(/_roster\.csv$/)]);
    expect(readFileSync(join(dir, String(r.json.report)), 'utf8')).toMatch(/Status: +REJECTED/);
  });

  it('refuses an unknown host key and a wrong pin (exit 2, the code in JSON), moving nothing', () => {
    const { dir, url } = inbox('untrusted');
    const db = emptySqlite('sftp.sqlite');
    put(dir, 'roster.csv', roster(students(2)));
    const unknown = sync(url, 'sftp-c', db, ['--identity', server.userKey, '--known-hosts', writeTmp('kh', '')]);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error).toMatchObject({ code: 'host-key-unknown' });
    expect(unknown.stderr).toContain(`[host-key-unknown]`);
    expect(unknown.stderr).toContain(server.fingerprint);
    const pin = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const pinned = sync(url, 'sftp-c', db, ['--identity', server.userKey, '--host-key', pin]);
    expect([pinned.code, (pinned.json.error as { code: string }).code]).toEqual([2, 'host-key-changed']);
    expect(contents(dir)).toEqual({ inbox: ['roster.csv'], processed: [], rejected: [], reports: [] });
    // The right pin reads it.
    const right = sync(url, 'sftp-c', db, ['--identity', server.userKey, '--host-key', server.fingerprint]);
    expect([right.code, right.json.status]).toEqual([0, 'applied']);
  });

  it('a password in the URL is refused without being repeated; a login refused is sftp-auth', () => {
    const withPassword = server.url('secret').replace(`sftp://${server.user}@`, `sftp://${server.user}:hunter2@`);
    const r = cli(['sync', withPassword, '--org', 'x', '--format', 'json', ...login()], { env: SFTP_ENV });
    expect([r.code, JSON.parse(r.stdout).error.code]).toEqual([2, 'usage']);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    const { dir, url: where } = inbox('wrong-user');
    put(dir, 'roster.csv', roster(students(2)));
    const other = where.replace(`sftp://${server.user}@`, 'sftp://nobody-here@');
    const refused = sync(other, 'sftp-d', emptySqlite('sftp.sqlite'));
    expect([refused.code, (refused.json.error as { code: string }).code]).toEqual([2, 'sftp-auth']);
    expect(existsSync(join(dir, 'processed'))).toBe(false);
    // The SFTP options name no folder on this machine.
    const local = cli(['sync', dir, '--org', 'x', '--db', emptySqlite('l.sqlite'), '--identity', server.userKey], {
      env: SFTP_ENV,
    });
    expect([local.code, local.stderr]).toEqual([2, expect.stringMatching(/\[usage\] --identity goes with an sftp:/)]);
  });
});
