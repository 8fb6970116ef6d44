import { describe, expect, it } from 'vitest';
import { utf8Chunks, type Decoding } from '../src/input/decode.js';
import { cli, csv, row, writeTmp } from './helpers.js';

/**
 * UTF-16 that is not valid is refused (never read with a replacement character); the message
 * names the byte (counted from 0, the byte order mark included) and the row it falls in.
 */
const rows = (n: number) => Array.from({ length: n }, (_, i) => row({ 'Student ID': String(1000 + i) }));

function utf16(text: string, order: 'le' | 'be' = 'le'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (order === 'be') for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

/** `bytes` with the code unit `unit` put in before the character at `charAt` of the text (after the BOM). */
function withUnit(
  bytes: Buffer,
  charAt: number,
  unit: number,
  order: 'le' | 'be' = 'le',
): { bytes: Buffer; at: number } {
  const at = 2 + 2 * charAt;
  const u = order === 'le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
  return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(u), bytes.subarray(at)]), at };
}

function refusal(bytes: Buffer, name = 'bad16.txt') {
  const r = cli(['validate', writeTmp(name, bytes)]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr;
}

describe('UTF-16 that is not valid: the message names the byte and the row', () => {
  const text = csv(...rows(5)).replace(/,/g, '\t');
  const rowStart = (n: number) =>
    text
      .split('\r\n')
      .slice(0, n - 1)
      .join('\r\n').length + 2;

  it.each([
    ['a lone high surrogate', 0xd800, 'le'],
    ['a lone low surrogate', 0xdc00, 'le'],
    ['a lone high surrogate, big-endian', 0xdbff, 'be'],
  ] as const)('%s in row 4', (_what, unit, order) => {
    const { bytes, at } = withUnit(utf16(text, order), rowStart(4) + 3, unit, order);
    const message = refusal(bytes);
    expect(message).toContain(`is not valid utf-16${order} at byte ${at.toLocaleString('en-US')} (row 4)`);
    expect(message).toContain('lone surrogate');
    expect(message).not.toContain('bytes from');
  });

  it('at the very start, right after the byte order mark: byte 2, row 1', () => {
    expect(refusal(withUnit(utf16(text), 0, 0xdc00).bytes)).toContain('at byte 2 (row 1)');
  });

  it('a high surrogate as the last unit of the text', () => {
    const bytes = Buffer.concat([utf16(text), Buffer.from([0x00, 0xd8])]);
    expect(refusal(bytes)).toContain(`at byte ${(bytes.length - 2).toLocaleString('en-US')} (row 7)`);
  });

  it('an odd last byte names that byte', () => {
    const bytes = Buffer.concat([utf16(text.trimEnd()), Buffer.from([0x41])]);
    const message = refusal(bytes);
    expect(message).toContain(`at byte ${(bytes.length - 1).toLocaleString('en-US')} (row 6)`);
    expect(message).toContain('odd last byte');
  });

  it('far into a large file (read in several chunks): the exact byte and row', () => {
    const big = csv(...rows(20_000)).replace(/,/g, '\t');
    const start =
      big
        .split('\r\n')
        .slice(0, 15_000 - 1)
        .join('\r\n').length + 2;
    const { bytes, at } = withUnit(utf16(big), start + 10, 0xd9aa);
    expect(at).toBeGreaterThan(2 * 1024 * 1024);
    expect(refusal(bytes, 'big16.txt')).toContain(`at byte ${at.toLocaleString('en-US')} (row 15,000)`);
  });

  it('a file with CR line ends, the bad unit first on its line: the row is the new line', () => {
    const cr = text.replace(/\r\n/g, '\r');
    const start = cr.split('\r').slice(0, 2).join('\r').length + 1;
    const { bytes } = withUnit(utf16(cr), start, 0xdc00);
    expect(refusal(bytes)).toContain('(row 3)');
  });

  it('standard input too', () => {
    const { bytes, at } = withUnit(utf16(text), rowStart(2), 0xdc00);
    const r = cli(['validate', '-'], { input: bytes });
    expect(r.stderr).toContain(`standard input is not valid utf-16le at byte ${at} (row 2)`);
  });
});

describe('a surrogate written as UTF-8 bytes (CESU-8: ED A0 80)', () => {
  it('in UTF-8 text is an invalid-utf8 error on its own row and column', () => {
    const cesu = Buffer.from([0xed, 0xa0, 0x80]);
    const [head, tail] = csv(row({ 'Last Name': 'Peña' }), row({ 'Student ID': '2', 'Last Name': 'Lee' })).split('Lee');
    const r = cli([
      'validate',
      writeTmp('cesu.csv', Buffer.concat([Buffer.from(head), cesu, Buffer.from(`Lee${tail}`)])),
      '--format',
      'json',
    ]);
    const issues = JSON.parse(r.stdout).issues.map((i: { code: string; row: number; column: string }) => [
      i.code,
      i.row,
      i.column,
    ]);
    expect(issues).toEqual([['invalid-utf8', 3, 'Last Name']]);
  });
});

describe('UTF-16 read in chunks', () => {
  it('a character cut anywhere between two reads (a surrogate pair, an odd split) decodes whole', async () => {
    const bytes = utf16('Peña 😀 Zoë\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoding: Decoding = { encoding: 'utf-16le', switched: false, declared: 'bom', strayBytes: false };
      const out: Buffer[] = [];
      const chunks = (async function* () {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      })();
      for await (const c of utf8Chunks(chunks, decoding)) out.push(c);
      expect(Buffer.concat(out).toString('utf8'), `cut at ${cut}`).toBe('Peña 😀 Zoë\n');
    }
  });
});
