import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeCounts, freshOrg } from './db-helpers.js';
import { CLI, cli, csv, row, tmp } from './helpers.js';

const students = (n: number) => Array.from({ length: n }, (_, i) => row({ 'Student ID': String(100 + i) }));

/** Runs the "plan saved" hint's command through a POSIX shell, exactly as printed. */
function runPrinted(stdout: string, cwd: string) {
  const command = /plan saved to .*: apply it with dessa-roster (apply --plan .*)$/m.exec(stdout)?.[1];
  expect(command).toBeDefined();
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${command}`], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { command: command!, code: r.status, stderr: r.stderr };
}

/** diff --output with guards given: the printed apply --plan command carries them and works as printed. */
describe('the "plan saved" command carries diff\'s guards', () => {
  it.each([
    [['--max-removals', '60%'], /--max-removals 60%/],
    [['--max-removals', '10', '--max-updates', '90%'], /--max-removals 10 --max-updates 90%/],
    [['--force'], /--force$/],
  ])('diff %j: the printed command applies the plan that removes half', async (guards, shownArgs) => {
    const dir = tmp();
    const db = `sqlite:${join(dir, 'my db.sqlite')}`;
    const org = freshOrg();
    writeFileSync(join(dir, 'all.csv'), csv(...students(20)));
    writeFileSync(join(dir, 'half.csv'), csv(...students(10)));
    expect(cli(['apply', 'all.csv', '--org', org, '--db', db], { cwd: dir }).code).toBe(0);
    const plan = join(dir, "it's plan.json");
    const diff = cli(['diff', 'half.csv', '--org', org, '--db', db, '--output', plan, ...guards], { cwd: dir });
    expect(diff.code).toBe(0);
    const printed = runPrinted(diff.stdout, dir);
    expect(printed.command).toMatch(shownArgs);
    expect([printed.code, printed.stderr]).toEqual([0, '']);
    expect((await activeCounts(db, org)).students).toBe(10);
  });
});
