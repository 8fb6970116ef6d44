import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DessaError } from '../base/errors.js';
import { shown } from '../plan/shown.js';

/** A report, plan or template that could not be written (a full disk, /dev/full, no permission). */
export function writeFailed(err: unknown, file: string): DessaError {
  const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  const message = `cannot write ${file} (${why}): check the path, the permissions and the free space`;
  return new DessaError('write-failed', message, { file }, { cause: err });
}

/** Links followed before a path is taken as a loop (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

export interface Place {
  /** The path to replace (or write into): symbolic links followed. */
  path: string;
  /** A character device (/dev/null, /dev/full): written into, never replaced. */
  device: boolean;
  /** The permissions of the file replaced, kept by the new one; undefined when none exists. */
  mode?: number;
}

/**
 * Where a whole file named `file` goes. A symbolic link is followed to the file it names, also when
 * that file does not exist yet (a dangling link: its target is created). A pipe, socket, folder or
 * block device is refused with write-failed: replacing it would destroy it, writing into a pipe
 * waits for a reader (an open pipe reached by /dev/stdout is written into). Errors other than a
 * missing file are write-failed too.
 */
export function placeOf(file: string): Place {
  let path = resolve(file);
  for (let links = 0; ; links++) {
    let stat;
    try {
      stat = lstatSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path, device: false };
      throw writeFailed(err, file);
    }
    if (stat.isSymbolicLink()) {
      if (links >= MAX_LINKS) throw writeFailed(Object.assign(new Error('ELOOP'), { code: 'ELOOP' }), file);
      const to = readlinkSync(path);
      // /dev/stdout (/proc/self/fd/1) of a process writing into a pipe or socket: it is written
      // into, as a device (the reader is already there), not created at the name the link shows.
      if (/^[a-z_]+:\[\d+\]$/.test(to)) return { path, device: true };
      path = resolve(dirname(path), to);
      continue;
    }
    if (stat.isFile()) return { path, device: false, mode: stat.mode & 0o7777 };
    if (stat.isCharacterDevice()) return { path, device: true };
    const what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a pipe (FIFO)' : 'a device or socket';
    throw new DessaError(
      'write-failed',
      `cannot write ${shown(file)}: it is ${what}, not a regular file; nothing was written: name a file`,
      { file },
    );
  }
}
