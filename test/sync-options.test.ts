import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptySqlite, tmp } from './helpers.js';
import { deliver, roster, students } from './sync-helpers.js';

/* sync's options are checked before any district runs: a mistake never waits for a file to show it. */

function inboxWithConfig(entries: (dir: string) => unknown[]): { dir: string; config: string } {
  const dir = tmp();
  mkdirSync(join(dir, 'a'));
  const config = join(dir, 'districts.json');
  writeFileSync(config, JSON.stringify(entries(dir)));
  return { dir, config };
}

describe('sync options checked before anything runs', () => {
  it.each([
    ['--settle', 'abc', /^dessa-roster: \[usage\] --settle must be a number of seconds/],
    ['--max-removals', 'xyz', /^dessa-roster: \[usage\] --max-removals takes a percentage/],
    ['--map', '/no/such/map.json', /^dessa-roster: \[bad-map\] --map \/no\/such\/map\.json/],
  ])(
    'a wrong %s on the command line of sync --config is refused even where every entry sets its own',
    (flag, v, re) => {
      const { dir, config } = inboxWithConfig(() => [
        { org: 'a', source: 'a', settle: 0, maxRemovals: '50%', map: 'map.json' },
      ]);
      writeFileSync(join(dir, 'map.json'), '{}');
      deliver(join(dir, 'a'), 'a.csv', roster(students(2)));
      const r = cli(['sync', '--config', config, flag, v, '--db', `sqlite:${join(dir, 'x.sqlite')}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      // Nothing ran: the delivery is still in the inbox, no database was made.
      expect(readdirSync(join(dir, 'a'))).toEqual(['a.csv']);
      expect(readdirSync(dir)).not.toContain('x.sqlite');
    },
  );

  it("an entry's missing map is named before any district runs, though its inbox is empty", () => {
    const { dir, config } = inboxWithConfig(() => [
      { org: 'a', source: 'a' },
      { org: 'b', source: 'a', program: 'p', map: 'missing.json' },
    ]);
    const r = cli(['sync', '--config', config, '--db', `sqlite:${join(dir, 'x.sqlite')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[bad-config\] .*entry 2 \(org "b"\): map .*missing\.json/);
  });

  it('a missing --map of one inbox is refused at once, not when a file arrives', () => {
    const dir = tmp();
    const r = cli(['sync', dir, '--org', 'a', '--map', join(dir, 'nope.json'), '--db', emptySqlite('s.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[bad-map\] /);
  });
});
