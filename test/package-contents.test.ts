import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** The paths `npm pack` would put in the package, from the built tree as it is. */
function packed(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

describe('the npm package', () => {
  it('ships the CLI and none of the benchmark or the tests', () => {
    const files = packed();
    expect(files).toEqual(
      expect.arrayContaining(['bin/dessa-roster.js', 'dist/main.js', 'dist/cli.js', 'package.json']),
    );
    expect(files.filter((f) => /bench|(^|\/)test\//.test(f))).toEqual([]);
  });
});
