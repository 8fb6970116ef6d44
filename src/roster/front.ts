import { isUtf8 } from 'node:buffer';
import type { RowStage } from '../checks/row-stage.js';
import { StopReading } from '../checks/issues.js';
import { DessaError } from '../errors.js';
import { CsvFault } from '../input/csv.js';
import { NotUtf8, sniffEncoding, utf8Chunks, type Encoding } from '../input/decode.js';
import { delimiterForExtension, detectDelimiter } from '../input/delimiter.js';
import { openInput, type Entry } from '../input/source.js';
import { openZip, type ZipLimits } from '../input/zip.js';
import type { CheckOptions } from '../checks/row-stage.js';

export interface ReadOptions extends CheckOptions {
  delimiter?: string;
  encoding?: Encoding;
  zip?: Partial<ZipLimits>;
}

/** How the input was read, beside what the stage counted. */
export interface FrontFacts {
  partial: boolean;
  encoding: string | null;
  delimiter: string | null;
}

/** A UTF-8 decode failed in a text that can be read again: start over as Windows-1252. */
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
 * The I/O half of reading: opens the input (file, zip or stdin), decodes each roster text
 * and feeds its bytes to a RowStage. `begin` gives a fresh stage for each attempt: a text
 * that turns out not to be UTF-8 is read again from the start as Windows-1252.
 */
export async function runFront(path: string, opts: ReadOptions, begin: () => RowStage): Promise<FrontFacts> {
  const fallbacks = new Map<string | null, Encoding>();
  for (;;) {
    const stage = begin();
    const input = await openInput(path, (p) => openZip(p, opts.zip));
    const facts: FrontFacts = { partial: false, encoding: null, delimiter: null };
    try {
      for await (const entry of input.entries()) {
        const used = await readEntry(entry, input.label, stage, opts, fallbacks.get(entry.name));
        facts.encoding ??= used.encoding;
        facts.delimiter ??= used.delimiter;
        facts.partial ||= used.partial;
      }
      return facts;
    } catch (err) {
      if (err instanceof StopReading) return { ...facts, partial: true };
      if (!(err instanceof RetryAs1252)) throw err;
      fallbacks.set(err.entry, 'windows-1252');
    } finally {
      await input.close();
    }
  }
}

async function readEntry(entry: Entry, label: string, stage: RowStage, opts: ReadOptions, fallback: Encoding | undefined): Promise<FrontFacts> {
  const name = entry.name ?? label;
  const bytes = entry.open()[Symbol.asyncIterator]();
  const first = await bytes.next();
  if (first.done || first.value.length === 0) {
    stage.sink.file = entry.name;
    stage.sink.add('empty-file', null, null, null);
    return { encoding: null, delimiter: null, partial: false };
  }
  const encoding = opts.encoding ?? fallback ?? sniffEncoding(first.value, name).encoding;
  let delimiter = opts.delimiter ?? delimiterForExtension(entry.ext);
  // Valid UTF-8 is checked by complete records, so a character split between chunks is never a false alarm.
  const verify = encoding === 'utf-8' ? (buf: Buffer, from: number, to: number) => {
    if (!isUtf8(buf.subarray(from, to))) throw new NotUtf8();
  } : undefined;
  let parser = delimiter === null ? null : stage.parser(delimiter, entry.name, verify);
  if (fallback) stage.sink.add('encoding-fallback', null, null, null, { encoding: fallback });
  try {
    for await (const chunk of utf8Chunks(withHead(first.value, bytes), encoding)) {
      if (parser === null) {
        const head = chunk.toString('utf8', 0, Math.min(chunk.length, 65536));
        const eol = head.search(/[\r\n]/);
        delimiter = detectDelimiter(eol < 0 ? head : head.slice(0, eol));
        parser = stage.parser(delimiter, entry.name, verify);
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
    stage.sink.add(err.code, err.row, null, null, { limit: err.limit });
    return { encoding, delimiter, partial: true };
  }
  return { encoding, delimiter, partial: false };
}
