import { describe, expect, it } from 'vitest';
import { byteProgressFor } from '../src/render/progress.js';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) }, writes };
}

const MIB = 1024 * 1024;

describe('upload progress bar', () => {
  it('draws the share sent on a TTY, once per percent, and clears it at the end', () => {
    const { stream, writes } = recorder(true);
    let t = 0;
    const bar = byteProgressFor(stream, 10 * MIB, 'uploading r.csv', { minBytes: MIB }, () => (t += 1000));
    bar.update(0);
    bar.update(2.5 * MIB);
    bar.update(2.5 * MIB + 10);
    bar.update(10 * MIB);
    bar.end();
    expect(writes).toEqual([
      '\r\x1b[2K[....................] 0% uploading r.csv (0.0 of 10.0 MiB, 1.0 s)',
      '\r\x1b[2K[#####...............] 25% uploading r.csv (2.5 of 10.0 MiB, 2.0 s)',
      '\r\x1b[2K[####################] 100% uploading r.csv (10.0 of 10.0 MiB, 3.0 s)',
      '\r\x1b[2K',
    ]);
  });

  it.each([
    ['not a TTY', false, {}],
    ['--quiet', true, { quiet: true }],
    ['--format json', true, { json: true }],
    ['a small file', true, { minBytes: 20 * MIB }],
  ])('is silent when %s', (_name, isTTY, opts) => {
    const { stream, writes } = recorder(isTTY as boolean);
    const bar = byteProgressFor(stream, 10 * MIB, 'x', opts);
    bar.update(MIB);
    bar.end();
    expect(writes).toEqual([]);
  });

  it('escapes a hostile name', () => {
    const { stream, writes } = recorder(true);
    byteProgressFor(stream, 1, 'a\x1b[31mb').update(1);
    expect(writes[0]).toContain('a\\u001b[31mb');
  });
});
