import type { IssueSink } from '../checks/issues.js';
import { FIELDS } from '../spec/fields.js';
import { fromBytes, text, unusable, type Cells } from './cells.js';
import { firstDiff, Packer, SEP } from './packing.js';
import type { RowRefs } from './row-refs.js';

export type ConflictCode = 'student-conflict' | 'staff-conflict' | 'class-conflict';

/**
 * The attributes of one kind of entity (a student's details, a staff member's names, a
 * class's name) compared across its rows. An entity's reference is its first row's packed
 * values (SEP-joined byte strings) plus an `unknown` mask: the fields whose first value was
 * unusable (broke its rule, or the column is absent in that text). Only usable values are
 * compared: a bad cell neither raises a conflict nor is blamed by one. A field unknown so far
 * takes the first usable value a later row brings, and that row is then its reference row.
 */
export class Attrs {
  /** After `compare`: the reference, with any value this row supplied. */
  packed = '';
  unknown = 0;
  /** After `compare`: the fields (spec bits) that conflicted on this row. */
  conflicted = 0;
  /** The spec-field bits of `idxs`. */
  readonly fields: number;
  /** Reference rows of values a later row supplied, by entity * 32 + k (rare: only after a bad or absent cell). */
  private readonly supplied = new Map<number, number>();
  private readonly packer = new Packer();

  constructor(
    private readonly sink: IssueSink,
    private readonly refs: RowRefs,
    private readonly code: ConflictCode,
    private readonly idxs: readonly number[],
    private readonly keyOf: (c: Cells) => string,
  ) {
    this.fields = idxs.reduce((m, i) => m | (1 << i), 0);
    if (idxs.length > 32) throw new Error('at most 32 attributes');
  }

  /** The unknown mask of a new entity whose first row is `c`. */
  unknownOf(c: Cells): number {
    return unusable(c) & this.fields;
  }

  /**
   * Compares row `c` (at `row`) with entity `entity`'s reference and reports one conflict per
   * usable cell that differs from a usable reference value. Returns whether `packed` or
   * `unknown` changed (the caller stores them back). Allocates nothing when the row agrees.
   */
  compare(entity: number, packed: string, unknown: number, firstRow: number, c: Cells, row: number): boolean {
    this.packed = packed;
    this.unknown = unknown;
    this.conflicted = 0;
    const bad = unusable(c) & this.fields;
    if (bad === unknown && firstDiff(packed, c, this.idxs) < 0) return false;
    const values = packed.split(SEP);
    let changed = false;
    for (let k = 0; k < this.idxs.length; k++) {
      const col = this.idxs[k];
      const bit = 1 << col;
      if ((bad & bit) !== 0) continue;
      const cell = this.packer.pack(c, [col]);
      if ((unknown & bit) !== 0) {
        values[k] = cell;
        this.unknown &= ~bit;
        this.supplied.set(entity * 32 + k, this.refs.ref(row));
        changed = true;
      } else if (values[k] !== cell) {
        this.conflicted |= bit;
        const where = this.refs.where(this.supplied.get(entity * 32 + k) ?? firstRow);
        this.sink.add(this.code, row, FIELDS[col].name, text(c, col), { key: this.keyOf(c), first: fromBytes(values[k]), ...where });
      }
    }
    if (changed) this.packed = values.join(SEP);
    return changed;
  }
}
