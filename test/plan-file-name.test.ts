import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshOrg } from './db-helpers.js';
import { cli, csv, row, tmp } from './helpers.js';

/** The run record's file name comes from the verified file.path, never from the plan's free text. */
describe("a plan's file.name cannot put another name in the run record", () => {
  const dir = tmp();
  const db = `sqlite:${join(dir, 'db.sqlite')}`;
  const org = freshOrg();
  writeFileSync(join(dir, 'roster.csv'), csv(row()));
  const plan = join(dir, 'plan.json');
  cli(['db', 'migrate', '--db', db]);
  const made = cli(['diff', 'roster.csv', '--org', org, '--db', db, '--output', plan], { cwd: dir });
  const saved = JSON.parse(readFileSync(plan, 'utf8'));
  const edited = (name: string) => {
    const path = join(dir, `edited-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify({ ...saved, file: { ...saved.file, name } }));
    return path;
  };
  const runs = () => JSON.parse(cli(['history', '--org', org, '--db', db, '--format', 'json']).stdout);

  it.each(['\u001b[31mEVIL', 'other.csv', '../elsewhere/other.csv'])(
    'file.name %j: bad-plan, nothing recorded',
    (name) => {
      expect(made.code).toBe(0);
      const r = cli(['apply', '--plan', edited(name), '--db', db]);
      expect(r.stderr).toMatch(/^dessa-roster: \[bad-plan\] .*file\.name .*does not name its roster file/);
      expect(r.stderr).not.toContain('\u001b');
      expect(r.code).not.toBe(0);
      expect(cli(['history', '--org', org, '--db', db]).stdout).not.toContain('EVIL');
    },
  );

  it("a directory part that is not the path's own is not recorded; the path's file name is", () => {
    const r = cli(['apply', '--plan', edited('\u001b[31mEVIL/roster.csv'), '--db', db]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(runs()[0].file_name).toBe('roster.csv');
    expect(JSON.stringify(runs())).not.toContain('EVIL');
  });
});
