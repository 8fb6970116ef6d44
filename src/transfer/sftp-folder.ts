import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { openSftp, type ConnectOptions, type SftpSession } from './connect.js';
import type { Folder, FolderEntry } from './folder.js';
import type { HostTrust } from './host-key.js';
import type { SftpAuth } from './sftp-auth.js';
import { fastGet, mkdir, posixRename, readdir, removeQuietly, rename, stat, writeWhole } from './sftp-calls.js';
import { isNoSuchFile, transferError } from './sftp-errors.js';
import type { SftpTarget } from './sftp-url.js';
import { remotePath } from './upload.js';

/** Names are built by callers: a `..` or an absolute one is a bug, never followed on a server. */
function checked(name: string): string {
  if (name === '' || name.startsWith('/') || name.split('/').some((s) => s === '..' || s === '')) {
    throw new DessaError('internal', `unsafe folder entry name ${JSON.stringify(escapeControls(name))}`);
  }
  return name;
}

/** The copy's folder could not be made: a DessaError (sync labels any other error a database one). */
function tempError(err: unknown): DessaError {
  const why = escapeControls(String((err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? err));
  return new DessaError(
    'write-failed',
    `cannot make a temporary folder for a downloaded delivery in ${escapeControls(tmpdir())} (${why}): ` +
      'check the free space and TMPDIR',
    {},
    { cause: err },
  );
}

/** A folder of deliveries on an SFTP server (the URL's directory), through one open session. */
export class SftpFolder implements Folder {
  readonly label: string;

  private constructor(
    private readonly session: SftpSession,
    private readonly dir: string,
  ) {
    this.label = session.label;
  }

  static async open(target: SftpTarget, trust: HostTrust, auth: SftpAuth, opts?: ConnectOptions): Promise<SftpFolder> {
    return new SftpFolder(await openSftp(target, trust, auth, opts), target.dir);
  }

  private path(name?: string): string {
    return name === undefined ? this.dir : remotePath(this.dir, checked(name));
  }

  async list(sub?: string): Promise<FolderEntry[]> {
    const entries = await readdir(this.session.sftp, this.path(sub)).catch((err) =>
      Promise.reject(
        transferError(err, `listing ${sub === undefined ? 'the folder' : escapeControls(sub)}`, this.label),
      ),
    );
    return entries
      .filter((e) => e.filename !== '.' && e.filename !== '..')
      .map((e) => ({
        name: e.filename,
        size: e.attrs.size,
        mtimeMs: e.attrs.mtime * 1000,
        isFile: e.attrs.isFile(),
      }));
  }

  /**
   * Downloads the entry into a new temporary folder, removed by `release()` and on any failure.
   * The entry is stat'ed before and after: a file gone meanwhile is `file-not-found`, one that
   * changed while it was read (a client writing in place) is `file-changed`, which sync takes as
   * "still arriving" rather than reading a half-written copy.
   */
  async local(name: string): Promise<{ path: string; release(): Promise<void> }> {
    const remote = this.path(name);
    const shown = escapeControls(name);
    const version = async () => {
      const s = await stat(this.session.sftp, remote);
      return `${s.size}:${s.mtime}`;
    };
    const dir = await fs.mkdtemp(join(tmpdir(), 'dessa-sftp-')).catch((err) => Promise.reject(tempError(err)));
    const path = join(dir, name.replace(/^.*\//, ''));
    const release = () => fs.rm(dir, { recursive: true, force: true });
    try {
      const before = await version();
      await fastGet(this.session.sftp, remote, path);
      const size = (await fs.stat(path)).size;
      if ((await version()) !== before || `${size}` !== before.split(':')[0]) {
        const why = `${shown} on ${this.label} changed while it was downloaded: the next run reads it once it is whole`;
        throw new DessaError('file-changed', why, { file: name });
      }
    } catch (err) {
      await release();
      if (isNoSuchFile(err)) {
        throw new DessaError('file-not-found', `${shown} is gone from ${this.label}`, { file: name }, { cause: err });
      }
      throw transferError(err, `downloading ${shown}`, this.label);
    }
    return { path, release };
  }

  async ensureDir(sub: string): Promise<void> {
    const path = this.path(sub);
    const existing = await stat(this.session.sftp, path).catch((err) =>
      isNoSuchFile(err) ? undefined : Promise.reject(transferError(err, `checking ${escapeControls(sub)}`, this.label)),
    );
    if (existing?.isDirectory()) return;
    await mkdir(this.session.sftp, path).catch((err) =>
      Promise.reject(transferError(err, `creating the folder ${escapeControls(sub)}`, this.label)),
    );
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.path(to);
    const exists = await stat(this.session.sftp, target).then(
      () => true,
      (err) => (isNoSuchFile(err) ? false : Promise.reject(transferError(err, 'checking a name', this.label))),
    );
    const doing = `moving ${escapeControls(from)} to ${escapeControls(to)}`;
    if (exists) throw new DessaError('sftp-transfer', `${doing} on ${this.label} refused: the target exists`);
    // A plain SFTP rename: OpenSSH refuses it when the target appeared since (it never overwrites).
    await rename(this.session.sftp, this.path(from), target).catch((err) =>
      Promise.reject(transferError(err, doing, this.label)),
    );
  }

  async writeFile(name: string, data: string | Buffer): Promise<void> {
    const final = this.path(name);
    const slash = name.lastIndexOf('/');
    const temp = this.path(`${name.slice(0, slash + 1)}.${name.slice(slash + 1)}.partial`);
    const { sftp } = this.session;
    try {
      await writeWhole(sftp, temp, Buffer.isBuffer(data) ? data : Buffer.from(data));
      if (this.session.posixRename) await posixRename(sftp, temp, final);
      else await rename(sftp, temp, final);
    } catch (err) {
      await removeQuietly(sftp, temp);
      throw transferError(err, `writing ${escapeControls(name)}`, this.label);
    }
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
