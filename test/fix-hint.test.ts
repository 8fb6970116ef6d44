import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp, CLI } from './helpers.js';

/* validate points at fix when its report holds damage fix may repair, with a command that runs as printed. */

describe('the fix hint of the text report', () => {
  it('names the count and a command that writes the repaired copy', () => {
    const file = writeTmp(
      'damaged export.csv',
      csv(row({ Gender: 'Male' }), row({ 'Student ID': '1002', 'Grade Level': 'KG' })),
    );
    const r = cli(['validate', file]);
    expect(r.code).toBe(1);
    const hint = r.stdout.match(/(\d+) of these look like spreadsheet damage.*\n {2}(dessa-roster fix .*)\n$/);
    expect(hint?.[1]).toBe('2');
    // The name holds a space: the printed command quotes it, and runs as printed (from a shell).
    const dir = tmp();
    const command = hint![2].replace(/^dessa-roster/, `node ${CLI}`);
    const ran = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
    expect(ran.status).toBe(0);
    // Beside the input, named after it.
    expect(hint![2]).toContain(`--output '${file.replace(/\.csv$/, '.fixed.csv')}'`);
    expect(readFileSync(file.replace(/\.csv$/, '.fixed.csv'), 'utf8')).toContain(',M,');
  });

  it('never suggests writing over the input, even one named fixed.csv', () => {
    const file = writeTmp('fixed.csv', csv(row({ Gender: 'Male' })));
    const hint = cli(['validate', file]).stdout.match(/\n {2}(dessa-roster fix .*)\n$/);
    expect(hint?.[1]).toBe(`dessa-roster fix ${file} --output ${file.replace(/\.csv$/, '.fixed.csv')}`);
    const ran = spawnSync('sh', ['-c', hint![1].replace(/^dessa-roster/, `node ${CLI}`)], { encoding: 'utf8' });
    expect(ran.status).toBe(0);
  });

  it('is absent for a valid file, for other errors only, under -q, in JSON, and for standard input', () => {
    const valid = writeTmp('ok.csv', csv(row()));
    expect(cli(['validate', valid]).stdout).not.toMatch(/dessa-roster fix/);
    const other = writeTmp('other.csv', csv(row({ 'Student ID': '' })));
    expect(cli(['validate', other]).stdout).not.toMatch(/dessa-roster fix/);
    const damaged = writeTmp('damaged.csv', csv(row({ Gender: 'Male' })));
    expect(cli(['validate', damaged, '-q']).stdout).toBe('');
    expect(cli(['validate', damaged, '--format', 'json']).stdout).not.toMatch(/dessa-roster fix/);
    expect(cli(['validate', '-'], { input: readFileSync(damaged) }).stdout).not.toMatch(/dessa-roster fix/);
  });
});
