import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const PG = process.env.DESSA_TEST_PG_URL;
const withMode = (mode: string) => `${PG}${PG!.includes('?') ? '&' : '?'}sslmode=${mode}`;

/** The local PostgreSQL has no SSL: what each sslmode does there, told in our own one line. */
describe.skipIf(!PG)('sslmode on a postgres URL, against the local server', () => {
  it.each(['prefer', 'allow'])('sslmode=%s: a usage error saying pg does not fall back', (mode) => {
    const r = cli(['history', '--org', 'x', '--db', withMode(mode)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^dessa-roster: \\[usage\\] sslmode=${mode} .*does not fall back.*sslmode=disable`),
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it("sslmode=require: the driver's warning is one line of ours, then the connect error", () => {
    const r = cli(['history', '--org', 'x', '--db', withMode('require')]);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^dessa-roster: warning: SECURITY WARNING: /);
    expect(lines[1]).toMatch(/^dessa-roster: \[db-connect\] .*does not support SSL/);
    expect(r.stderr).not.toMatch(/\(node:\d+\)|trace-warnings/);
  });

  it('sslmode=disable connects', () => {
    const r = cli(['history', '--org', 'x', '--db', withMode('disable')]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});
