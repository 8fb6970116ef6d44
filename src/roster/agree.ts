import type { IssueSink } from '../findings/issues.js';
import { FIELDS } from '../fields/fields.js';
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
  /**
   * Where values a later row supplied come from (only after a bad or absent cell). Usually one
   * row supplies all of an entity's missing values (the first row of a zip entry that has the
   * column), so one number per entity says which row and which fields: ref * scale + bits over
   * k (refs stay below 2^31 and scale is at most 2^22: exact in a double).
   */
  private readonly suppliedBy = new Map<number, number>();
  /** A value supplied by yet another row: entity * 32 + k → ref. */
  private readonly suppliedElse = new Map<number, number>();
  private readonly scale: number;
  private readonly packer = new Packer();

  constructor(
    private readonly sink: IssueSink,
    private readonly refs: RowRefs,
    private readonly code: ConflictCode,
    private readonly idxs: readonly number[],
    private readonly keyOf: (c: Cells) => string,
  ) {
    this.fields = idxs.reduce((m, i) => m | (1 << i), 0);
    if (idxs.length > 22) throw new Error('at most 22 attributes');
    this.scale = 2 ** idxs.length;
  }

  private supply(entity: number, k: number, ref: number): void {
    const by = this.suppliedBy.get(entity);
    if (by === undefined) this.suppliedBy.set(entity, ref * this.scale + (1 << k));
    else if (Math.floor(by / this.scale) === ref) this.suppliedBy.set(entity, by + (1 << k));
    else this.suppliedElse.set(entity * 32 + k, ref);
  }

  /** The ref of the row whose value field k of the entity is compared with. */
  private referenceRow(entity: number, k: number, firstRow: number): number {
    const by = this.suppliedBy.get(entity);
    if (by === undefined) return firstRow;
    const other = this.suppliedElse.get(entity * 32 + k);
    if (other !== undefined) return other;
    return ((by % this.scale) & (1 << k)) !== 0 ? Math.floor(by / this.scale) : firstRow;
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
        this.supply(entity, k, this.refs.ref(row));
        changed = true;
      } else if (values[k] !== cell) {
        this.conflicted |= bit;
        const where = this.refs.where(this.referenceRow(entity, k, firstRow));
        const params = { key: this.keyOf(c), first: fromBytes(values[k]), ...where };
        this.sink.add(this.code, row, FIELDS[col].name, text(c, col), params);
      }
    }
    if (changed) this.packed = values.join(SEP);
    return changed;
  }
}
