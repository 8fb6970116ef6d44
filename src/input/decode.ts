import { isAscii, isUtf8 } from 'node:buffer';
import { DessaError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

/** Bytes that are not text in the encoding a text declared (a lone UTF-16 surrogate, an odd last byte). */
export class NotDecodable extends Error {
  constructor(readonly offset: number) {
    super('not decodable');
  }
}

/** Signals that bytes were not UTF-8 after other UTF-8 text: a file is read again as Windows-1252. */
export class NotUtf8 extends Error {
  /** Byte offset in the text of the first byte found not to be UTF-8. */
  constructor(readonly offset: number) {
    super('not UTF-8');
  }
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (rename it to .zip)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel (.xls) workbook (save it as CSV)'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

/** Chooses the encoding from the first bytes, or refuses content that is not text. */
export function sniffEncoding(head: Buffer, name: string): { encoding: Encoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) throw new DessaError('not-text', `${name}: not a text roster: it looks like ${what}`, { name });
  }
  const nul = head.subarray(0, 8192).indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a BOM puts a NUL beside every ASCII character.
    const evenNul = head[1] === 0 && head[3] === 0 && head[0] !== 0;
    const oddNul = head[0] === 0 && head[2] === 0 && head[1] !== 0;
    if (evenNul) return { encoding: 'utf-16le', bom: false };
    if (oddNul) return { encoding: 'utf-16be', bom: false };
    throw new DessaError('not-text', `${name}: not a text roster: it holds binary data (a NUL byte at offset ${nul})`, { name, offset: nul });
  }
  return { encoding: 'utf-8', bom: false };
}

/**
 * How a text is being decoded: `switched` once a plain-ASCII start gave way to bytes that are
 * not UTF-8. An encoding `declared` by the user (--encoding) or by a byte-order mark is never
 * second-guessed.
 */
export interface Decoding {
  encoding: Encoding;
  switched: boolean;
  declared: 'flag' | 'bom' | null;
}

/** Where the first byte sequence that is not UTF-8 starts (its lead and continuation bytes; 0 if they look right). */
function firstBadByte(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (i + k >= buf.length || (buf[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

/** The length of `buf` without a UTF-8 character cut off at its end. */
function completeLength(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back];
    if (b < 0x80) return n;
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > back ? n - back : n;
  }
  return n;
}

/**
 * Turns a byte stream into UTF-8 chunks for the parser. UTF-8 passes through as it is, its
 * BOM dropped, checked chunk by chunk (a character cut between chunks is checked whole).
 * Bytes that are not UTF-8 after a start of plain ASCII switch the rest to Windows-1252:
 * ASCII reads the same in both, so no row read so far changes, and nothing is read twice
 * (standard input cannot be). After other UTF-8 it throws NotUtf8: the text mixes encodings.
 * Other encodings are decoded and re-encoded.
 */
export async function* utf8Chunks(bytes: AsyncIterable<Buffer>, decoding: Decoding): AsyncGenerator<Buffer> {
  // Fatal: a replacement character in place of bad bytes would be a value nobody typed.
  let decoder: TextDecoder | null = decoding.encoding === 'utf-8' ? null : new TextDecoder(decoding.encoding, { fatal: true });
  let first = true;
  let ascii = true;
  let held: Buffer | null = null;
  let offset = 0;
  for await (const raw of bytes) {
    let buf = raw;
    offset += raw.length;
    if (first && decoder === null && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    first = false;
    if (decoder === null) {
      const data: Buffer = held === null ? buf : Buffer.concat([held, buf]);
      const cut = completeLength(data);
      if (isUtf8(data.subarray(0, cut))) {
        held = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
        if (ascii) ascii = isAscii(buf);
        if (buf.length > 0) yield buf;
        continue;
      }
      if (!ascii || decoding.declared) throw new NotUtf8(offset - data.length + firstBadByte(data));
      decoder = new TextDecoder('windows-1252');
      decoding.encoding = 'windows-1252';
      decoding.switched = true;
    }
    const text = decodeOrThrow(decoder, buf, offset - buf.length, true);
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  if (held !== null) throw new NotUtf8(offset - held.length);
  const tail = decoder ? decodeOrThrow(decoder, undefined, offset, false) : '';
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}

function decodeOrThrow(decoder: TextDecoder, buf: Buffer | undefined, offset: number, stream: boolean): string {
  try {
    return decoder.decode(buf, { stream });
  } catch {
    throw new NotDecodable(offset);
  }
}
