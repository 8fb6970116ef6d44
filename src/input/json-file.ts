import { isUtf8 } from 'node:buffer';
import { promises as fs } from 'node:fs';
import { jsonFault, lineAndColumn } from './json-syntax.js';
import { sequenceAt } from './utf8.js';

/**
 * A small JSON file a person saved (a --map): decoded as the editor wrote it, then parsed.
 * Windows editors save UTF-8 with a byte order mark (Notepad, PowerShell 7) or UTF-16 with
 * one (Notepad's "Unicode", PowerShell 5's `>`): all are read. No error quotes the file.
 */

/** Why a file is not a JSON text, said without any of its content. */
export class NotJsonFile extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/** Largest file read: a map is a few lines; a larger one is not one (and is not read into memory). */
export const MAX_JSON_FILE_BYTES = 1024 * 1024;

function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be'): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const why = bytes.length % 2 === 1 ? 'an odd last byte' : 'half of a character (a lone surrogate)';
    throw new NotJsonFile(`it starts as ${encoding.toUpperCase()} but holds ${why}`);
  }
}

/** The file's text, without its byte order mark. */
export function decodeJsonBytes(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), 'utf-16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), 'utf-16be');
  // Without a byte order mark, UTF-16 puts a NUL beside the ASCII "{" (or the space) it starts with.
  else if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) return decodeUtf16(bytes, 'utf-16le');
  else if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return decodeUtf16(bytes, 'utf-16be');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let bad = 0;
  while (sequenceAt(bytes, bad, bytes.length) > 0) bad += sequenceAt(bytes, bad, bytes.length);
  // Everything before `bad` is UTF-8: its text gives the line and column.
  const before = bytes.toString('utf8', 0, bad);
  const { line, column } = lineAndColumn(before, before.length);
  throw new NotJsonFile(`line ${line}, column ${column} is not UTF-8 text`);
}

/** The JSON value of a text, or where and why it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const fault = jsonFault(text);
    if (fault === null) throw new NotJsonFile('it is not valid JSON');
    const firstChar = text.search(/[^ \t\r\n]/);
    if (firstChar < 0) throw new NotJsonFile('it is empty');
    // Not JSON from its first character on: most likely another kind of file.
    if (fault.at === firstChar && text[firstChar] !== '"') throw new NotJsonFile('it does not start with "{"');
    const { line, column } = lineAndColumn(text, fault.at);
    throw new NotJsonFile(`not valid JSON at line ${line}, column ${column} (${fault.what})`);
  }
}

/** Reads and parses a JSON file; a file-system error passes through as it is. */
export async function readJsonFile(path: string): Promise<unknown> {
  const stat = await fs.stat(path);
  if (!stat.isFile()) throw new NotJsonFile('it is not a regular file');
  if (stat.size > MAX_JSON_FILE_BYTES) throw new NotJsonFile(`it is over ${MAX_JSON_FILE_BYTES / 1024 / 1024} MiB`);
  return parseJsonText(decodeJsonBytes(await fs.readFile(path)));
}
