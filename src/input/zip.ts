import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { DessaError } from '../base/errors.js';
import { extensionOf, TEXT_EXTENSIONS, type Entry, type Input } from './source.js';
import { workbookByEntries, workbookByExtension, workbookMessage } from './workbook.js';
import { entryKey, shownApart, whySame } from './zip-names.js';
import { noteOthers } from './zip-others.js';

export interface ZipLimits {
  /** Declared uncompressed bytes of all roster entries together. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Uncompressed / compressed, per entry (Canvas refuses above 100). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 2 * 1024 ** 3, maxEntries: 10_000, maxRatio: 100 };

const ARCHIVES = new Set(['.zip', '.gz', '.tgz', '.7z', '.rar', '.tar', '.bz2', '.xz', '.jar']);

const invalid = (label: string, why: string, err?: unknown) =>
  new DessaError('zip-invalid', `${label}: not a readable zip archive (${why})`, { label }, { cause: err });
const unsafe = (label: string, why: string) => new DessaError('zip-unsafe', `${label}: refused: ${why}`, { label });

function openFile(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // strictFileNames off: yauzl reads `\` as `/` (PowerShell 5's Compress-Archive writes
    // `exports\a.csv`), then still refuses an absolute name, a drive letter or `..` on the result.
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => {
        if (err || !zip) reject(invalid(path, err?.message ?? 'cannot open', err));
        else resolve(zip);
      },
    );
  });
}

/**
 * Reads the whole central directory before any entry: yauzl hands good entries over before it reports
 * a bad one further on.
 */
function readDirectory(zip: yauzl.ZipFile, label: string, limits: ZipLimits): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      if (entries.length > limits.maxEntries) {
        zip.close();
        reject(unsafe(label, `more than ${limits.maxEntries} entries (raise --max-zip-entries to allow)`));
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) => {
      const why = /relative path|absolute path/.test(err.message)
        ? unsafe(label, `an entry name escapes the archive (${err.message})`)
        : invalid(label, err.message, err);
      reject(why);
    });
    zip.readEntry();
  });
}

function isIgnored(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return name.endsWith('/') || name.startsWith('__MACOSX/') || name.includes('/__MACOSX/') || base.startsWith('.');
}

/**
 * Refuses the archive, before any row is read, when its directory says it is unsafe. Returns
 * the roster texts and the other entries (neither ignored nor texts), which are noted, not read.
 */
function checkDirectory(all: yauzl.Entry[], label: string, limits: ZipLimits): [yauzl.Entry[], yauzl.Entry[]] {
  for (const e of all) {
    if (e.fileName.split(/[\\/]/).includes('..') || /^([\\/]|[A-Za-z]:)/.test(e.fileName))
      throw unsafe(label, `entry "${e.fileName}" points outside the archive`);
  }
  // Two entries of one name would be merged here, while unzip keeps only the last: a student the
  // other drops would stay active. So are two names that land on one path (see zip-names.ts).
  const seen = new Map<string, string>();
  for (const e of all) {
    const key = entryKey(e.fileName);
    const first = seen.get(key);
    if (first !== undefined)
      throw unsafe(label, `it holds ${sameEntry(first, e.fileName)}: zip it again with one file of each name`);
    seen.set(key, e.fileName);
  }
  // Entries whose data overlap are the overlapping-file zip bomb: one compressed block counted many times.
  const spans = [...all].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1];
    const prevEnd = prev.relativeOffsetOfLocalHeader + 30 + prev.fileNameLength + prev.compressedSize;
    if (spans[i].relativeOffsetOfLocalHeader < prevEnd)
      throw unsafe(label, `entries "${prev.fileName}" and "${spans[i].fileName}" overlap (a zip bomb)`);
  }
  const rosters = all.filter((e) => !isIgnored(e.fileName));
  for (const e of rosters) {
    if (ARCHIVES.has(extensionOf(e.fileName)))
      throw unsafe(label, `nested archive "${e.fileName}": put the roster file itself in the zip`);
  }
  const texts = rosters.filter((e) => (TEXT_EXTENSIONS as readonly string[]).includes(extensionOf(e.fileName)));
  if (texts.length === 0) {
    const book = workbookByEntries(all.map((e) => e.fileName));
    if (book) throw new DessaError('not-text', workbookMessage(label, book), { label, workbook: book });
    const inside = rosters.find((e) => workbookByExtension(extensionOf(e.fileName)));
    const insideBook = inside ? workbookByExtension(extensionOf(inside.fileName)) : null;
    if (inside && insideBook) {
      throw new DessaError('zip-no-roster', workbookMessage(`${label}: ${inside.fileName}`, insideBook), { label });
    }
    throw new DessaError(
      'zip-no-roster',
      `${label}: no roster file inside (expected a .csv, .tsv or .txt entry; ` +
        `found ${rosters.length ? rosters.map((e) => e.fileName).join(', ') : 'nothing'})`,
      { label },
    );
  }
  let total = 0;
  for (const e of texts) {
    if (e.isEncrypted()) throw unsafe(label, `entry "${e.fileName}" is encrypted: zip it again without a password`);
    total += e.uncompressedSize;
    if (e.uncompressedSize >= 65536 && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)) {
      throw unsafe(
        label,
        `entry "${e.fileName}" expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}x, ` +
          `over the ${limits.maxRatio}x limit (a zip bomb?)`,
      );
    }
  }
  if (total > limits.maxTotalBytes)
    throw unsafe(
      label,
      `it would expand to ${total} bytes, over the ${limits.maxTotalBytes}-byte limit (raise --max-zip-bytes to allow)`,
    );
  return [texts, rosters.filter((e) => !texts.includes(e))];
}

function sameEntry(first: string, second: string): string {
  if (first === second) return `entry "${first}" twice`;
  const [a, b] = shownApart(first, second);
  return `entries "${a}" and "${b}", one file once unzipped (${whySame(first, second).join('; ')})`;
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

function streamEntry(zip: yauzl.ZipFile, e: yauzl.Entry, label: string): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        zip.openReadStream(e, (err, s) =>
          err || !s ? reject(invalid(label, `${e.fileName}: ${err?.message ?? 'cannot read'}`, err)) : resolve(s),
        );
      });
      // yauzl does not check the CRC-32: a damaged byte in a stored entry, or in deflated data
      // that still inflates, would otherwise pass as a value nobody typed.
      let crc = 0;
      try {
        for await (const chunk of stream) {
          crc = crc32(chunk as Buffer, crc);
          yield chunk as Buffer;
        }
      } catch (err) {
        throw invalid(label, `${e.fileName}: ${(err as Error).message}`, err);
      }
      if (crc !== e.crc32)
        throw invalid(
          label,
          `${e.fileName}: its data is damaged (CRC-32 ${hex(crc)}, the archive says ${hex(e.crc32)})`,
        );
    },
  };
}

/** A zip archive as an Input: its roster entries, read through yauzl and never extracted to disk. */
export async function openZip(path: string, given: Partial<ZipLimits> = {}): Promise<Input> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...given };
  const zip = await openFile(path);
  let texts: yauzl.Entry[];
  let notes: Input['notes'];
  try {
    const [rosters, others] = checkDirectory(await readDirectory(zip, path, limits), path, limits);
    texts = rosters;
    notes = await noteOthers(zip, others);
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    label: path,
    notes,
    entries: async function* () {
      for (const e of texts) {
        const entry: Entry = {
          name: e.fileName,
          ext: extensionOf(e.fileName),
          open: () => streamEntry(zip, e, path),
          reopenable: true,
          verifies: true,
        };
        yield entry;
      }
    },
    close: async () => zip.close(),
  };
}
