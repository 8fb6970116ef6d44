import { RosterCheck, type CheckOptions } from '../checks/roster-check.js';
import { StopReading } from '../checks/issues.js';
import { DessaError } from '../errors.js';
import { CsvFault } from '../input/csv.js';
import { isUtf8 } from 'node:buffer';
import { NotUtf8, sniffEncoding, utf8Chunks, type Encoding } from '../input/decode.js';
import { delimiterForExtension, detectDelimiter } from '../input/delimiter.js';
import { openInput, type Entry, type Input } from '../input/source.js';
import { openZip, type ZipLimits } from '../input/zip.js';
import type { Report } from '../report/report.js';
import type { Roster } from './roster.js';

export interface ReadOptions extends CheckOptions {
  delimiter?: string;
  encoding?: Encoding;
  zip?: Partial<ZipLimits>;
}

export interface ReadResult {
  report: Report;
  roster: Roster;
}

/** Where in the input a UTF-8 decode failed, so the reader starts again as Windows-1252. */
class RetryAs1252 extends Error {
  constructor(readonly entry: string | null) {
    super('retry');
  }
}

async function* withHead(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Reads a roster file (plain, zip or `-`), streaming, and checks it against the spec.
 * I/O lives here; the checking itself is RosterCheck's and is pure.
 */
export async function readRoster(path: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const fallbacks = new Map<string | null, Encoding>();
  for (;;) {
    const input = await openInput(path, (p) => openZip(p, opts.zip));
    try {
      return await readOnce(input, opts, fallbacks);
    } catch (err) {
      if (!(err instanceof RetryAs1252)) throw err;
      fallbacks.set(err.entry, 'windows-1252');
    } finally {
      await input.close();
    }
  }
}

async function readOnce(input: Input, opts: ReadOptions, fallbacks: Map<string | null, Encoding>): Promise<ReadResult> {
  const check = new RosterCheck(opts);
  let partial = false;
  let encoding: string | null = null;
  let delimiter: string | null = null;
  try {
    for await (const entry of input.entries()) {
      const used = await readEntry(entry, input.label, check, opts, fallbacks.get(entry.name));
      encoding ??= used.encoding;
      delimiter ??= used.delimiter;
      partial ||= used.partial;
    }
  } catch (err) {
    if (!(err instanceof StopReading)) throw err;
    partial = true;
  }
  const report = check.finish(partial, encoding, delimiter);
  return { report, roster: check.roster };
}

interface EntryResult {
  encoding: string | null;
  delimiter: string | null;
  partial: boolean;
}

async function readEntry(entry: Entry, label: string, check: RosterCheck, opts: ReadOptions, fallback: Encoding | undefined): Promise<EntryResult> {
  const name = entry.name ?? label;
  const bytes = entry.open()[Symbol.asyncIterator]();
  const first = await bytes.next();
  if (first.done || first.value.length === 0) {
    check.sink.file = entry.name;
    check.sink.add('empty-file', null, null, null);
    return { encoding: null, delimiter: null, partial: false };
  }
  const encoding = opts.encoding ?? fallback ?? sniffEncoding(first.value, name).encoding;
  let delimiter = opts.delimiter ?? delimiterForExtension(entry.ext);
  // Valid UTF-8 is checked by complete records, so a character split between chunks is never a false alarm.
  const verify = encoding === 'utf-8' ? (buf: Buffer, from: number, to: number) => {
    if (!isUtf8(buf.subarray(from, to))) throw new NotUtf8();
  } : undefined;
  let parser = delimiter === null ? null : check.parser(delimiter, entry.name, verify);
  if (fallback) check.sink.add('encoding-fallback', null, null, null, { encoding: fallback });
  try {
    for await (const chunk of utf8Chunks(withHead(first.value, bytes), encoding)) {
      if (parser === null) {
        const head = chunk.toString('utf8', 0, Math.min(chunk.length, 65536));
        const eol = head.search(/[\r\n]/);
        delimiter = detectDelimiter(eol < 0 ? head : head.slice(0, eol));
        parser = check.parser(delimiter, entry.name, verify);
      }
      parser.write(chunk);
    }
    parser?.end();
  } catch (err) {
    if (err instanceof NotUtf8) {
      if (entry.reopenable) throw new RetryAs1252(entry.name);
      throw new DessaError('bad-encoding', `${name} is not valid UTF-8: pass --encoding windows-1252 (or the file's encoding)`, { name });
    }
    if (!(err instanceof CsvFault)) throw err;
    check.sink.add(err.code, err.row, null, null, { limit: err.limit });
    return { encoding, delimiter, partial: true };
  }
  return { encoding, delimiter, partial: false };
}
