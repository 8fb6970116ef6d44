import type { SinkData } from '../checks/issues.js';
import type { FailureCode } from '../errors.js';
import type { FrontFacts } from './front.js';

/** Rows per batch, and batches posted but not yet built: bounds the memory between the threads. */
export const BATCH_ROWS = 8192;
export const IN_FLIGHT = 4;

/** What the reading thread says to the building thread. */
export type FrontMessage =
  | { t: 'reset' }
  | { t: 'rows'; buf: ArrayBuffer; len: number; ranges: Int32Array; rows: Int32Array; same: Uint8Array; count: number }
  | { t: 'done'; facts: FrontFacts; rows: number; headers: number; sink: SinkData }
  | { t: 'fail'; code: FailureCode; message: string; context: Record<string, unknown> }
  | { t: 'crash'; message: string; stack?: string };
