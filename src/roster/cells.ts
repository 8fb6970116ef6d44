/**
 * A checked row: cell i (in spec order) is the UTF-8 bytes `buf[s[i]..e[i])`, trimmed.
 * Strings are made only when a value is reported or stored.
 */
export interface Cells {
  buf: Buffer;
  s: Int32Array;
  e: Int32Array;
}

/** The value as text. */
export function text(c: Cells, i: number): string {
  return c.buf.toString('utf8', c.s[i], c.e[i]);
}

/** The value as a byte string (one char per UTF-8 byte): compact to store, cheap to compare with bytes. */
export function bytes(c: Cells, i: number): string {
  return c.buf.latin1Slice(c.s[i], c.e[i]);
}

/** A byte string back to text. */
export function fromBytes(b: string): string {
  for (let i = 0; i < b.length; i++) if (b.charCodeAt(i) > 127) return Buffer.from(b, 'latin1').toString('utf8');
  return b;
}

export function isEmpty(c: Cells, i: number): boolean {
  return c.s[i] === c.e[i];
}

/** Whether cell i equals the byte string `b` from `pos` up to `pos + length`. */
export function sameBytes(c: Cells, i: number, b: string, pos: number): boolean {
  const buf = c.buf;
  const s = c.s[i];
  const n = c.e[i] - s;
  for (let k = 0; k < n; k++) if (buf[s + k] !== b.charCodeAt(pos + k)) return false;
  return true;
}
