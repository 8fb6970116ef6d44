import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, ROOT, writeTmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

/** The sample with every staff member's last name (second column) given "-X": 12 org staff renamed. */
function renamedStaff(): string {
  const [header, ...lines] = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
  const out = lines.map((line) => {
    const cells = line.split(',');
    cells[1] = `${cells[1]}-X`;
    return cells.join(',');
  });
  return writeTmp('renamed-staff.csv', [header, ...out].join('\n') + '\n');
}

describe.each(DATABASES.filter(([kind]) => kind !== 'mysql'))('a new program renaming the org\'s staff on %s', (_k, makeUrl) => {
  it('is refused by the update guard, as on the program that has them; --max-updates lets it through', () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url]).code).toBe(0);
    const file = renamedStaff();
    const onP2 = cli(['apply', file, '--org', org, '--program', 'p2', '--db', url]);
    expect(onP2.code).toBe(3);
    expect(onP2.stderr).toMatch(/^dessa-roster: \[guard-updates\] refused, nothing written: would update 12 of 12 active staff/);
    const diff = cli(['diff', file, '--org', org, '--program', 'p2', '--db', url, '--format', 'json']);
    expect(JSON.parse(diff.stdout).summary.staff.update).toBe(12);
    const allowed = cli(['apply', file, '--org', org, '--program', 'p2', '--db', url, '--max-updates', '100%']);
    expect([allowed.code, allowed.stderr]).toEqual([0, '']);
  });
});
