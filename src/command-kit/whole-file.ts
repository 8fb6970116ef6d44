import { closeSync, ftruncateSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { placeOf, writeFailed } from './whole-target.js';

/** Bytes gathered before one write: few system calls, bounded memory. */
const FLUSH_AT = 1 << 20;

/**
 * The one way a command writes a whole file at a path the user named (convert's roster, fix's
 * copy, change log and report, validate's page): written under a temporary name in the folder of
 * the file finally replaced, and renamed over it only by `commit()`. A failure (or Ctrl-C, through
 * the process's exit) leaves no half-written file, and an existing file stays whole until the new
 * one is complete. A symbolic link is followed (the file it names is replaced, the link stays); a
 * character device (/dev/null, /dev/full) is written into, never replaced; a pipe, socket, folder or
 * block device is refused (write-failed) before anything is written. Writes are synchronous, so a
 * parser's callback can write a row as it goes.
 */
export class AtomicFile {
  readonly temp: string;
  /** The file the rename replaces: `target`, or the file a symbolic link `target` names. */
  private readonly place: string;
  /** A character device: commit() copies the finished file into it instead of renaming. */
  private readonly device: boolean;
  private readonly mode: number;
  private fd: number;
  private pending: (string | Buffer)[] = [];
  private size = 0;
  private position = 0;
  private readonly cleanup = () => this.discard();

  constructor(readonly target: string) {
    const place = placeOf(target);
    this.place = place.path;
    this.device = place.device;
    this.mode = place.mode ?? 0o644;
    // The .csv ending lets the copy be read back as validate reads a .csv. A device's temporary
    // file goes to the system's temporary folder (a device's own folder, /dev, is no place for it).
    const dir = this.device ? tmpdir() : dirname(this.place);
    this.temp = join(dir, `.${basename(this.place)}.${randomBytes(6).toString('hex')}.tmp.csv`);
    try {
      this.fd = openSync(this.temp, 'wx', this.mode);
    } catch (err) {
      throw writeFailed(err, target);
    }
    process.on('exit', this.cleanup);
  }

  write(data: string | Buffer): void {
    this.pending.push(data);
    this.size += data.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  /** Drops everything written so far: the file starts again empty. */
  reset(): void {
    this.pending = [];
    this.size = 0;
    try {
      ftruncateSync(this.fd, 0);
      this.position = 0;
    } catch (err) {
      throw writeFailed(err, this.target);
    }
  }

  /** Everything written so far is in the temporary file (to be read back before commit). */
  flush(): void {
    if (this.pending.length === 0) return;
    const parts = this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
    this.pending = [];
    this.size = 0;
    try {
      const data = Buffer.concat(parts);
      writeSync(this.fd, data, 0, data.length, this.position);
      this.position += data.length;
    } catch (err) {
      throw writeFailed(err, this.target);
    }
  }

  /** Closes the temporary file after the last write. */
  close(): void {
    this.flush();
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch (err) {
      throw writeFailed(err, this.target);
    } finally {
      this.fd = -1;
    }
  }

  /** Puts the finished file in place of `target` (into it, for a device). */
  commit(): void {
    this.close();
    try {
      if (this.device) copyInto(this.temp, this.place);
      else renameSync(this.temp, this.place);
    } catch (err) {
      this.discard();
      throw writeFailed(err, this.target);
    }
    if (this.device) this.discard();
    process.off('exit', this.cleanup);
  }

  /** Removes the temporary file (nothing happens to `target`). */
  discard(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // already unusable: the file is removed below all the same
      }
      this.fd = -1;
    }
    try {
      unlinkSync(this.temp);
    } catch {
      // already gone
    }
    process.off('exit', this.cleanup);
  }
}

/** Copies file `from` into the device `to` (a write that fails, as /dev/full's, throws). */
function copyInto(from: string, to: string): void {
  const input = openSync(from, 'r');
  try {
    const output = openSync(to, 'w');
    try {
      const chunk = Buffer.alloc(FLUSH_AT);
      for (let n = readSync(input, chunk); n > 0; n = readSync(input, chunk)) {
        for (let at = 0; at < n;) at += writeSync(output, chunk, at, n - at);
      }
    } finally {
      closeSync(output);
    }
  } finally {
    closeSync(input);
  }
}

/** `text` written whole to the file the user named (see AtomicFile). */
export function writeWholeFile(file: string, text: string | Buffer): void {
  const whole = new AtomicFile(file);
  try {
    whole.write(text);
    whole.commit();
  } catch (err) {
    whole.discard();
    throw err;
  }
}
