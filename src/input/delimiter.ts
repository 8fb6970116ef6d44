import { DessaError } from '../base/errors.js';

const CANDIDATES = ['\t', ',', '|', ';'];

const NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', pipe: '|', semicolon: ';' };

/** Reads a --delimiter value: one single-byte (ASCII) character, or tab/comma/pipe/semicolon by name. */
export function parseDelimiter(value: string): string {
  const d = NAMES[value.toLowerCase()] ?? value;
  // The parser splits bytes: a character UTF-8 writes in several bytes ("é") cannot be a delimiter.
  if (Buffer.byteLength(d) !== 1 || d === '"' || d === '\n' || d === '\r') {
    const what = 'one single-byte (ASCII) character other than a quote or line break, or tab, comma, pipe, semicolon';
    throw new DessaError('usage', `--delimiter must be ${what} (got ${JSON.stringify(value)})`);
  }
  return d;
}

/** The delimiter among tab, comma, pipe and semicolon that splits the header line most. */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

const SEP = Buffer.from('sep=');

/**
 * Excel's delimiter directive, a first line `sep=;`: the delimiter it names and the bytes of the
 * line with its line end, or null. It is not the header: the text's rows start on the next line.
 * Looked for in the text's first chunk, which holds far more than one short line.
 */
export function sepLine(text: Buffer): { delimiter: string; length: number } | null {
  if (text.length < 5 || !text.subarray(0, 4).equals(SEP)) return null;
  const d = text[4];
  if (d >= 128 || d === 34 || d === 10 || d === 13) return null;
  let length = 5;
  if (text[length] === 13) length++;
  if (text[length] === 10) length++;
  return length === 5 && length < text.length ? null : { delimiter: String.fromCharCode(d), length };
}

/** The delimiter an entry's extension fixes, or null when the header line decides. */
export function delimiterForExtension(ext: string): string | null {
  if (ext === '.csv') return ',';
  if (ext === '.tsv') return '\t';
  return null;
}

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d;
}

/** The --delimiter argument for `d` as a shell takes it: `tab`, or the character in single quotes (`';'`). */
export function delimiterArgument(d: string): string {
  if (d === '\t') return 'tab';
  return d === "'" ? `"'"` : `'${d}'`;
}
