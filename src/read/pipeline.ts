import { Worker } from 'node:worker_threads';
import { buildReport } from '../checks/roster-check.js';
import { DEFAULT_LIMITS, IssueSink } from '../findings/issues.js';
import { DessaError } from '../base/errors.js';
import { RosterBuilder } from '../roster/builder.js';
import type { Cells } from '../roster/cells.js';
import type { ReadOptions, ReadResult } from './reader.js';
import { BatchRing, WIDTH, type ReaderMessage } from './pipeline-protocol.js';

/**
 * Reads on a second thread (reader-worker) while this one builds the roster from the rows it
 * posts. The report is the one a single thread makes: row findings and cross-row findings
 * are merged in reading order.
 */
export function readPipelined(path: string, opts: ReadOptions): Promise<ReadResult> {
  const ring = new BatchRing();
  const worker = new Worker(new URL('./reader-worker.js', import.meta.url), {
    workerData: { path, opts, shared: ring.shared },
  });
  let sink = new IssueSink(opts.limits ?? DEFAULT_LIMITS);
  let builder = new RosterBuilder(sink);
  const cells: Cells = { buf: Buffer.alloc(0), ranges: new Int32Array(0), at: 0 };
  /** The texts read, in order (a zip's entries). */
  const files: (string | null)[] = [];

  return new Promise<ReadResult>((resolve, reject) => {
    const settle = (fn: () => void) => {
      worker.removeAllListeners();
      void worker.terminate();
      fn();
    };
    worker.on('message', (msg: ReaderMessage) => {
      try {
        switch (msg.t) {
          case 'reset':
            sink = new IssueSink(opts.limits ?? DEFAULT_LIMITS);
            builder = new RosterBuilder(sink);
            files.length = 0;
            return;
          case 'file':
            // Cross-row findings name the zip entry their row is in, as the row checks do.
            sink.file = msg.name;
            files.push(msg.name);
            builder.begin(msg.name);
            return;
          case 'rows': {
            ring.received();
            cells.buf = msg.buf ? Buffer.from(msg.buf) : ring.data(msg.slot, msg.len);
            cells.ranges = ring.ranges(msg.slot);
            const rows = ring.rows(msg.slot);
            const same = ring.same(msg.slot);
            for (let k = 0; k < msg.count; k++) {
              cells.at = k * WIDTH;
              builder.add(cells, rows[k], same[k] === 1);
            }
            ring.built();
            return;
          }
          case 'done':
            sink.mergeRowChecks(msg.sink, files);
            builder.roster.absentFields = msg.absentFields;
            return settle(() =>
              resolve({
                report: buildReport(sink, builder.roster, { ...msg.facts, rows: msg.rows, headers: msg.headers }),
                roster: builder.roster,
              }),
            );
          case 'fail':
            return settle(() => reject(new DessaError(msg.code, msg.message, msg.context)));
          case 'crash':
            return settle(() => reject(new Error(`reading thread failed: ${msg.message}`)));
        }
      } catch (err) {
        settle(() => reject(err));
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`reading thread stopped (exit ${code})`))));
  });
}
