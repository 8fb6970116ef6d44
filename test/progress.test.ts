import { describe, expect, it } from 'vitest';
import { progressFor } from '../src/render/progress.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) }, writes };
}

describe('progress bar', () => {
  it('draws a step bar with elapsed time on a TTY, and clears it at the end', () => {
    const { stream, writes } = recorder(true);
    let t = 0;
    const p = progressFor(stream, 4, {}, () => (t += 500));
    p.step('validating x.csv');
    p.step('reading the database');
    p.end();
    expect(writes[0]).toBe('\r\x1b[2K[....................] 1/4 validating x.csv (0.5 s)');
    expect(writes[1]).toBe('\r\x1b[2K[#####...............] 2/4 reading the database (1.0 s)');
    expect(writes[2]).toBe('\r\x1b[2K');
  });

  it.each([
    ['not a TTY', false, {}],
    ['--quiet', true, { quiet: true }],
    ['--format json', true, { json: true }],
  ])('is silent when %s', (_name, isTTY, opts) => {
    const { stream, writes } = recorder(isTTY as boolean);
    const p = progressFor(stream, 3, opts);
    p.step('validating');
    p.end();
    expect(writes).toEqual([]);
  });

  it('a CLI apply with standard error not a terminal writes nothing there', () => {
    const r = cli(['apply', writeTmp('a.csv', csv(row())), '--org', 'p', '--db', `sqlite:${tmp()}/p.sqlite`]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});
