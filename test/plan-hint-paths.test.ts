import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellArg } from '../src/plan/shown.js';
import { activeCounts, freshOrg } from './db-helpers.js';
import { CLI, cli, csv, row, tmp } from './helpers.js';

/** The "plan saved" hint's command, as printed. */
const printed = (stdout: string) =>
  /plan saved to .*: apply it with dessa-roster (apply --plan .*)$/m.exec(stdout)?.[1];

/** Runs a printed command through a POSIX shell from `cwd`, exactly as a person pasting it would. */
function runIn(command: string, cwd: string) {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${command}`], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DESSA_DATABASE_URL: undefined },
  });
  return { code: r.status, stderr: r.stderr };
}

/** diff run in one directory with relative paths; the printed command is run from another. */
describe('the "plan saved" command works from any directory', () => {
  it.each([
    ['a relative --db', ['--db', 'sqlite:data/my db.sqlite'], join('data', 'my db.sqlite')],
    ['no --db (the default ./dessa.sqlite)', [], 'dessa.sqlite'],
  ])('%s: plan and database are named by absolute paths', async (_what, dbArgs, dbFile) => {
    const dir = tmp();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'r.csv'), csv(row(), row({ 'Student ID': '1002' })));
    const env = { DESSA_DATABASE_URL: undefined };
    expect(cli(['db', 'migrate', ...dbArgs], { cwd: dir, env }).code).toBe(0);
    const diff = cli(['diff', 'r.csv', '--org', 'x', ...dbArgs, '--output', 'plan.json'], { cwd: dir, env });
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    const command = printed(diff.stdout);
    expect(command).toBeDefined();
    expect(command).toBe(
      `apply --plan ${shellArg(join(dir, 'plan.json'))} --db ${shellArg(`sqlite:${join(dir, dbFile)}`)}`,
    );
    const elsewhere = tmp();
    expect(runIn(command!, elsewhere)).toEqual({ code: 0, stderr: '' });
    expect(readdirSync(elsewhere)).toEqual([]);
    expect((await activeCounts(`sqlite:${join(dir, dbFile)}`, 'x')).students).toBe(2);
  });
});

/** The local server's URL with a password (the test servers trust local connections: any password does). */
const withPassword = (url: string) => url.replace('://postgres@', '://postgres:s3cret@');

describe.skipIf(!process.env.DESSA_TEST_PG_URL)('the "plan saved" command never carries a masked password', () => {
  const url = withPassword(process.env.DESSA_TEST_PG_URL ?? '');
  const file = () => {
    const dir = tmp();
    writeFileSync(join(dir, 'r.csv'), csv(row(), row({ 'Student ID': '1002' })));
    return dir;
  };

  it('a URL from DESSA_DATABASE_URL is left out: the same variable applies when the command is run', () => {
    const dir = file();
    const org = freshOrg();
    const env = { DESSA_DATABASE_URL: url };
    const diff = cli(['diff', 'r.csv', '--org', org, '--output', 'plan.json'], { cwd: dir, env });
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    expect(printed(diff.stdout)).toBe(`apply --plan ${shellArg(join(dir, 'plan.json'))}`);
    expect(diff.stdout).toContain('(no --db: it applies to the database of DESSA_DATABASE_URL, as diff did)');
    expect(diff.stdout.slice(diff.stdout.indexOf('plan saved'))).not.toContain('***');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${printed(diff.stdout)}`], {
      cwd: tmp(),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('a --db given with a password keeps it masked and says to put it back', () => {
    const dir = file();
    const diff = cli(['diff', 'r.csv', '--org', freshOrg(), '--db', url, '--output', 'plan.json'], {
      cwd: dir,
      env: { DESSA_DATABASE_URL: undefined },
    });
    expect([diff.code, diff.stderr]).toEqual([0, '']);
    expect(printed(diff.stdout)).toContain(`--db ${shellArg(url.replace('s3cret', '***'))}`);
    expect(diff.stdout).toContain('--db shows its password as ***: put yours back, or set DESSA_DATABASE_URL');
    expect(diff.stdout).not.toContain('s3cret');
  });
});
