/**
 * The reading thread of a pipelined read: runs the front (I/O, decoding, parsing, row checks)
 * and posts the checked rows in batches: a chunk (handed over, not copied) and the cells'
 * byte ranges, which the row checker writes straight into the batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IssueSink, DEFAULT_LIMITS } from '../checks/issues.js';
import { RowStage } from '../checks/row-stage.js';
import { FIELDS } from '../spec/fields.js';
import { isDessaError } from '../errors.js';
import type { Cells, RowOutput } from './cells.js';
import { runFront, type ReadOptions } from './front.js';
import { BATCH_ROWS, IN_FLIGHT, type FrontMessage } from './pipeline-protocol.js';

const { path, opts, shared } = workerData as { path: string; opts: ReadOptions; shared: SharedArrayBuffer };
const port = parentPort!;
const flow = new Int32Array(shared); // [batches posted, batches built]
const WIDTH = 2 * FIELDS.length;

function post(msg: FrontMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

/** Batches rows per chunk: once the parser moves on to the next chunk, the last one is handed over whole. */
class BatchOutput implements RowOutput {
  private buf: Buffer | null = null;
  private cells: Cells = { buf: Buffer.alloc(0), r: new Int32Array(BATCH_ROWS * WIDTH), o: 0 };
  private rows = new Int32Array(BATCH_ROWS);
  private same = new Uint8Array(BATCH_ROWS);
  private count = 0;


  slot(buf: Buffer): Cells {
    if (buf !== this.buf) {
      this.flush();
      this.buf = buf;
      this.cells.buf = buf;
    }
    if (this.count === this.rows.length) this.grow();
    this.cells.o = this.count * WIDTH;
    return this.cells;
  }

  done(_cells: Cells, row: number, sameStudent: boolean): void {
    const k = this.count++;
    this.rows[k] = row;
    // A new batch starts a new chunk, so the check's "same as the row before" holds within it.
    this.same[k] = sameStudent ? 1 : 0;
  }

  flush(): void {
    const buf = this.buf;
    this.buf = null;
    if (buf === null || this.count === 0) return;
    // Never hand over memory shared with other buffers (Node's pool): copy those.
    const owned = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.byteLength > 8192 ? buf : Buffer.from(buf);
    // Wait while the builder is IN_FLIGHT batches behind: memory stays bounded whatever the file.
    while (Atomics.load(flow, 0) - Atomics.load(flow, 1) >= IN_FLIGHT) Atomics.wait(flow, 1, Atomics.load(flow, 1), 100);
    Atomics.add(flow, 0, 1);
    const ab = owned.buffer as ArrayBuffer;
    const { r } = this.cells;
    const { rows, same, count } = this;
    post({ t: 'rows', buf: ab, len: owned.byteLength, ranges: r, rows, same, count }, [ab, r.buffer, rows.buffer, same.buffer] as ArrayBuffer[]);
    this.cells = { buf: Buffer.alloc(0), r: new Int32Array(BATCH_ROWS * WIDTH), o: 0 };
    this.rows = new Int32Array(BATCH_ROWS);
    this.same = new Uint8Array(BATCH_ROWS);
    this.count = 0;
  }

  private grow(): void {
    const r = new Int32Array(this.cells.r.length * 2);
    r.set(this.cells.r);
    this.cells.r = r;
    const size = this.rows.length * 2;
    const rows = new Int32Array(size);
    rows.set(this.rows);
    this.rows = rows;
    const same = new Uint8Array(size);
    same.set(this.same);
    this.same = same;
  }
}

let stage: RowStage | null = null;
let output: BatchOutput | null = null;
try {
  const facts = await runFront(path, opts, () => {
    if (stage !== null) post({ t: 'reset' });
    const sink = new IssueSink(opts.limits ?? DEFAULT_LIMITS);
    output = new BatchOutput();
    stage = new RowStage(sink, opts, output);
    return stage;
  });
  (output as unknown as BatchOutput).flush();
  const s = stage as unknown as RowStage;
  post({ t: 'done', facts, rows: s.rows, headers: s.headers, sink: s.sink.toData() });
} catch (err) {
  if (isDessaError(err)) post({ t: 'fail', code: err.code, message: err.message, context: err.context });
  else post({ t: 'crash', message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack });
}
