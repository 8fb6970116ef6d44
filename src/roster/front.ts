import type { RowStage } from '../checks/row-stage.js';
import { StopReading } from '../checks/issues.js';
import { DessaError } from '../errors.js';
import { CsvFault } from '../input/csv.js';
import { NotDecodable, NotUtf8, sniffEncoding, utf8Chunks, type Decoding, type Encoding } from '../input/decode.js';
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
  const sniffed = opts.encoding || fallback ? null : sniffEncoding(first.value, name);
  const decoding: Decoding = { encoding: opts.encoding ?? fallback ?? sniffed!.encoding, switched: false, declared: opts.encoding ? 'flag' : sniffed?.bom ? 'bom' : null };
  let delimiter = opts.delimiter ?? delimiterForExtension(entry.ext);
  let parser = delimiter === null ? null : stage.parser(delimiter, entry.name);
  const top = stage.sink.issues.length;
  if (fallback) stage.sink.add('encoding-fallback', null, null, null, { encoding: fallback });
  try {
    for await (const chunk of utf8Chunks(withHead(first.value, bytes), decoding)) {
      if (parser === null) {
        const head = chunk.toString('utf8', 0, Math.min(chunk.length, 65536));
        const eol = head.search(/[\r\n]/);
        delimiter = detectDelimiter(eol < 0 ? head : head.slice(0, eol));
        parser = stage.parser(delimiter, entry.name);
      }
      if (decoding.switched && !fallback) {
        fallback = decoding.encoding;
        // Where a fallback found before reading puts it: above the text's other findings.
        stage.sink.addAt(top, 'encoding-fallback', { encoding: fallback });
      }
      parser.write(chunk);
    }
    parser?.end();
  } catch (err) {
    if (err instanceof NotDecodable) {
      throw new DessaError('bad-encoding', `${name} is not valid ${decoding.encoding} (in the bytes from ${err.offset.toLocaleString('en-US')}): save it again from the program that made it, or pass --encoding`, { name, offset: err.offset });
    }
    if (err instanceof NotUtf8) {
      if (!decoding.declared && entry.reopenable) throw new RetryAs1252(entry.name);
      throw notUtf8(name, err.offset, decoding.declared);
    }
    if (!(err instanceof CsvFault)) throw err;
    // Rows that cannot be parsed may be damage: read on to the end so a zip entry's check says so.
    if (entry.verifies) for (let rest = await bytes.next(); !rest.done; rest = await bytes.next());
    stage.sink.add(err.code, err.row, null, null, { limit: err.limit });
    return { encoding: decoding.encoding, delimiter, partial: true };
  }
  return { encoding: decoding.encoding, delimiter, partial: false };
}

function notUtf8(name: string, offset: number, declared: Decoding['declared']): DessaError {
  const where = `${name} is not valid UTF-8 (byte ${offset.toLocaleString('en-US')})`;
  const message = declared === 'flag'
    ? `${where}, although --encoding utf-8 says so: pass the file's encoding, e.g. --encoding windows-1252`
    : declared === 'bom'
      ? `${where}, although it starts with a UTF-8 byte-order mark: save it again as UTF-8, or pass --encoding`
      : `${where}, and UTF-8 text came before, so it is not Windows-1252 either: save it as UTF-8, or pass --encoding`;
  return new DessaError('bad-encoding', message, { name, offset });
}
