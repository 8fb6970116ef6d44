import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import type { Folder, FolderEntry } from './folder.js';

/** A name as the Folder interface allows it: plain entry names, `sub/NAME` at most, never `..` or absolute. */
function checkedName(name: string): string {
  const parts = name.split('/');
  if (name.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..') || name.includes('\0')) {
    throw new Error(`not a folder entry name: ${JSON.stringify(name)}`);
  }
  return name;
}

/** A file-system failure on the folder as one line naming the path and what to check. */
function folderError(err: unknown, path: string, doing: string): DessaError {
  const code = (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? 'unknown error';
  const where = escapeControls(path);
  return new DessaError(
    'source-unreadable',
    `cannot ${doing} ${where} (${code}): check that the folder exists and that this user may read and write it`,
    { path },
    { cause: err },
  );
}

/** Makes a rename or a new file in `dir` survive a power cut (a directory fsync is not possible everywhere). */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory: the rename is still atomic, only not yet durable.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * A folder on this machine (a vendor's SFTP root for one district, seen locally).
 * `move` never overwrites: a hard link to the new name fails when the name exists (atomically,
 * whatever else runs), then the old name is removed. Where hard links are refused (some network
 * and FAT file systems) it falls back to a check then a rename: exclusive only among dessa-roster
 * runs, which the org's sync lock serialises.
 */
export class LocalFolder implements Folder {
  readonly label: string;
  private readonly root: string;

  constructor(path: string) {
    this.root = resolve(path);
    this.label = this.root;
  }

  private path(name: string): string {
    return join(this.root, checkedName(name));
  }

  /** Refuses a SOURCE that is missing or not a directory, before anything else is done. */
  async check(): Promise<void> {
    const s = await fs.stat(this.root).catch((err) => {
      throw folderError(err, this.root, 'open the source folder');
    });
    if (!s.isDirectory()) {
      const where = escapeControls(this.root);
      throw new DessaError('source-unreadable', `${where} is not a folder: give the district's inbox folder`, {
        path: this.root,
      });
    }
  }

  async list(sub?: string): Promise<FolderEntry[]> {
    const dir = sub === undefined ? this.root : this.path(sub);
    const names = await fs.readdir(dir).catch((err) => {
      throw folderError(err, dir, 'list');
    });
    const entries: FolderEntry[] = [];
    for (const name of names) {
      // lstat: a symbolic link is not a delivery (it may point anywhere on this machine).
      const s = await fs.lstat(join(dir, name)).catch(() => undefined);
      if (s) entries.push({ name, size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile() });
    }
    return entries;
  }

  async local(name: string): Promise<{ path: string; release(): Promise<void> }> {
    return { path: this.path(name), release: async () => {} };
  }

  async ensureDir(sub: string): Promise<void> {
    await fs.mkdir(this.path(sub), { recursive: true }).catch((err) => {
      throw folderError(err, this.path(sub), 'create');
    });
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.path(from);
    const target = this.path(to);
    try {
      await fs.link(source, target);
      await fs.unlink(source);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw err;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
      const exists = await fs.lstat(target).then(
        () => true,
        () => false,
      );
      if (exists) throw Object.assign(new Error(`${target} exists`), { code: 'EEXIST' });
      await fs.rename(source, target);
    }
    await syncDir(dirname(target));
    if (dirname(target) !== dirname(source)) await syncDir(dirname(source));
  }

  async writeFile(name: string, data: string | Buffer): Promise<void> {
    const target = this.path(name);
    const dir = dirname(target);
    // A dot-name of its own length: the final name may already be as long as a name can be.
    const temp = join(dir, `.dessa-${randomBytes(6).toString('hex')}.partial`);
    try {
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (err) {
      await fs.unlink(temp).catch(() => {});
      throw folderError(err, target, 'write');
    }
    await syncDir(dir);
  }

  async close(): Promise<void> {}
}
