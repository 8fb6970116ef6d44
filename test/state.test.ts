import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { loadState } from '../src/db/state.js';
import { DATABASES, freshOrg } from './db-helpers.js';
import { cli, ROOT } from './helpers.js';

const pairs = (t: { forEach(f: (a: number, b: number, v: number) => void): void }) => {
  const out: string[] = [];
  t.forEach((a, b, v) => out.push(`${a},${b},${v}`));
  return out.sort();
};

describe.each(DATABASES)('reading the state on %s', (_name, makeUrl) => {
  it('links read in chunks of any size give the same table and the same digest', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', join(ROOT, 'samples', 'roster.csv'), '--org', org, '--db', url]).code).toBe(0);
    const db = await openDatabase(url);
    try {
      const scope = { org, program: 'default' };
      const whole = await loadState(db.knex, scope, { digest: true });
      const bits = await loadState(db.knex, scope, { digest: true, linkChunk: 7 });
      expect(whole.current.links.enrollments.size).toBe(200);
      expect(pairs(bits.current.links.enrollments)).toEqual(pairs(whole.current.links.enrollments));
      expect(pairs(bits.current.links.class_staff)).toEqual(pairs(whole.current.links.class_staff));
      expect(bits.digest).toBe(whole.digest);
      expect(whole.digest).toMatch(/^[0-9a-f]{64}$/);
      // Every stored link is active (even value) and names stored records.
      const students = new Set(whole.current.keys.students.keys());
      for (const p of pairs(whole.current.links.enrollments)) {
        const [a, , v] = p.split(',').map(Number);
        expect(v % 2).toBe(0);
        expect(students.has(a)).toBe(true);
      }
      expect((await loadState(db.knex, scope)).digest).toBe('');
    } finally {
      await db.knex.destroy();
    }
  });
});
