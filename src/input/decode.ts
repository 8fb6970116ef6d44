import { isAscii, isUtf8 } from 'node:buffer';
import { DessaError } from '../base/errors.js';
import { decodeWindows1252 } from './cp1252.js';
import { utf16Chunks } from './utf16.js';
import { completeLength, scanUtf8, type Utf8Scan } from './utf8.js';
import { workbookByContent, workbookMessage } from './workbook.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

/**
 * No UTF-8 multi-byte sequence came within the hold limit: the rest of the text was scanned
 * to decide, and it is to be read again from the start as `encoding`.
 */
export class Redecode extends Error {
  constructor(readonly encoding: 'utf-8' | 'windows-1252') {
    super('read again');
  }
}

/** A text that cannot be opened again (standard input) and was not decided within the hold limit. */
export class Undecided extends Error {
  /** `offset`: the first byte that is not UTF-8, counted in the text. */
  constructor(
    readonly offset: number,
    readonly limit: number,
  ) {
    super('encoding not decided');
  }
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (rename it to .zip)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

/** Chooses the encoding from the first bytes, or refuses content that is not text. */
export function sniffEncoding(head: Buffer, name: string): { encoding: Encoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const book = workbookByContent(head);
  if (book) throw new DessaError('not-text', workbookMessage(name, book), { name, workbook: book });
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => head[i] === b))
      throw new DessaError('not-text', `${name}: not a text roster: it looks like ${what}`, { name });
  }
  const nul = head.subarray(0, 8192).indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a BOM puts a NUL beside every ASCII character.
    const evenNul = head[1] === 0 && head[3] === 0 && head[0] !== 0;
    const oddNul = head[0] === 0 && head[2] === 0 && head[1] !== 0;
    if (evenNul) return { encoding: 'utf-16le', bom: false };
    if (oddNul) return { encoding: 'utf-16be', bom: false };
    throw new DessaError('not-text', `${name}: not a text roster: it holds binary data (a NUL byte at offset ${nul})`, {
      name,
      offset: nul,
    });
  }
  return { encoding: 'utf-8', bom: false };
}

/**
 * How a text is being decoded. `declared`: who fixed the encoding before reading: --encoding,
 * a byte-order mark, or an earlier read of the whole text ('scan'); never second-guessed.
 */
export interface Decoding {
  encoding: Encoding;
  /** Windows-1252 chosen because the text holds no UTF-8 multi-byte sequence (the `encoding-fallback` warning). */
  switched: boolean;
  declared: 'flag' | 'bom' | 'scan' | null;
  /** UTF-8 text holding bytes that are not UTF-8: set before the first chunk holding one is handed over. */
  strayBytes: boolean;
}

export interface DecodeOptions {
  /** The text can be opened again: past the hold limit, decide by reading on, then throw Redecode. */
  reopenable?: boolean;
  /** Bytes held while undecided (tests set a small one). */
  holdLimit?: number;
}

/** What may be held in memory, from a text's first stray byte, until its encoding is decided. */
export const HOLD_LIMIT = 64 * 1024 * 1024;

function scanChunk(data: Buffer): Utf8Scan {
  if (isAscii(data)) return { multiByte: false, stray: false };
  if (isUtf8(data)) return { multiByte: true, stray: false };
  return scanUtf8(data);
}

/**
 * Turns a byte stream into UTF-8 chunks for the parser. Other encodings are decoded and
 * re-encoded. Undeclared UTF-8 follows one rule for the whole text: a text holding any
 * well-formed multi-byte sequence is UTF-8, and each byte that is not is left in place and
 * flagged (`strayBytes`) for the row checks to report on its cell; a text holding none, but
 * bytes that are not UTF-8, is Windows-1252 throughout.
 *
 * Chunks pass through as read until a byte that is not UTF-8 comes before any multi-byte
 * sequence. Everything before it was ASCII, which reads the same in both encodings; from
 * there the chunks are held until a multi-byte sequence (UTF-8) or the end (Windows-1252)
 * decides. So no byte reaches the parser before its encoding is known, and nothing is read
 * twice. Past `holdLimit` a text that can be opened again is scanned to its end and Redecode
 * thrown; standard input throws Undecided.
 */
export async function* utf8Chunks(
  bytes: AsyncIterable<Buffer>,
  decoding: Decoding,
  opts: DecodeOptions = {},
): AsyncGenerator<Buffer> {
  if (decoding.encoding !== 'utf-8') {
    yield* decodeOther(bytes, decoding.encoding);
    return;
  }
  const limit = opts.holdLimit ?? HOLD_LIMIT;
  const it = bytes[Symbol.asyncIterator]();
  let utf8 = decoding.declared !== null;
  let held: Buffer[] | null = null;
  let heldBytes = 0;
  let firstStray = 0;
  let carry: Buffer | null = null;
  /** Where the next complete run of bytes starts in the text. */
  let at = 0;
  /** The next complete run of bytes: a read, after what the read before cut off, without what it cuts off. */
  const complete = (raw: Buffer): Buffer => {
    if (at === 0 && carry === null && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
      raw = raw.subarray(3);
      at = 3;
    }
    const data = carry === null ? raw : Buffer.concat([carry, raw]);
    const cut = completeLength(data);
    carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    return data.subarray(0, cut);
  };
  try {
    for (let done = false; !done;) {
      const next = await it.next();
      let data: Buffer;
      if (next.done) {
        done = true;
        // A sequence cut off by the end of the text is not UTF-8.
        data = carry ?? Buffer.alloc(0);
        carry = null;
      } else data = complete(next.value);
      if (data.length === 0) continue;
      const scan = scanChunk(data);
      if (scan.multiByte) utf8 = true;
      if (held === null && scan.stray && !utf8) {
        held = [];
        // No multi-byte sequence in `data`: its first byte above ASCII is its first stray one.
        firstStray = at + data.findIndex((b) => b >= 0x80);
      }
      at += data.length;
      if (held === null) {
        if (scan.stray) decoding.strayBytes = true;
        yield data;
        continue;
      }
      held.push(data);
      heldBytes += data.length;
      if (utf8) {
        decoding.strayBytes = true;
        for (const h of held) yield h;
        held = null;
      } else if (heldBytes > limit) {
        if (!opts.reopenable) throw new Undecided(firstStray, limit);
        throw new Redecode((await holdsMultiByte(it, carry)) ? 'utf-8' : 'windows-1252');
      }
    }
    if (held !== null) {
      decoding.encoding = 'windows-1252';
      decoding.switched = true;
      for (const h of held) yield Buffer.from(decodeWindows1252(h), 'utf8');
    }
  } finally {
    await it.return?.();
  }
}

/** Reads the rest of a text only to learn whether it holds a well-formed multi-byte sequence. */
async function holdsMultiByte(it: AsyncIterator<Buffer>, carry: Buffer | null): Promise<boolean> {
  for (let next = await it.next(); !next.done; next = await it.next()) {
    const data = carry === null ? next.value : Buffer.concat([carry, next.value]);
    const cut = completeLength(data);
    if (scanChunk(data.subarray(0, cut)).multiByte) return true;
    carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
  }
  return false;
}

async function* decodeOther(bytes: AsyncIterable<Buffer>, encoding: Encoding): AsyncGenerator<Buffer> {
  if (encoding === 'windows-1252') {
    for await (const buf of bytes) if (buf.length > 0) yield Buffer.from(decodeWindows1252(buf), 'utf8');
    return;
  }
  // Never a replacement character in place of bad bytes: it would be a value nobody typed.
  yield* utf16Chunks(bytes, encoding as 'utf-16le' | 'utf-16be');
}
