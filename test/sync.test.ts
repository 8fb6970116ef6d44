import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg, query } from './db-helpers.js';
import { cli } from './helpers.js';
import { contents, deliver, newInbox, original, roster, students, sync } from './sync-helpers.js';

/** `sync SOURCE --org X`: the newest settled delivery applied as apply --if-changed, then set aside with a report. */

describe.each(DATABASES)('sync of a local folder on %s', (_kind, makeUrl) => {
  it('applies the delivery, moves it to processed/ with a report, and records where it came from', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'roster.csv', roster(students(3)));
    const r = sync(dir, org, url);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.json).toMatchObject({ status: 'applied', file: 'roster.csv', org, program: 'default', source: dir });
    expect(r.json.summary).toMatchObject({ students: { create: 3 } });
    expect((await activeCounts(url, org)).students).toBe(3);

    const after = contents(dir);
    expect(after.inbox).toEqual([]);
    expect(after.processed.map(original)).toEqual(['roster.csv']);
    expect(r.json.movedTo).toBe(`processed/${after.processed[0]}`);
    expect(after.reports).toEqual([String(r.json.report).slice('reports/'.length)]);
    const report = readFileSync(join(dir, String(r.json.report)), 'utf8');
    expect(report).toMatch(/Status: +APPLIED/);
    expect(report).toMatch(/students +3 +0 +0/);
    expect(report).toMatch(/What to do next: Nothing/);

    // history names the file where it was delivered.
    const runs = JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout);
    expect(runs).toMatchObject([{ id: r.json.run, status: 'succeeded', file_name: join(dir, 'roster.csv') }]);

    // One line for a log, in text.
    deliver(dir, 'roster.csv', roster(students(4)));
    const text = cli(['sync', dir, '--org', org, '--db', url]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^sync [^\n]+: applied; roster\.csv; run \d+; \d+ created, 0 updated, 0 removed; -> processed\/\S+_roster\.csv; report reports\/\S+\n$/,
    );
  });

  it('finds nothing in an empty inbox; a file already loaded is set aside as unchanged, no run recorded', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    expect(sync(dir, org, url).json).toMatchObject({ status: 'nothing', file: null, run: null });
    deliver(dir, 'monday.csv', roster(students(3)));
    expect(sync(dir, org, url).json.status).toBe('applied');
    // The district sends the same export again.
    deliver(dir, 'tuesday.csv', roster(students(3)));
    const again = sync(dir, org, url);
    expect([again.code, again.json.status, again.json.file, again.json.run]).toEqual([
      0,
      'unchanged',
      'tuesday.csv',
      null,
    ]);
    expect(contents(dir).processed.map(original).sort()).toEqual(['monday.csv', 'tuesday.csv']);
    const runs = await query(url, (k) => k('dessa_runs').where({ org }).pluck('status'));
    expect(runs).toEqual(['succeeded']);
  });

  it('never touches dot-files, temporary names or other files, and waits for a file still changing', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, '.roster.csv.partial', roster(students(5)));
    deliver(dir, 'roster.csv.part', roster(students(5)));
    deliver(dir, 'notes.xlsx', 'x');
    expect(sync(dir, org, url).json.status).toBe('nothing');
    deliver(dir, 'roster.csv', roster(students(2)), 5);
    const early = sync(dir, org, url);
    expect([early.code, early.json.status, early.json.file]).toEqual([0, 'waiting', 'roster.csv']);
    expect(sync(dir, org, url, ['--settle', '120']).json.status).toBe('waiting');
    expect(contents(dir).inbox).toEqual(['.roster.csv.partial', 'notes.xlsx', 'roster.csv', 'roster.csv.part']);
    expect(JSON.parse(cli(['history', '--org', org, '--db', url, '--format', 'json']).stdout)).toEqual([]);
    // Settled by now for a shorter settle time, or with settling off.
    expect(sync(dir, org, url, ['--settle', '0']).json.status).toBe('applied');
    expect(contents(dir).inbox).toEqual(['.roster.csv.partial', 'notes.xlsx', 'roster.csv.part']);
  });

  it('applies only the newest delivery and sets the older ones aside as superseded', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    deliver(dir, 'a-newest-by-time.csv', roster(students(4)), 100);
    deliver(dir, 'z-older.csv', roster(students(9)), 900);
    deliver(dir, 'older.zip', 'not even a zip', 500);
    const r = sync(dir, org, url);
    expect(r.json).toMatchObject({ status: 'applied', file: 'a-newest-by-time.csv' });
    expect((r.json.superseded as { file: string }[]).map((s) => s.file)).toEqual(['older.zip', 'z-older.csv']);
    expect((await activeCounts(url, org)).students).toBe(4);
    expect(contents(dir).processed.map(original).sort()).toEqual(['a-newest-by-time.csv', 'older.zip', 'z-older.csv']);
    const report = readFileSync(join(dir, String(r.json.report)), 'utf8');
    expect(report).toMatch(/Older deliveries set aside unread[^\n]*\n- older\.zip -> processed\/\S+\n- z-older\.csv/);

    // A tie of times: the later name wins, the same on every run.
    const tie = new Date(Date.now() - 100_000);
    deliver(dir, 'roster-2026-12-02.csv', roster(students(6)), tie);
    deliver(dir, 'roster-2026-12-01.csv', roster(students(5)), tie);
    expect(sync(dir, org, url).json).toMatchObject({ status: 'applied', file: 'roster-2026-12-02.csv' });
    expect((await activeCounts(url, org)).students).toBe(6);
  });
});

describe('sync and hostile file names', () => {
  it('escapes a name holding terminal controls in the log line and the report', () => {
    const url = `sqlite:${join(newInbox(), 'd.sqlite')}`;
    const dir = newInbox();
    deliver(dir, 'x\u001b[2J\u202e.csv', roster(students(1)));
    const r = cli(['sync', dir, '--org', 'hostile', '--db', url]);
    expect(r.code).toBe(0);
    expect(r.stdout.includes('\u001b') || r.stdout.includes('\u202e')).toBe(false);
    expect(r.stdout).toContain('x\\u001b[2J\\u202e.csv');
    const [report] = contents(dir).reports;
    const text = readFileSync(join(dir, 'reports', report), 'utf8');
    expect(text.includes('\u001b') || text.includes('\u202e')).toBe(false);
    expect(text).toMatch(/File: +x\\u001b\[2J\\u202e\.csv/);
  });
});

describe('sync and the longest names', () => {
  it('sets aside a file whose name is as long as a name can be, under a shortened name, with its report', () => {
    const url = `sqlite:${join(newInbox(), 'd.sqlite')}`;
    const dir = newInbox();
    deliver(dir, `${'a'.repeat(251)}.csv`, roster(students(1)));
    const r = sync(dir, 'long', url);
    expect([r.code, r.json.status]).toEqual([0, 'applied']);
    const after = contents(dir);
    expect(after.inbox).toEqual([]);
    expect(after.processed).toEqual([expect.stringMatching(/^\d{8}T\d{6}Z_a+…\.csv$/)]);
    expect(after.reports).toEqual([expect.stringMatching(/^\d{8}T\d{6}Z_a+…\.csv\.report\.txt$/)]);
  });
});

describe('sync refuses a source it cannot use', () => {
  it('exits 2 for a missing folder and says which; an sftp:// source with no way to log in', () => {
    const missing = join(newInbox(), 'nope');
    const r = cli(['sync', missing, '--org', 'x', '--db', `sqlite:${join(newInbox(), 'd.sqlite')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[source-unreadable\] cannot list .*nope \(ENOENT\)/);
    const env = { SSH_AUTH_SOCK: undefined, DESSA_SFTP_PASSWORD: undefined };
    const hosts = join(newInbox(), 'known_hosts');
    writeFileSync(hosts, '');
    const sftp = cli(['sync', 'sftp://u@host/dir/', '--org', 'x', '--format', 'json', '--known-hosts', hosts], { env });
    expect(sftp.code).toBe(2);
    expect(sftp.stderr).toMatch(/\[sftp-auth\] no way to log in/);
    expect(JSON.parse(sftp.stdout).error.code).toBe('sftp-auth');
    expect(cli(['sync', '--org', 'x']).stderr).toMatch(/\[usage\] sync needs a SOURCE folder/);
    expect(cli(['sync', newInbox(), '--org', 'x', '--settle', 'soon']).stderr).toMatch(/--settle must be a number/);
  });
});
