/**
 * Where a row is, as one small integer: the cross-row state keeps one per entity (and per
 * enrollment in an Int32Array), and a conflict must be able to name a row of another zip
 * entry ("row 7 of school-b.csv"). Each text's rows get a base above the last row of the
 * text before; rows only grow within a text, so a ref maps back to one text and row.
 */
export class RowRefs {
  private readonly names: (string | null)[] = [null];
  private readonly bases: number[] = [0];
  private base = 0;
  private last = 0;

  /** The rows from here on come from this text (a zip entry's name; null for a plain file). */
  begin(name: string | null): void {
    if (this.names.length === 1 && this.last === 0) {
      this.names[0] = name;
      return;
    }
    this.base += this.last + 1;
    this.last = 0;
    this.names.push(name);
    this.bases.push(this.base);
  }

  /** The ref of a row of the current text. */
  ref(row: number): number {
    this.last = row;
    return this.base + row;
  }

  /**
   * A ref as the params of a message: `firstRow`, and `firstFile` when that row is in
   * another text than the current one (a row of the same file needs no file name).
   */
  where(ref: number): { firstRow: number; firstFile?: string } {
    let lo = 0;
    let hi = this.bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.bases[mid] <= ref) lo = mid;
      else hi = mid - 1;
    }
    const firstRow = ref - this.bases[lo];
    const name = this.names[lo];
    return lo === this.names.length - 1 || name === null ? { firstRow } : { firstRow, firstFile: name };
  }
}
