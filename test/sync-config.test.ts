import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, tmp } from './helpers.js';
import { contents, deliver, roster, students } from './sync-helpers.js';

/** `sync --config districts.json`: every district, N at a time, one summary, the worst exit. */

function setup(entries: (dir: string) => unknown[]): { dir: string; config: string } {
  const dir = tmp();
  const config = join(dir, 'districts.json');
  writeFileSync(config, JSON.stringify(entries(dir)));
  return { dir, config };
}

function inboxAt(dir: string, name: string): string {
  const inbox = join(dir, name);
  mkdirSync(inbox);
  return inbox;
}

describe.each(DATABASES)('sync --config on %s', (_kind, makeUrl) => {
  it('syncs every district two at a time; a missing folder is one error row and exit 2', async () => {
    const url = makeUrl();
    const [a, b, c] = [freshOrg(), freshOrg(), freshOrg()];
    const { dir, config } = setup(() => [
      { org: a, source: 'a' },
      { org: b, program: 'summer', source: './b', settle: 0 },
      { org: 'broken', source: 'missing' },
      { org: c, source: 'c' },
    ]);
    deliver(inboxAt(dir, 'a'), 'a.csv', roster(students(2)));
    deliver(inboxAt(dir, 'b'), 'b.csv', roster(students(3)), 1);
    deliver(inboxAt(dir, 'c'), 'c.csv', roster(students(4)));
    // Run from elsewhere: relative sources are the config file's folder's.
    const r = cli(['sync', '--config', config, '--concurrency', '2', '--db', url, '--format', 'json'], { cwd: tmp() });
    expect(r.code).toBe(2);
    const { exitCode, districts } = JSON.parse(r.stdout);
    expect(exitCode).toBe(2);
    expect(districts.map((d: { org: string; status: string }) => [d.org, d.status])).toEqual([
      [a, 'applied'],
      [b, 'applied'],
      ['broken', 'error'],
      [c, 'applied'],
    ]);
    expect(districts[2].error.code).toBe('source-unreadable');
    expect(districts[2].source).toBe(join(dir, 'missing'));
    expect((await activeCounts(url, a)).students).toBe(2);
    expect((await activeCounts(url, b, 'summer')).students).toBe(3);
    expect((await activeCounts(url, c)).students).toBe(4);
    expect(contents(join(dir, 'c')).processed).toHaveLength(1);

    // Text: a table and a tally; run again, every inbox is empty now.
    const again = cli(['sync', '--config', config, '--db', url]);
    expect(again.code).toBe(2);
    expect(again.stdout).toMatch(/^ORG +PROGRAM +STATUS +FILE +RUN +DETAIL\n/);
    expect(again.stdout).toMatch(new RegExp(`\\n${b} +summer +nothing +- +-`));
    expect(again.stdout).toMatch(/\n4 district\(s\): 3 nothing, 1 error\n$/);
  });

  it('exits with the worst outcome: a guard (3) over an invalid file (1)', () => {
    const url = makeUrl();
    const [good, bad, guarded] = [freshOrg(), freshOrg(), freshOrg()];
    const { dir, config } = setup(() => [
      { org: good, source: 'good' },
      { org: bad, source: 'bad' },
      { org: guarded, source: 'guarded', maxRemovals: 0 },
    ]);
    deliver(inboxAt(dir, 'good'), 'r.csv', roster(students(2)));
    deliver(inboxAt(dir, 'bad'), 'r.csv', 'Student ID\n1\n');
    deliver(inboxAt(dir, 'guarded'), 'r.csv', roster(students(3)));
    const first = cli(['sync', '--config', config, '--db', url, '--concurrency', '3']);
    expect(first.code).toBe(1);
    deliver(join(dir, 'guarded'), 'r.csv', roster(students(2)));
    const second = cli(['sync', '--config', config, '--db', url, '--concurrency', '3', '--format', 'json']);
    expect(second.code).toBe(3);
    const statuses = JSON.parse(second.stdout).districts.map(
      (d: { status: string; rejected?: string }) => d.rejected ?? d.status,
    );
    expect(statuses).toEqual(['nothing', 'nothing', 'guard']);
  });
});

describe('a bad --config', () => {
  const bad = (entries: unknown, extra: string[] = []) => {
    const { config } = setup(() => entries as unknown[]);
    return cli(['sync', '--config', config, '--db', `sqlite:${join(tmp(), 'x.sqlite')}`, ...extra]);
  };

  it('names the entry and the field, runs nothing and exits 2', () => {
    const cases: [unknown, RegExp][] = [
      [[{ org: 'a', source: 'x' }, { org: 'b' }], /entry 2 \(org "b"\): source is required/],
      [[{ org: 'a', source: 'x', setle: 5 }], /entry 1 \(org "a"\): .*unknown field setle/],
      [[{ org: 'a', source: 'x', settle: 'soon' }], /entry 1 \(org "a"\): settle must be a number of seconds/],
      [[{ org: 'a b', source: 'x' }], /entry 1 \(org "a b"\): org must be 1-64 letters/],
      [[{ org: 'a', source: 'x', maxRemovals: 'lots' }], /entry 1 \(org "a"\): maxRemovals takes a percentage/],
      [
        [
          { org: 'a', source: 'x' },
          { org: 'a', source: 'y' },
        ],
        /entry 2 \(org "a"\): the same org and program/,
      ],
      [{ org: 'a', source: 'x' }, /must be a JSON array/],
      [[], /lists no district/],
      [[3], /entry 1: must be an object/],
      [[{ org: 5, source: 'x' }], /entry 1: org must be a string/],
    ];
    for (const [entries, message] of cases) {
      const r = bad(entries);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^dessa-roster: \[bad-config\] --config \S+districts\.json: /);
      expect(r.stderr).toMatch(message);
    }
  });

  it('is refused with SOURCE, --org, or --concurrency out of range', () => {
    const { config } = setup(() => [{ org: 'a', source: 'x' }]);
    expect(cli(['sync', 'inbox', '--config', config]).stderr).toMatch(
      /\[usage\] give either a SOURCE folder or --config/,
    );
    expect(cli(['sync', '--config', config, '--org', 'a']).stderr).toMatch(/\[usage\] --org comes from each entry/);
    expect(cli(['sync', '--config', config, '--concurrency', '0']).stderr).toMatch(
      /--concurrency must be a whole number/,
    );
    expect(cli(['sync', '--config', join(tmp(), 'none.json')]).stderr).toMatch(/\[bad-config\] .*cannot be read/);
  });
});
