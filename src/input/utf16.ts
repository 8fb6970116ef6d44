/**
 * UTF-16 decoded by hand, read by read. TextDecoder in fatal mode refuses a lone surrogate but
 * says nowhere where it was: the message could only name the read it came in ("the bytes from
 * 0" for a file under 1 MiB). Here the text is checked code unit by code unit, so the refusal
 * names the exact byte, and everything before it has been handed on (the reader knows its row).
 */

/** Bytes that are not UTF-16: a surrogate with no partner, or an odd byte at the end. */
export class NotUtf16 extends Error {
  constructor(
    readonly offset: number,
    readonly why: 'lone-surrogate' | 'odd-byte',
  ) {
    super('not UTF-16');
  }
}

const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/** Offset of the first lone surrogate in `b[0..end)` (even; its last unit is no high surrogate), or -1. */
function loneSurrogate(b: Buffer, end: number, le: boolean): number {
  const unit = (i: number) => (le ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1]);
  for (let i = 0; i < end; i += 2) {
    const u = unit(i);
    if (isLow(u)) return i;
    if (!isHigh(u)) continue;
    if (i + 2 >= end || !isLow(unit(i + 2))) return i;
    i += 2;
  }
  return -1;
}

function toText(b: Buffer, le: boolean): string {
  if (le) return b.toString('utf16le');
  const swapped = Buffer.from(b);
  swapped.swap16();
  return swapped.toString('utf16le');
}

/**
 * The text of a UTF-16 byte stream, as UTF-8 chunks; throws NotUtf16 at the first unit that is
 * not text, after yielding the text before it. A leading byte order mark is dropped.
 */
export async function* utf16Chunks(
  bytes: AsyncIterable<Buffer>,
  encoding: 'utf-16le' | 'utf-16be',
): AsyncGenerator<Buffer> {
  const le = encoding === 'utf-16le';
  let carry: Buffer | null = null;
  /** Where `carry` (or the next read) starts in the text. */
  let at = 0;
  for await (const read of bytes) {
    const data: Buffer = carry === null ? read : Buffer.concat([carry, read]);
    let end = data.length - (data.length % 2);
    // A high surrogate last may pair with the first unit of the next read.
    if (end >= 2 && isHigh(le ? data[end - 2] | (data[end - 1] << 8) : (data[end - 2] << 8) | data[end - 1])) end -= 2;
    const bad = loneSurrogate(data, end, le);
    let text = toText(data.subarray(0, bad < 0 ? end : bad), le);
    if (at === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0) yield Buffer.from(text, 'utf8');
    if (bad >= 0) throw new NotUtf16(at + bad, 'lone-surrogate');
    carry = end < data.length ? Buffer.from(data.subarray(end)) : null;
    at += end;
  }
  if (carry === null) return;
  // Left over: a high surrogate the text ended after (maybe with an odd byte), or an odd byte.
  throw carry.length >= 2 ? new NotUtf16(at, 'lone-surrogate') : new NotUtf16(at, 'odd-byte');
}
