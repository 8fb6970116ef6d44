/**
 * The kinds of input the fuzzing test feeds the reader (random bytes; byte edits of a roster
 * and of a zip of it), each read in this process: the median and the slowest. A pathological
 * input (a quadratic parse, a zip that inflates without end) shows as a slowest far above the median.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import yazl from 'yazl';
import { readRoster } from '../src/read/read.js';
import { generateRows, prng } from './generate.js';
import { median } from './jobs.js';

function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name, { mtime: new Date(2026, 0, 1) });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

function randomBytes(rand: () => number, max: number): Buffer {
  return Buffer.from(Array.from({ length: Math.floor(rand() * (max + 1)) }, () => Math.floor(rand() * 256)));
}

/** Up to six edits: overwrite a byte, insert up to 8, delete up to 16, or cut the rest. */
function mutate(base: Buffer, rand: () => number): Buffer {
  let b = Buffer.from(base);
  for (let edits = Math.floor(rand() * 7); edits > 0; edits--) {
    const at = Math.floor(rand() * b.length);
    const kind = Math.floor(rand() * 4);
    if (kind === 0 && b.length) b[at] = Math.floor(rand() * 256);
    if (kind === 1) b = Buffer.concat([b.subarray(0, at), randomBytes(rand, 8), b.subarray(at)]);
    if (kind === 2) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + Math.floor(rand() * 16))]);
    if (kind === 3) b = b.subarray(0, at);
  }
  return b;
}

/** Milliseconds to read each input to a report or a DessaError (which is a fine outcome here). */
async function timings(dir: string, inputs: [ext: string, bytes: Buffer][]): Promise<number[]> {
  const ms: number[] = [];
  for (const [i, [ext, bytes]] of inputs.entries()) {
    const path = join(dir, `f${i}${ext}`);
    writeFileSync(path, bytes);
    const t0 = performance.now();
    await readRoster(path).catch(() => undefined);
    ms.push(performance.now() - t0);
  }
  return ms;
}

export async function fuzzFigures(): Promise<void> {
  const rand = prng(5);
  const roster = Buffer.from([...generateRows({ students: 3, classesPerStudent: 1, seed: 3 })].join(''));
  const zip = await zipOf([
    ['a.csv', roster],
    ['b/c.csv', roster],
    ['__MACOSX/._a.csv', Buffer.from('x')],
  ]);
  const exts = ['.csv', '.txt', '.tsv'];
  const random = (): [string, Buffer] => [exts[Math.floor(rand() * 3)], randomBytes(rand, 2048)];
  const kinds: [string, [string, Buffer][]][] = [
    ['random bytes (≤ 2 KB)', Array.from({ length: 150 }, random)],
    ['edited roster', Array.from({ length: 200 }, () => ['.csv', mutate(roster, rand)])],
    ['edited zip', Array.from({ length: 200 }, () => ['.zip', mutate(zip, rand)])],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'dessa-bench-'));
  console.log('fuzzing inputs (each read in this process)');
  try {
    for (const [label, inputs] of kinds) {
      const ms = await timings(dir, inputs);
      const ms1 = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
      const figures = `median ${ms1(median(ms))}  slowest ${ms1(Math.max(...ms))}`;
      console.log(`${label.padEnd(24)} ${String(inputs.length).padStart(4)} inputs  ${figures}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
