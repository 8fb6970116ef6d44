import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmp } from './helpers.js';

const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

describe('--version', () => {
  it('prints the version of package.json, run directly from another folder', () => {
    const r = cli(['--version'], { cwd: tmp(), env: { npm_package_version: undefined } });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `${version}\n`, '']);
  });

  it("is not another package's version when run from that package's npm script", () => {
    // npm sets npm_package_version to the version of the project whose script runs.
    const r = cli(['--version'], { cwd: tmp(), env: { npm_package_version: '7.7.7' } });
    expect(r.stdout).toBe(`${version}\n`);
  });
});
