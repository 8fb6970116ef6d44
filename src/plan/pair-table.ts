/**
 * A hash table from a pair of database ids to a number, in typed arrays: a million links
 * cost 16 MB and no garbage, where a Map keyed by a*2^26+b boxes every key it sees.
 */
export class PairTable {
  private a: Int32Array;
  private b: Int32Array;
  private v: Float64Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.v = new Float64Array(cap);
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
    h ^= h >>> 15;
    let s = h & this.mask;
    while (this.a[s] !== -1 && (this.a[s] !== a || this.b[s] !== b)) s = (s + 1) & this.mask;
    return s;
  }

  set(a: number, b: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask) this.grow();
    const s = this.slot(a, b);
    if (this.a[s] === -1) this.size++;
    this.a[s] = a;
    this.b[s] = b;
    this.v[s] = value;
  }

  /** Where the pair is held (for `marks`), or -1 when it is absent. Valid until the next set. */
  find(a: number, b: number): number {
    const s = this.slot(a, b);
    return this.a[s] === -1 ? -1 : s;
  }

  /** A mark per slot, for a caller that visits pairs by `find` and then the unvisited by `forEach`. */
  marks(): Uint8Array {
    return new Uint8Array(this.mask + 1);
  }

  valueAt(slot: number): number {
    return this.v[slot];
  }

  /** The value, or -1 when the pair is absent. */
  get(a: number, b: number): number {
    const s = this.slot(a, b);
    return this.a[s] === -1 ? -1 : this.v[s];
  }

  /**
   * Calls `each` with every pair, its value and its slot (a callback: a generator's tuples cost a second
   * per million).
   */
  forEach(each: (a: number, b: number, value: number, slot: number) => void): void {
    for (let s = 0; s <= this.mask; s++) if (this.a[s] !== -1) each(this.a[s], this.b[s], this.v[s], s);
  }

  private grow(): void {
    const { a, b, v } = this;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.v = new Float64Array(cap);
    this.size = 0;
    for (let s = 0; s < a.length; s++) if (a[s] !== -1) this.set(a[s], b[s], v[s]);
  }
}
