import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp } from './helpers.js';

/** Writes `mb` megabytes after a roster's start, in 1 MB pieces. */
async function bigFile(start: string, fill: string, mb: number): Promise<string> {
  const path = join(tmp(), 'big.csv');
  const out = createWriteStream(path);
  out.write(start);
  const piece = fill.repeat(Math.ceil((1 << 20) / fill.length));
  for (let i = 0; i < mb; i++) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

// Their peak memory is measured by `npm run bench` (the same three files), not asserted here.
describe('hostile files', () => {
  it('a quote that never closes, then 40 MB: error at the row it opened', async () => {
    const file = await bigFile(csv(row(), row({ 'Student ID': '2' })) + `x,"never closed,`, 'a,b,c,d\n', 40);
    const r = cli(['validate', file, '--format', 'json']);
    const issue = JSON.parse(r.stdout).issues.find((i: { code: string }) => i.code === 'field-too-large');
    expect(issue.row).toBe(4);
  });

  it('a 40 MB line with no line end: one field-too-large finding on its row', async () => {
    const file = await bigFile(csv(row()), 'x'.repeat(1000), 40);
    const r = cli(['validate', file, '--format', 'json']);
    expect(JSON.parse(r.stdout).issues.map((i: { code: string; row: number }) => [i.code, i.row])).toEqual([
      ['field-too-large', 3],
    ]);
  });

  it('an error on every row of a large file: counts exact, the issue list capped', async () => {
    const bad = `${row({ Gender: 'q', 'Class Code': 'Z' }).replace('1001', 'ID')}\r\n`;
    const lines = Array.from({ length: 1000 }, (_, i) => bad.replace('ID', String(i))).join('');
    const file = await bigFile(csv(row()), lines, 30);
    const r = cli(['validate', file, '--format', 'json', '--threads', '1']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.byCode['invalid-value']).toBeGreaterThan(100_000);
    expect(report.issues.length).toBeLessThan(5000);
  });
});
