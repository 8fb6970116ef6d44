import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, tmp } from './helpers.js';
import { generateRows } from './roster-generator.js';

describe('an interrupted fix', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while the copy is written: exit %i, no temporary file, the old copy whole', async (signal, exit) => {
    const input = join(tmp(), 'big.csv');
    // Padded site names: every row has a change to log.
    const rows = [...generateRows({ students: 20000, classesPerStudent: 5, seed: 7 })];
    writeFileSync(input, rows.map((r, i) => (i === 0 ? r : ` ${r}`)).join(''));
    const dir = tmp();
    const output = join(dir, 'fixed.csv');
    writeFileSync(output, 'an earlier copy\r\n');
    const child = spawn(process.execPath, [CLI, 'fix', input, '--output', output, '--changes', join(dir, 'c.csv')], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The temporary copy appears when the second reading begins to write it.
    for (let i = 0; i < 6000 && !readdirSync(dir).some((f) => f.endsWith('.tmp.csv')); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp.csv'))).toBe(true);
    child.kill(signal);
    expect(await done).toBe(exit);
    expect(stderr).toBe('dessa-roster: interrupted; nothing was written\n');
    expect(readdirSync(dir)).toEqual(['fixed.csv']);
    expect(readFileSync(output, 'utf8')).toBe('an earlier copy\r\n');
  });
});
