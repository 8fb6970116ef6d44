import { FIELDS } from '../fields/fields.js';
import { sameBytes, startOf, endOf, type Cells } from './cells.js';

/** Separates the attributes packed into one byte string per entity (a flat string costs far less than an array). */
export { SEP } from '../base/keys.js';

const N = FIELDS.length;

/** Index of the first cell that differs from the packed record `stored`, or -1. Allocates nothing. */
export function firstDiff(stored: string, c: Cells, idxs: readonly number[]): number {
  let pos = 0;
  for (let k = 0; k < idxs.length; k++) {
    const i = idxs[k];
    const len = endOf(c, i) - startOf(c, i);
    if (pos + len > stored.length || !sameBytes(c, i, stored, pos)) return k;
    pos += len;
    const next = pos < stored.length ? stored.charCodeAt(pos) : -1;
    if (k < idxs.length - 1 ? next !== 31 : next !== -1) return k;
    pos++;
  }
  return -1;
}

/** Packs cells into byte strings, through one reused scratch buffer. */
export class Packer {
  private scratch = Buffer.alloc(4096);

  scratchFor(size: number): Buffer {
    if (this.scratch.length < size) this.scratch = Buffer.alloc(size * 2);
    return this.scratch;
  }

  /** The cells' bytes joined by SEP, as one flat byte string (made once per new entity). */
  pack(c: Cells, idxs: readonly number[]): string {
    const { buf, ranges: r, at: o } = c;
    let size = idxs.length;
    for (let k = 0; k < idxs.length; k++) size += r[o + N + idxs[k]] - r[o + idxs[k]];
    const out = this.scratchFor(size);
    let n = 0;
    for (let k = 0; k < idxs.length; k++) {
      if (k > 0) out[n++] = 31;
      const e = r[o + N + idxs[k]];
      for (let i = r[o + idxs[k]]; i < e; i++) out[n++] = buf[i];
    }
    return out.latin1Slice(0, n);
  }
}
