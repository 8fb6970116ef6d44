import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, cli, csv, row, tmp, writeTmp } from './helpers.js';

describe('messages for common input mistakes', () => {
  it.each(['é', '€', '😀'])(
    '--delimiter %s (several bytes in UTF-8) is a usage error, not an internal failure',
    (d) => {
      const r = cli(['validate', writeTmp('r.csv', csv(row())), '--delimiter', d]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `dessa-roster: [usage] --delimiter must be one single-byte (ASCII) character other than a quote ` +
          `or line break, or tab, comma, pipe, semicolon (got ${JSON.stringify(d)})\n`,
      );
    },
  );

  it('a --map file saved with a UTF-8 byte order mark (Notepad, PowerShell) is read', () => {
    const path = writeTmp('r.csv', csv(row()).replace('Student ID', 'Student_Number'));
    const map = writeTmp(
      'm.json',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"Student_Number": "Student ID"}')]),
    );
    const r = cli(['validate', path, '--map', map, '--format', 'json']);
    expect([r.code, r.stderr, JSON.parse(r.stdout).issues]).toEqual([0, '', []]);
  });

  it.each(['1/1/0001', '0001-01-01', '12/31/1899 00:00'])(
    'DOB %s suggests no date but says the year looks wrong',
    (value) => {
      const r = check(csv(row({ DOB: value })));
      const year = Number(/(\d{4})/.exec(value)![1]);
      expect(r.issues.map((i) => [i.severity, i.code, i.message])).toEqual([
        [
          'error',
          'invalid-date-format',
          `${JSON.stringify(value)} is not mm/dd/yyyy and its year ${year} looks wrong (before 1900): check the year ` +
            '(two-digit month and day, four-digit year, e.g. 03/14/2016).',
        ],
      ]);
    },
  );

  it('validate - --output - writes the report to standard output, no file named "-"', () => {
    const dir = tmp();
    const r = cli(['validate', '-', '--output', '-', '--format', 'json'], { input: csv(row()), cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ rows: 1 });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([['spec'], ['template']])('%s --output - writes to standard output', (command) => {
    const dir = tmp();
    const r = cli([command, '--output', '-'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});
