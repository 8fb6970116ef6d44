import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp } from './helpers.js';

const students = (n: number) => Array.from({ length: n }, (_, i) => row({ 'Student ID': String(100 + i) }));

/** Text history: a refused run's second line says why it was refused, never an empty line. */
describe('text history of refused runs', () => {
  it('each refusal shows its outcome', () => {
    const dir = tmp();
    const db = `sqlite:${join(dir, 'h.sqlite')}`;
    const org = freshOrg();
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    expect(cli(['apply', file('all.csv', csv(...students(20))), '--org', org, '--db', db]).code).toBe(0);
    expect(cli(['apply', file('bad.csv', csv(row({ DOB: 'never' }))), '--org', org, '--db', db]).code).toBe(1);
    expect(cli(['apply', file('half.csv', csv(...students(10))), '--org', org, '--db', db]).code).toBe(3);
    const plan = join(dir, 'plan.json');
    expect(cli(['diff', file('more.csv', csv(...students(21))), '--org', org, '--db', db, '--output', plan]).code).toBe(
      0,
    );
    writeFileSync(join(dir, 'more.csv'), csv(...students(22)));
    expect(cli(['apply', '--plan', plan, '--db', db]).code).toBe(1);
    const r = cli(['history', '--org', org, '--db', db]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.trim() === '')).toEqual([]);
    expect(lines.filter((_, i) => i % 2 === 1).map((l) => l.trim())).toEqual([
      'refused: stale plan, nothing written',
      'refused by a guard, nothing written',
      'refused: validation errors, nothing written',
      expect.stringMatching(/students \+20\//),
    ]);
    expect(readFileSync(plan, 'utf8')).toContain('"version":1');
  });
});
