import { DessaError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

/** Signals that bytes were not UTF-8, so the reader can start again as Windows-1252. */
export class NotUtf8 extends Error {}

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
 * Turns a byte stream into UTF-8 chunks for the parser. UTF-8 passes through as it is
 * (its BOM dropped; the parser checks its validity by record); other encodings are
 * decoded and re-encoded.
 */
export async function* utf8Chunks(bytes: AsyncIterable<Buffer>, encoding: Encoding): AsyncGenerator<Buffer> {
  if (encoding === 'utf-8') {
    let first = true;
    for await (const buf of bytes) {
      const body = first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
      first = false;
      if (body.length > 0) yield body;
    }
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const buf of bytes) {
    const text = decoder.decode(buf, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}
