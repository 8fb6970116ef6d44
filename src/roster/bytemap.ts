/**
 * A hash map from byte ranges to insertion indexes, with no string made to look one up.
 * Keys are kept as byte strings; `fold` makes ASCII letters compare case-insensitively
 * (staff email). On the hot path this replaces a Map<string> that needed a new string a row.
 */
export class ByteMap {
  readonly keys: string[] = [];
  private hashes = new Int32Array(1024);
  private table = new Int32Array(1024).fill(-1);
  private mask = 1023;

  constructor(private readonly fold = false) {}

  get size(): number {
    return this.keys.length;
  }

  private hash(buf: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5;
    if (this.fold) {
      for (let i = from; i < to; i++) {
        const c = buf[i];
        h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 16777619);
      }
    } else {
      for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 16777619);
    }
    // 30 bits: stays a small integer for V8, never a boxed number.
    return h & 0x3fffffff;
  }

  private equals(key: string, buf: Uint8Array, from: number, to: number): boolean {
    if (key.length !== to - from) return false;
    if (this.fold) {
      for (let i = from, k = 0; i < to; i++, k++) {
        const c = buf[i];
        if ((c >= 65 && c <= 90 ? c + 32 : c) !== key.charCodeAt(k)) return false;
      }
    } else {
      for (let i = from, k = 0; i < to; i++, k++) if (buf[i] !== key.charCodeAt(k)) return false;
    }
    return true;
  }

  /** The index of the key, or -1. */
  find(buf: Uint8Array, from: number, to: number): number {
    const h = this.hash(buf, from, to);
    const table = this.table;
    const mask = this.mask;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = table[slot];
      if (at < 0) return -1;
      if (this.hashes[at] === h && this.equals(this.keys[at], buf, from, to)) return at;
    }
  }

  /** Adds a key known to be absent; returns its index. */
  insert(buf: Buffer, from: number, to: number): number {
    const h = this.hash(buf, from, to);
    let key = buf.latin1Slice(from, to);
    if (this.fold) key = key.replace(/[A-Z]+/g, (m: string) => m.toLowerCase());
    const at = this.keys.push(key) - 1;
    if (at === this.hashes.length) {
      const grown = new Int32Array(at * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[at] = h;
    if (this.keys.length * 2 > this.mask) this.rehash();
    else this.place(at, h);
    return at;
  }

  private place(at: number, h: number): void {
    let slot = h & this.mask;
    while (this.table[slot] >= 0) slot = (slot + 1) & this.mask;
    this.table[slot] = at;
  }

  private rehash(): void {
    this.mask = this.mask * 2 + 1;
    this.table = new Int32Array(this.mask + 1).fill(-1);
    for (let at = 0; at < this.keys.length; at++) this.place(at, this.hashes[at]);
  }
}
