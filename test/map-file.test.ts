import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

/** What a file that is not a map might hold: nothing of it may reach a message. */
const SECRET = 'root:x:0:0:root:/root:/bin/bash\ndb_password=hunter2-SECRET\n';

const roster = () => writeTmp('r.csv', csv(row()).replace('Student ID', 'Pupil Number'));

function expectNotAMap(r: { code: number | null; stdout: string; stderr: string }) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^dessa-roster: \[bad-map\] --map .*: not a JSON map\b/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  for (const piece of ['root', 'hunter2', 'SECRET', 'bash']) expect(`${r.stdout}${r.stderr}`).not.toContain(piece);
}

describe('a --map file that is not a map: its content is never echoed', () => {
  it('given with --map', () => {
    const r = cli(['validate', roster(), '--map', writeTmp('passwd', SECRET), '--format', 'json']);
    expectNotAMap(r);
    expect(JSON.parse(r.stdout).error.code).toBe('bad-map');
  });

  it('named by an edited plan (read.map pointed at another file)', () => {
    const dir = tmp();
    const db = `sqlite:${join(dir, 'db.sqlite')}`;
    writeFileSync(join(dir, 'db.sqlite'), '');
    const map = writeTmp('map.json', JSON.stringify({ 'Pupil Number': 'Student ID' }));
    const plan = join(dir, 'plan.json');
    expect(cli(['diff', roster(), '--org', 'o', '--db', db, '--map', map, '--output', plan]).stderr).toBe('');
    const secret = writeTmp('passwd', SECRET);
    const saved = JSON.parse(readFileSync(plan, 'utf8'));
    saved.read = { map: secret, mapSha256: createHash('sha256').update(SECRET).digest('hex') };
    writeFileSync(plan, JSON.stringify(saved));
    expectNotAMap(cli(['apply', '--plan', plan, '--db', db]));
    // Without the map's digest the plan is refused before the file is read.
    saved.read = { map: secret };
    writeFileSync(plan, JSON.stringify(saved));
    const r = cli(['apply', '--plan', plan, '--db', db]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^dessa-roster: \[bad-plan\] .*read\.map and read\.mapSha256 go together/)]);
  });
});
