import { promises as fs } from 'node:fs';
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

export async function emit(text: string, file: string | undefined, out: Output): Promise<void> {
  if (file === undefined) {
    out.stdout.write(text);
    return;
  }
  try {
    await fs.writeFile(file, text);
  } catch (err) {
    throw writeFailed(err, file);
  }
}
