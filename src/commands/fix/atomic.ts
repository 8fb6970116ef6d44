import { closeSync, ftruncateSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFailed } from '../../command-kit/output.js';

/** Bytes gathered before one write: few system calls, bounded memory. */
const FLUSH_AT = 1 << 20;

/**
 * A file written under a temporary name in its folder and renamed over `target` only by
 * `commit()`: a failure (or Ctrl-C, through the process's exit) leaves no half-written file,
 * and an existing `target` stays whole until the new one is complete. Writes are synchronous,
 * so a parser's callback can write a row as it goes.
 */
export class AtomicFile {
  readonly temp: string;
  private fd: number;
  private pending: (string | Buffer)[] = [];
  private size = 0;
  private position = 0;
  private readonly cleanup = () => this.discard();

  constructor(readonly target: string) {
    // The .csv ending lets the copy be read back as validate reads a .csv.
    this.temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp.csv`);
    try {
      this.fd = openSync(this.temp, 'wx', 0o644);
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

  /** Puts the finished file in place of `target`. */
  commit(): void {
    this.close();
    try {
      renameSync(this.temp, this.target);
    } catch (err) {
      throw writeFailed(err, this.target);
    }
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
