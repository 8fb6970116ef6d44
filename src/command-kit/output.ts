import { promises as fs } from 'node:fs';
import { DessaError } from '../base/errors.js';
import { writeWholeFile } from './whole-file.js';
import { writeFailed } from './whole-target.js';

/** Where a command's report goes: standard output, or --output FILE. */
export interface Output {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export const processOutput: Output = { stdout: process.stdout, stderr: process.stderr };

/**
 * `out` with standard output silenced: -q of a command whose only standard output is its success
 * line (db migrate, db unlock). Failures are thrown, and printed on standard error as ever.
 */
export function quietOutput(out: Output): Output {
  return { stdout: { write: () => true, isTTY: false }, stderr: out.stderr };
}

export { writeFailed };

/** The --output file, or undefined for standard output: `-` means standard output, as for the input. */
export function outputFile(given: string | undefined, stdout = true): string | undefined {
  const or = stdout ? ' (or - for standard output)' : '';
  if (given === '') throw new DessaError('usage', `--output needs a file name${or}`);
  return given === '-' ? undefined : given;
}

/**
 * The report to standard output, or to `file`: `whole` writes it whole or not at all (an HTML page
 * cut short still opens and looks complete), see AtomicFile; otherwise it is written in place.
 */
export async function emit(text: string, file: string | undefined, out: Output, whole = false): Promise<void> {
  if (file === undefined) {
    out.stdout.write(text);
    return;
  }
  if (whole) return writeWholeFile(file, text);
  try {
    await fs.writeFile(file, text);
  } catch (err) {
    throw writeFailed(err, file);
  }
}
