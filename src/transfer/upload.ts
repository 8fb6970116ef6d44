import { promises as fs } from 'node:fs';
import { posix } from 'node:path';
import { DessaError, fsError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import type { SftpSession } from './connect.js';
import { fastPut, posixRename, removeQuietly, rename, stat, unlink } from './sftp-calls.js';
import { isNoSuchFile, SFTP_STATUS, sftpCode, transferError } from './sftp-errors.js';

export interface UploadOptions {
  /** Bytes sent so far, of `total`. */
  onProgress?: (sent: number, total: number) => void;
  onWarning?: (message: string) => void;
  /** Runs once the whole file is on the server, before it takes its name: a throw leaves nothing. */
  beforeRename?: () => Promise<void>;
}

export interface Uploaded {
  path: string;
  bytes: number;
  /** How the file took its final name: atomically, or removing an older one first. */
  rename: 'posix-rename' | 'remove-then-rename';
}

/** The hidden name a file is written under until it is whole: readers skip dot-files. */
export const partialName = (name: string) => `.${name}.partial`;

export const remotePath = (dir: string, name: string) => (dir === '.' ? name : posix.join(dir, name));

/**
 * Sends a local file to DIR/NAME so that NAME never holds a part of it: written to a hidden
 * `.NAME.partial`, its size checked, then renamed over NAME. On any failure NAME is as it was and
 * the temporary file is removed when the connection still allows it.
 */
export async function uploadFile(
  session: SftpSession,
  local: string,
  dir: string,
  name: string,
  opts: UploadOptions = {},
): Promise<Uploaded> {
  const { sftp, label } = session;
  const total = await fs.stat(local).then(
    (s) => s.size,
    (err) => Promise.reject(fsError(err, local)),
  );
  const temp = remotePath(dir, partialName(name));
  const final = remotePath(dir, name);
  const shown = escapeControls(name);
  try {
    try {
      await fastPut(sftp, local, temp, (sent) => opts.onProgress?.(sent, total));
    } catch (err) {
      throw transferError(err, `uploading ${shown}`, label);
    }
    const arrived = await stat(sftp, temp).then(
      (s) => s.size,
      (err) => Promise.reject(transferError(err, `checking the upload of ${shown}`, label)),
    );
    if (arrived !== total) {
      const why = `${arrived} of ${total} bytes arrived: run the command again`;
      throw new DessaError('sftp-transfer', `uploading ${shown} to ${label} failed: ${why}`, { url: label });
    }
    await opts.beforeRename?.();
    const how = await renameIntoPlace(session, temp, final, shown, opts);
    return { path: final, bytes: total, rename: how };
  } catch (err) {
    if (!(await removeQuietly(sftp, temp)) && err instanceof DessaError && err.code === 'sftp-transfer') {
      const left = `${err.message} (a partial copy may remain as the hidden ${escapeControls(partialName(name))}; `;
      throw new DessaError('sftp-transfer', `${left}the next delivery replaces it)`, err.context, { cause: err.cause });
    }
    throw err;
  }
}

async function renameIntoPlace(
  session: SftpSession,
  temp: string,
  final: string,
  shown: string,
  opts: UploadOptions,
): Promise<Uploaded['rename']> {
  const { sftp, label } = session;
  if (session.posixRename) {
    try {
      await posixRename(sftp, temp, final);
      return 'posix-rename';
    } catch (err) {
      // OpenSSH's sftp-server -P posix-rename still offers the extension, then denies each request.
      const refused = [SFTP_STATUS.opUnsupported, SFTP_STATUS.permissionDenied] as (number | string | undefined)[];
      if (!refused.includes(sftpCode(err))) throw transferError(err, `renaming ${shown} into place`, label);
    }
  }
  opts.onWarning?.(
    `${label} does not allow an atomic rename (posix-rename@openssh.com): an older ${shown} is removed ` +
      'before the new one takes its name, so for a moment there is none; ask for an OpenSSH server if that matters',
  );
  try {
    await unlink(sftp, final).catch((err) => (isNoSuchFile(err) ? undefined : Promise.reject(err)));
    await rename(sftp, temp, final);
  } catch (err) {
    throw transferError(err, `renaming ${shown} into place`, label);
  }
  return 'remove-then-rename';
}
