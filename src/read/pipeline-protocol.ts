import type { SinkData } from '../findings/issues.js';
import type { FailureCode } from '../base/errors.js';
import { CELLS_WIDTH } from '../roster/cells.js';
import type { ReaderFacts } from './reader.js';

/** Rows per batch, and batches posted but not yet built: bounds the memory between the threads. */
export const BATCH_ROWS = 8192;
export const IN_FLIGHT = 4;
/** One slot is being filled while IN_FLIGHT wait to be built. */
const SLOTS = IN_FLIGHT + 1;
/** Room for a 1 MiB read plus a long record carried over from the read before. */
export const SLOT_DATA = 2 << 20;

/** Int32s of cell ranges per row: a start and an end per field, and the unusable mask (cells.ts). */
export const WIDTH = CELLS_WIDTH;
const RANGES = BATCH_ROWS * WIDTH * 4;
const SLOT_BYTES = SLOT_DATA + RANGES + BATCH_ROWS * 4 + BATCH_ROWS;
/** Two counters before the slots: [batches posted, batches built]. */
const HEAD = 8;

/**
 * The memory the two threads share: a ring of batch slots (chunk bytes, cell ranges, row
 * numbers, same-student flags) and the counters that say which are free. Reused for every
 * batch, so nothing is allocated, handed over or collected per batch. Measured on a million
 * rows against transferring fresh buffers, three runs each: 1.42–1.60 s → 1.27–1.29 s, peak
 * RSS 284–314 MB → 250–254 MB.
 */
export class BatchRing {
  readonly flow: Int32Array;

  constructor(readonly shared = new SharedArrayBuffer(HEAD + SLOTS * SLOT_BYTES)) {
    this.flow = new Int32Array(shared, 0, 2);
  }

  /** The slot the next batch is written to. */
  next(): number {
    return Atomics.load(this.flow, 0) % SLOTS;
  }

  data(slot: number, len = SLOT_DATA): Buffer {
    return Buffer.from(this.shared, HEAD + slot * SLOT_BYTES, len);
  }

  ranges(slot: number): Int32Array {
    return new Int32Array(this.shared, HEAD + slot * SLOT_BYTES + SLOT_DATA, BATCH_ROWS * WIDTH);
  }

  rows(slot: number): Int32Array {
    return new Int32Array(this.shared, HEAD + slot * SLOT_BYTES + SLOT_DATA + RANGES, BATCH_ROWS);
  }

  same(slot: number): Uint8Array {
    return new Uint8Array(this.shared, HEAD + slot * SLOT_BYTES + SLOT_DATA + RANGES + BATCH_ROWS * 4, BATCH_ROWS);
  }

  /** Reading thread: waits until the builder is fewer than IN_FLIGHT batches behind, then counts one more posted. */
  posting(): void {
    const f = this.flow;
    while (Atomics.load(f, 0) - Atomics.load(f, 1) >= IN_FLIGHT) Atomics.wait(f, 1, Atomics.load(f, 1), 100);
    Atomics.add(f, 0, 1);
  }

  /**
   * Building thread, on a batch's message: reads the counter the reading thread raised after
   * writing the slot, so that (by the memory model, not only by the message queue's own
   * locking) the slot's bytes are seen as written.
   */
  received(): void {
    Atomics.load(this.flow, 0);
  }

  /** Building thread: a batch is built, its slot free again. */
  built(): void {
    Atomics.add(this.flow, 1, 1);
    Atomics.notify(this.flow, 1);
  }
}

/**
 * What the reading thread says to the building thread. A batch's rows are in `slot`; its
 * bytes too, unless they did not fit there and came as `buf` (a record over a MiB).
 */
export type ReaderMessage =
  | { t: 'reset' }
  | { t: 'file'; name: string | null }
  | { t: 'rows'; slot: number; len: number; count: number; buf?: ArrayBuffer }
  | { t: 'done'; facts: ReaderFacts; rows: number; headers: number; absentFields: number; sink: SinkData }
  | { t: 'fail'; code: FailureCode; message: string; context: Record<string, unknown> }
  | { t: 'crash'; message: string; stack?: string };
