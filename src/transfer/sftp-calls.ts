import type { SFTPWrapper, Stats } from 'ssh2';
import { isNoSuchFile } from './sftp-errors.js';

/* ssh2's callback SFTP operations as promises: the few the transfer layer uses. */

/**
 * When the connection dies (the server killed, the network gone), ssh2 may never call back an
 * operation in flight: with nothing left to wait for, the process would end with exit 0 and no
 * word. Each channel's loss is registered here and every operation races it.
 */
const LOSS = new WeakMap<SFTPWrapper, Promise<never>>();

export function watchLoss(sftp: SFTPWrapper, lost: Promise<never>): void {
  lost.catch(() => {});
  LOSS.set(sftp, lost);
}

function call<T>(sftp: SFTPWrapper, run: (cb: (err: unknown, value?: T) => void) => void): Promise<T> {
  const op = new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T))));
  const lost = LOSS.get(sftp);
  return lost ? Promise.race([op, lost]) : op;
}

export const stat = (sftp: SFTPWrapper, path: string) => call<Stats>(sftp, (cb) => sftp.stat(path, cb));

export const unlink = (sftp: SFTPWrapper, path: string) => call<void>(sftp, (cb) => sftp.unlink(path, cb));

/** Plain SFTP rename: OpenSSH refuses it when `to` exists (it links, then unlinks). */
export const rename = (sftp: SFTPWrapper, from: string, to: string) =>
  call<void>(sftp, (cb) => sftp.rename(from, to, cb));

/** posix-rename@openssh.com: replaces `to` atomically. Throws at once when the server lacks it. */
export const posixRename = (sftp: SFTPWrapper, from: string, to: string) =>
  call<void>(sftp, (cb) => sftp.ext_openssh_rename(from, to, cb));

export const mkdir = (sftp: SFTPWrapper, path: string) => call<void>(sftp, (cb) => sftp.mkdir(path, cb));

export const readdir = (sftp: SFTPWrapper, path: string) =>
  call<{ filename: string; attrs: Stats }[]>(sftp, (cb) => sftp.readdir(path, cb));

export const fastPut = (sftp: SFTPWrapper, local: string, remote: string, step: (sent: number) => void) =>
  call<void>(sftp, (cb) => sftp.fastPut(local, remote, { step: (sent) => step(sent) }, cb));

export const fastGet = (sftp: SFTPWrapper, remote: string, local: string) =>
  call<void>(sftp, (cb) => sftp.fastGet(remote, local, cb));

export const writeWhole = (sftp: SFTPWrapper, path: string, data: Buffer) =>
  call<void>(sftp, (cb) => sftp.writeFile(path, data, cb));

/** Removes a file when it can; whether none is left (false: the connection is gone, or no permission). */
export async function removeQuietly(sftp: SFTPWrapper, path: string): Promise<boolean> {
  try {
    await unlink(sftp, path);
    return true;
  } catch (err) {
    return isNoSuchFile(err);
  }
}
