/**
 * The reading thread of a pipelined read: runs the reader (I/O, decoding, parsing, row checks)
 * and posts the checked rows in batches through a ring of slots shared with the building thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IssueSink, DEFAULT_LIMITS } from '../findings/issues.js';
import { RowStage } from '../checks/row-stage.js';
import { isDessaError } from '../base/errors.js';
import type { Cells, RowOutput } from '../roster/cells.js';
import { runReader, type ReadOptions } from './reader.js';
import { BATCH_ROWS, BatchRing, SLOT_DATA, WIDTH, type ReaderMessage } from './pipeline-protocol.js';

const { path, opts, shared } = workerData as { path: string; opts: ReadOptions; shared: SharedArrayBuffer };
const port = parentPort!;
const ring = new BatchRing(shared);

function post(msg: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

/**
 * Writes checked rows straight into the ring's next slot; once the parser moves on to
 * another buffer (or the slot is full), the rows' bytes are copied beside them and the
 * batch is posted.
 */
class BatchOutput implements RowOutput {
  private buf: Buffer | null = null;
  private slotAt = ring.next();
  private readonly cells: Cells = { buf: Buffer.alloc(0), ranges: ring.ranges(this.slotAt), at: 0 };
  private rows = ring.rows(this.slotAt);
  private same = ring.same(this.slotAt);
  private count = 0;

  slot(buf: Buffer): Cells {
    if (buf !== this.buf) {
      this.flush();
      this.buf = buf;
      this.cells.buf = buf;
    } else if (this.count === BATCH_ROWS) {
      // Short rows: the next batch goes on in the same buffer.
      this.flush();
    }
    this.cells.at = this.count * WIDTH;
    return this.cells;
  }

  done(_cells: Cells, row: number, sameStudent: boolean): void {
    const k = this.count++;
    this.rows[k] = row;
    // The builder adds rows in order, so "the same student as the row before" holds across batches.
    this.same[k] = sameStudent ? 1 : 0;
  }

  begin(file: string | null): void {
    this.flush();
    this.buf = null;
    post({ t: 'file', name: file });
  }

  flush(): void {
    const buf = this.buf;
    if (buf === null || this.count === 0) return;
    const { slotAt: slot, count } = this;
    let extra: ArrayBuffer | undefined;
    if (buf.length <= SLOT_DATA) ring.data(slot).set(buf);
    else extra = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
    ring.posting();
    post({ t: 'rows', slot, len: buf.length, count, buf: extra }, extra ? [extra] : []);
    this.count = 0;
    // posting() left at most IN_FLIGHT batches unbuilt, in the slots before this one: it is free.
    this.slotAt = ring.next();
    this.cells.ranges = ring.ranges(this.slotAt);
    this.rows = ring.rows(this.slotAt);
    this.same = ring.same(this.slotAt);
  }
}

let stage: RowStage | null = null;
let output: BatchOutput | null = null;
try {
  const facts = await runReader(path, opts, () => {
    if (stage !== null) post({ t: 'reset' });
    const sink = new IssueSink(opts.limits ?? DEFAULT_LIMITS);
    output = new BatchOutput();
    stage = new RowStage(sink, opts, output);
    return stage;
  });
  (output as unknown as BatchOutput).flush();
  const s = stage as unknown as RowStage;
  post({ t: 'done', facts, rows: s.rows, headers: s.headers, absentFields: s.absentFields, sink: s.sink.toData() });
} catch (err) {
  if (isDessaError(err)) post({ t: 'fail', code: err.code, message: err.message, context: err.context });
  else post({ t: 'crash', message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack });
}
