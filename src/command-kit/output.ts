import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DessaError } from '../base/errors.js';

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

/** A report, plan or template that could not be written (a full disk, /dev/full, no permission). */
export function writeFailed(err: unknown, file: string): DessaError {
  const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  const message = `cannot write ${file} (${why}): check the path, the permissions and the free space`;
  return new DessaError('write-failed', message, { file }, { cause: err });
}

/** The --output file, or undefined for standard output: `-` means standard output, as for the input. */
export function outputFile(given: string | undefined): string | undefined {
  if (given === '') throw new DessaError('usage', '--output needs a file name (or - for standard output)');
  return given === '-' ? undefined : given;
}

/**
 * Writes `text` to `file` whole or not at all: into a temporary file beside it, then renamed over
 * it, so a full disk or a failure leaves no half-written page (an HTML page cut short still opens
 * and looks complete). A file that is not a regular one (a device, a pipe) is written directly.
 */
async function writeWhole(file: string, text: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat !== null && !stat.isFile()) return fs.writeFile(file, text);
  // A symbolic link keeps pointing where it did: the file it names is the one replaced.
  const target = stat === null ? file : await fs.realpath(file);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  try {
    await fs.writeFile(temporary, text, stat === null ? {} : { mode: stat.mode });
    await fs.rename(temporary, target);
  } catch (err) {
    await fs.rm(temporary, { force: true });
    throw err;
  }
}

export async function emit(text: string, file: string | undefined, out: Output, whole = false): Promise<void> {
  if (file === undefined) {
    out.stdout.write(text);
    return;
  }
  try {
    await (whole ? writeWhole(file, text) : fs.writeFile(file, text));
  } catch (err) {
    throw writeFailed(err, file);
  }
}
