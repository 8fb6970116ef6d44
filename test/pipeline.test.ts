import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRows } from '../src/bench/generate.js';
import { cli, tmp } from './helpers.js';

/** A file over the 8 MB pipelining threshold, with row errors and cross-row conflicts sprinkled through it. */
let file = '';

beforeAll(() => {
  const lines = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 3 })];
  for (let i = 500; i < lines.length; i += 997) lines[i] = lines[i].replace(/,(M|F|X|U),(\d\d\/)/, ',m,$2');
  for (let i = 700; i < lines.length; i += 1499) lines[i] = lines[i].replace(/(,\d{6},)([^,]+),/, '$1$2x,');
  for (let i = 900; i < lines.length; i += 2003) lines.splice(i, 0, lines[i - 1]);
  lines.splice(30_000, 0, '\r\n');
  file = join(tmp(), 'big.csv');
  writeFileSync(file, lines.join(''));
});

describe('pipelined read', () => {
  it('gives exactly the report a single thread gives', () => {
    expect(readFileSync(file).length).toBeGreaterThan(8 * 1024 * 1024);
    const one = cli(['validate', file, '--format', 'json', '--threads', '1']);
    const two = cli(['validate', file, '--format', 'json']);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    const a = JSON.parse(one.stdout);
    expect(a.summary.byCode).toMatchObject({ 'wrong-case': expect.any(Number), 'student-conflict': expect.any(Number), 'duplicate-row': expect.any(Number), 'blank-row': 1 });
    expect(a.summary.rows).toBeGreaterThan(60_000);
    expect(JSON.parse(two.stdout)).toEqual(a);
  });
});
