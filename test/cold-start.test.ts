import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, tmp } from './helpers.js';

/*
 * What a command loads, recorded from inside the process: an ESM resolve hook sees every import
 * (ours and the packages'), and require.cache at exit every CommonJS module, which is how knex
 * loads its drivers. Both are written to the file named by DESSA_LOADED.
 */
const dir = tmp();
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.DESSA_LOADED, resolved.url + '\\n');
  return resolved;
}
`,
);
writeFileSync(
  join(dir, 'record.mjs'),
  `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(new URL('./hooks.mjs', import.meta.url));
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.DESSA_LOADED, Object.keys(require.cache).join('\\n') + '\\n'));
`,
);

let runs = 0;

/** The modules the CLI loaded for these arguments (it must succeed). */
function loaded(args: string[]): string[] {
  const out = join(dir, `loaded-${runs++}.txt`);
  writeFileSync(out, '');
  const r = spawnSync(process.execPath, ['--import', join(dir, 'record.mjs'), CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DESSA_LOADED: out },
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(out, 'utf8').split('\n').filter(Boolean);
}

const DATABASE_CODE = /node_modules\/(knex|tarn|better-sqlite3|pg|pg-copy-streams|mysql2)\//;

describe('validate starts without the database code', () => {
  it.each([
    ['a text report', ['validate', 'samples/roster.csv']],
    [
      'a JSON report written to a file',
      ['validate', 'samples/roster.csv', '--format', 'json', '--output', join(dir, 'r.json')],
    ],
    ['a CSV report', ['validate', 'samples/roster.csv', '--format', 'csv', '--output', join(dir, 'r.csv')]],
  ])('%s loads no knex or database driver', (_name, args) => {
    const modules = loaded(args);
    // The recorder sees both kinds of module: our own (ESM) and commander (CommonJS).
    expect(modules.some((m) => m.endsWith('/dist/commands/validate.js'))).toBe(true);
    expect(modules.some((m) => m.includes('/node_modules/commander/'))).toBe(true);
    expect(modules.filter((m) => DATABASE_CODE.test(m))).toEqual([]);
  });

  it('a text report loads no CSV writer either (only a CSV report needs fast-csv)', () => {
    expect(loaded(['validate', 'samples/roster.csv']).filter((m) => m.includes('/node_modules/fast-csv/'))).toEqual([]);
    expect(
      loaded(['validate', 'samples/roster.csv', '--format', 'csv']).some((m) => m.includes('/node_modules/fast-csv/')),
    ).toBe(true);
  });

  it('the recorder does see them when a command uses the database', () => {
    const modules = loaded(['db', 'migrate', '--db', `sqlite:${join(dir, 'd.sqlite')}`]);
    expect(modules.some((m) => m.includes('/node_modules/knex/'))).toBe(true);
    expect(modules.some((m) => m.includes('/node_modules/better-sqlite3/'))).toBe(true);
  });
});
