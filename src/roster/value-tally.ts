import { FIELDS } from '../fields/fields.js';
import type { ColumnValues } from '../findings/report.js';
import { endOf, startOf, type Cells } from './cells.js';

/** The columns with a short list of allowed values (enumerations, flags, grades): the ones a value summary helps. */
export const TALLIED: readonly number[] = FIELDS.flatMap((f, i) => (f.values ? [i] : []));

/**
 * Distinct values kept per column. A column with more is reported as its first ones and a count of
 * rows holding others: memory and the report stay bounded whatever the file holds (with VALUE_BYTES).
 */
export const DISTINCT_PER_COLUMN = 24;

/** Longest value kept, in bytes: a longer one is counted with the others (a cell may hold a megabyte). */
export const VALUE_BYTES = 64;

/**
 * Counts, per tallied column, the rows holding each value (as read, trimmed; blank included).
 * Values are compared as bytes: no string is made per row. A row of the same student as the row
 * before repeats that row's values, so it repeats its slots.
 */
export class ValueTally {
  private readonly seen: Buffer[][] = TALLIED.map(() => []);
  private readonly counts: number[][] = TALLIED.map(() => []);
  private readonly others: number[] = TALLIED.map(() => 0);
  /** Slot of each column's value on the last row; -1: counted in `others`. */
  private readonly last = new Int32Array(TALLIED.length).fill(-2);

  add(c: Cells, sameStudent: boolean): void {
    const repeat = sameStudent && this.last[0] !== -2;
    for (let k = 0; k < TALLIED.length; k++) {
      const slot = repeat ? this.last[k] : this.slotOf(k, c, TALLIED[k]);
      if (slot < 0) this.others[k]++;
      else this.counts[k][slot]++;
      this.last[k] = slot;
    }
  }

  /** Slot of a blank or one-byte value (nearly every value of these columns), per column: 257 entries, -2 unknown. */
  private readonly short = new Int32Array(TALLIED.length * 257).fill(-2);

  private slotOf(k: number, c: Cells, field: number): number {
    const s = startOf(c, field);
    const n = endOf(c, field) - s;
    if (n <= 1) {
      const at = k * 257 + (n === 0 ? 256 : c.buf[s]);
      if (this.short[at] === -2) this.short[at] = this.scan(k, c, s, n);
      return this.short[at];
    }
    return this.scan(k, c, s, n);
  }

  private scan(k: number, c: Cells, s: number, n: number): number {
    const seen = this.seen[k];
    for (let j = 0; j < seen.length; j++) {
      const v = seen[j];
      if (v.length !== n) continue;
      let same = true;
      for (let b = 0; b < n && same; b++) same = v[b] === c.buf[s + b];
      if (same) return j;
    }
    if (seen.length >= DISTINCT_PER_COLUMN || n > VALUE_BYTES) return -1;
    seen.push(Buffer.from(c.buf.subarray(s, s + n)));
    this.counts[k].push(0);
    return seen.length - 1;
  }

  /** Per column, its values by count (most first), and the rows holding a value beyond the kept ones. */
  result(): ColumnValues[] {
    return TALLIED.map((field, k) => ({
      column: FIELDS[field].name,
      values: this.seen[k]
        .map((v, j) => ({ value: v.toString('utf8'), count: this.counts[k][j] }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      others: this.others[k],
    })).filter((col) => col.values.length > 0);
  }
}
