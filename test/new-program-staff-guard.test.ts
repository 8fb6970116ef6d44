import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, ROOT, writeTmp } from './helpers.js';

const SAMPLE = join(ROOT, 'samples', 'roster.csv');

/**
 * The sample (12 org staff), its rows of staff t0 and t1 only when `two`, with every staff
 * member's last name (second column) given "-X" when `renamed`.
 */
function sample({ two = false, renamed = false }): string {
  const [header, ...lines] = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
  const out = lines
    .filter((line) => !two || /,t[01]@/.test(line))
    .map((line) => {
      const cells = line.split(',');
      if (renamed) cells[1] = `${cells[1]}-X`;
      return cells.join(',');
    });
  return writeTmp('staff.csv', [header, ...out].join('\n') + '\n');
}

/** Every share a refusal states: none can pass 100% (the changes are among the records counted). */
const shares = (text: string) => [...text.matchAll(/\((\d+(?:\.\d+)?)%/g)].map((m) => Number(m[1]));

const guards = (url: string, org: string, file: string, ...more: string[]) =>
  JSON.parse(cli(['diff', file, '--org', org, '--program', 'p2', '--db', url, '--format', 'json', ...more]).stdout)
    .guards;

describe.each(DATABASES)('the staff update guard of a program on %s', (_k, makeUrl) => {
  it("with no staff yet: renaming the org's staff is measured against the org's; --max-updates lets it through", () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url]).code).toBe(0);
    const file = sample({ renamed: true });
    const onP2 = cli(['apply', file, '--org', org, '--program', 'p2', '--db', url]);
    expect(onP2.code).toBe(3);
    expect(onP2.stderr).toMatch(
      /^dessa-roster: \[guard-updates\] refused, nothing written: would update 12 of the org's 12 active staff records \(100\.0%, limit 75%\) of people new to program p2, spelt otherwise in its file, e\.g\. /,
    );
    const diff = cli(['diff', file, '--org', org, '--program', 'p2', '--db', url, '--format', 'json']);
    expect(JSON.parse(diff.stdout).summary.staff.update).toBe(12);
    const allowed = cli(['apply', file, '--org', org, '--program', 'p2', '--db', url, '--max-updates', '100%']);
    expect([allowed.code, allowed.stderr]).toEqual([0, '']);
  });

  it("with staff: its own measured against its staff, people new to it against the org's; no share over 100%", () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', SAMPLE, '--org', org, '--db', url]).code).toBe(0);
    expect(cli(['apply', sample({ two: true }), '--org', org, '--program', 'p2', '--db', url]).code).toBe(0);

    // Only its own two renamed: 2 of its 2 (refused), not 2 of the org's 12 (17%, let through).
    const own = cli(['apply', sample({ two: true, renamed: true }), '--org', org, '--program', 'p2', '--db', url]);
    expect([own.code, own.stderr]).toEqual([
      3,
      expect.stringMatching(
        /^dessa-roster: \[guard-updates\] refused, nothing written: would update 2 of 2 active staff of program p2 \(100\.0%, limit 75%\), e\.g\. t0@/,
      ),
    ]);
    expect(own.stderr).not.toContain("the org's");

    // All twelve renamed: 2 of its 2, and 10 of the org's 12 records it takes on; never "12 of 2 (600%)".
    const all = sample({ renamed: true });
    const refused = cli(['apply', all, '--org', org, '--program', 'p2', '--db', url]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('would update 2 of 2 active staff of program p2 (100.0%, limit 75%), e.g. t0@');
    expect(refused.stderr).toContain(
      "would update 10 of the org's 12 active staff records (83.3%, " +
        'limit 75%) of people new to program p2, spelt otherwise in its file, e.g. t2@',
    );
    expect(shares(refused.stderr)).toEqual([100, 83.3]);
    expect(guards(url, org, all, '--max-updates', '90%')).toEqual([
      expect.stringMatching(/^would update 2 of 2 active staff/),
    ]);

    // A count limit counts the staff updates together.
    expect(guards(url, org, all, '--max-updates', '12')).toEqual([]);
    expect(guards(url, org, all, '--max-updates', '11')).toEqual([
      expect.stringMatching(
        /^would update 12 staff \(limit 11\): 2 of 2 active staff of program p2 \(100\.0%\) and 10 of the org's 12 active staff records \(83\.3%\) of people new to program p2/,
      ),
    ]);
  });
});
