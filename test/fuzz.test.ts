import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DessaError } from '../src/base/errors.js';
import { readRoster } from '../src/read/read.js';
import { csv, row, tmp } from './helpers.js';
import { makeZip } from './zips.js';

const dir = tmp();
const roster = Buffer.from(
  csv(row(), row({ 'Student ID': '2', 'Last Name': '"Quoted, name"' }), row({ 'Student ID': '3', Gender: 'q' })),
);
let zip: Buffer;

beforeAll(async () => {
  zip = await makeZip([
    ['a.csv', roster],
    ['b/c.csv', roster],
    ['__MACOSX/._a.csv', 'x'],
  ]);
});

/** Byte edits: overwrite, insert, delete, truncate. */
const edits = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  ),
  { maxLength: 6 },
);

interface Edit {
  kind: string;
  at: number;
  byte?: number;
  bytes?: Uint8Array;
  n?: number;
}

function mutate(base: Buffer, list: Edit[]): Buffer {
  let b = Buffer.from(base);
  for (const e of list) {
    const at = b.length === 0 ? 0 : e.at % b.length;
    if (e.kind === 'set' && b.length) b[at] = e.byte!;
    if (e.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(e.bytes!), b.subarray(at)]);
    if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.n!)]);
    if (e.kind === 'cut') b = b.subarray(0, at);
  }
  return b;
}

let n = 0;

/**
 * Every input ends in a report or one DessaError; anything else fails the property.
 * How long the slowest input takes is measured by `npm run bench`, not asserted here.
 */
async function outcome(bytes: Buffer, ext: string): Promise<string> {
  const path = join(dir, `f${n++}${ext}`);
  writeFileSync(path, bytes);
  try {
    const { report } = await readRoster(path, { today: 20261129 });
    expect(typeof report.valid).toBe('boolean');
    expect(report.summary.errors).toBe(report.issues.filter((i) => i.severity === 'error').length);
    return 'report';
  } catch (err) {
    if (!(err instanceof DessaError)) throw err;
    expect(err.message.length).toBeGreaterThan(0);
    expect(err.message).not.toContain('\n');
    return err.code;
  }
}

describe('fuzzing the reader', () => {
  it('random bytes as .csv and .txt', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('.csv', '.txt', '.tsv'),
        async (bytes, ext) => {
          await outcome(Buffer.from(bytes), ext);
        },
      ),
      { numRuns: 150, seed: 1 },
    );
  });

  it('mutated rosters', async () => {
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        await outcome(mutate(roster, list), '.csv');
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('mutated zips', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        seen.add(await outcome(mutate(zip, list), '.zip'));
      }),
      { numRuns: 200, seed: 3 },
    );
    expect(seen.has('zip-invalid')).toBe(true);
  });
});
