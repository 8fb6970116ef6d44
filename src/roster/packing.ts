import type { IssueSink } from '../checks/issues.js';
import { FIELDS } from '../spec/fields.js';
import { fromBytes, sameBytes, startOf, endOf, text, type Cells } from './cells.js';

/** Separates the attributes packed into one byte string per entity (a flat string costs far less than an array). */
export const SEP = '\x1f';

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
    const { buf, r, o } = c;
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

export type ConflictCode = 'student-conflict' | 'staff-conflict' | 'class-conflict';

/** One issue per column where the row differs from the first row of its key. */
export function reportConflicts(sink: IssueSink, code: ConflictCode, key: string, stored: string, firstRow: number, c: Cells, idxs: readonly number[], row: number): void {
  const firsts = stored.split(SEP);
  idxs.forEach((col, k) => {
    const value = text(c, col);
    const first = fromBytes(firsts[k]);
    if (first !== value) sink.add(code, row, FIELDS[col].name, value, { key, first, firstRow });
  });
}
