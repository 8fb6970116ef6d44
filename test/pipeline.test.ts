import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRows } from './roster-generator.js';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { cli, HEADER, tmp } from './helpers.js';
import { makeZip } from './zips.js';

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
    expect(a.summary.byCode).toMatchObject({
      'wrong-case': expect.any(Number),
      'student-conflict': expect.any(Number),
      'duplicate-row': expect.any(Number),
      'blank-row': 1,
    });
    expect(a.summary.rows).toBeGreaterThan(60_000);
    expect(JSON.parse(two.stdout)).toEqual(a);
  });

  /** Both threads' JSON reports of one file, checked equal; returns the report. */
  function sameBothWays(path: string) {
    const one = cli(['validate', path, '--format', 'json', '--threads', '1']);
    const two = cli(['validate', path, '--format', 'json']);
    expect(two.stderr).toBe('');
    expect(two.code).toBe(one.code);
    const report = JSON.parse(one.stdout);
    expect(JSON.parse(two.stdout)).toEqual(report);
    return report;
  }

  it('carries on in the same chunk when rows are too short for one batch to hold them', () => {
    // ~40 bytes a row: a MiB read holds far more rows than a batch slot (8,192).
    const id = FIELD_NAMES.indexOf('Student ID');
    const lines = [HEADER];
    for (let i = 0; i < 300_000; i++) {
      const cells = new Array(FIELD_NAMES.length).fill('');
      cells[0] = 'S';
      cells[id] = String(i >> 2);
      lines.push(cells.join(','));
    }
    const path = join(tmp(), 'short.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(readFileSync(path).length).toBeGreaterThan(8 * 1024 * 1024);
    const report = sameBothWays(path);
    expect(report.summary.rows).toBe(300_000);
    expect(report.summary.students).toBe(75_000);
  });

  it('hands over a record longer than a batch slot', () => {
    // Two 0.9 MB cells: the record is carried into the next read, which then exceeds the slot's 2 MiB.
    const lines = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 4 })];
    lines[30_000] = lines[30_000].replace(/^([^,]*,[^,]*,)/, `"${'x'.repeat(900_000)}","${'y'.repeat(900_000)}",`);
    const path = join(tmp(), 'long.csv');
    writeFileSync(path, lines.join(''));
    const report = sameBothWays(path);
    expect(report.summary.rows).toBe(60_000);
    expect(report.issues.some((i: { row: number }) => i.row === 30_001)).toBe(true);
  });

  it('a Windows-1252 byte late in a large file switches the rest, with the warning first, on both threads', () => {
    const lines = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 5 })].map((l) =>
      l.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    );
    lines[55_000] = lines[55_000].replace(/^([^,]*,)[^,]*,/, '$1Muñoz,');
    const path = join(tmp(), 'late1252.csv');
    writeFileSync(path, Buffer.from(lines.join(''), 'latin1'));
    const report = sameBothWays(path);
    expect(report.summary).toMatchObject({ encoding: 'windows-1252', rows: 60_000 });
    expect(report.issues[0].code).toBe('encoding-fallback');
    expect(report.issues.find((i: { row: number }) => i.row === 55_001)?.value).toBe('Muñoz');
  });

  it('a zip of several roster files: findings name their entry, in the order read, as on one thread', async () => {
    const all = [...generateRows({ students: 1_600, classesPerStudent: 5, seed: 6 })];
    const header = all[0];
    const a = all.slice(1, 4_001);
    const b = all.slice(4_001);
    for (let i = 100; i < a.length; i += 997) a[i] = a[i].replace(/,(M|F|X|U),(\d\d\/)/, ',m,$2');
    for (let i = 50; i < b.length; i += 1_499) b[i] = b[i].replace(/,(M|F|X|U),(\d\d\/)/, ',m,$2');
    // A student of the first file, with another last name in the second: a conflict across entries.
    b.push(a[10].replace(/^((?:[^,]*,){5})[^,]*,/, '$1Otherlast,'));
    b.push(a[20]);
    // An unknown column (a finding with no row) in each: the entries must share one header.
    const text = (lines: string[]) =>
      header.replace('\r\n', ',Notes\r\n') + lines.map((l) => l.replace('\r\n', ',x\r\n')).join('');
    const zip = await makeZip([
      ['north.csv', text(a), { compress: false }],
      ['south.csv', text(b), { compress: false }],
    ]);
    expect(zip.length).toBeGreaterThan(1024 * 1024);
    const path = join(tmp(), 'two.zip');
    writeFileSync(path, zip);
    const report = sameBothWays(path);
    expect(report.summary.rows).toBe(8_002);
    const files = report.issues.map((i: { file: string }) => i.file);
    expect(files.indexOf('south.csv')).toBeGreaterThan(files.lastIndexOf('north.csv'));
    expect(report.issues.find((i: { value: string }) => i.value === 'Otherlast')).toMatchObject({
      code: 'student-conflict',
      file: 'south.csv',
      row: 4_002,
    });
    const unknown = report.issues.filter((i: { code: string }) => i.code === 'unknown-column');
    expect(unknown.map((i: { file: string; row: number | null }) => [i.file, i.row])).toEqual([
      ['north.csv', null],
      ['south.csv', null],
    ]);
    expect(report.issues.indexOf(unknown[1])).toBe(files.indexOf('south.csv'));
  });
});
