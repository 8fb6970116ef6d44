import { promises as fs } from 'node:fs';
import { DessaError } from '../errors.js';

/** Where a command's report goes: standard output, or --output FILE. */
export interface Output {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export const processOutput: Output = { stdout: process.stdout, stderr: process.stderr };

export async function emit(text: string, file: string | undefined, out: Output): Promise<void> {
  if (file === undefined) {
    out.stdout.write(text);
    return;
  }
  try {
    await fs.writeFile(file, text);
  } catch (err) {
    throw new DessaError('file-unreadable', `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file }, { cause: err });
  }
}
