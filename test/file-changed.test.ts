import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadForDatabase } from '../src/command-kit/load.js';
import type { Output } from '../src/command-kit/output.js';
import { csv, row, writeTmp } from './helpers.js';

const quiet: Output = { stdout: { write: () => true }, stderr: { write: () => true } } as unknown as Output;
const rows = [row(), row({ 'Student ID': '7' })];

describe('a file read for diff or apply', () => {
  it('records the sha256 of the bytes it validated', async () => {
    const file = writeTmp('stable.csv', csv(...rows));
    const loaded = await loadForDatabase(file, { org: 'x' }, quiet);
    expect(loaded).toMatchObject({
      file: { name: file, rows: 2, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') },
    });
  });

  it('that grows while it is read (an upload still going on) is refused, nothing planned', async () => {
    const file = writeTmp('growing.csv', csv(...rows));
    // The progress step runs as validation starts: the file grows under the reader.
    const growing = { step: () => appendFileSync(file, `${row({ 'Student ID': '8' })}\r\n`), end: () => {} };
    await expect(loadForDatabase(file, { org: 'x' }, quiet, growing)).rejects.toMatchObject({
      code: 'file-changed',
      exitCode: 2,
      message: expect.stringContaining('changed while it was being read'),
    });
  });
});
