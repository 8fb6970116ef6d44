import type { SFTPWrapper, Stats } from 'ssh2';

/* ssh2's callback SFTP operations as promises: the few the transfer layer uses. */

const done =
  <T>(resolve: (v: T) => void, reject: (e: unknown) => void) =>
  (err: unknown, value?: T) =>
    err ? reject(err) : resolve(value as T);

export const stat = (sftp: SFTPWrapper, path: string) =>
  new Promise<Stats>((resolve, reject) => sftp.stat(path, done(resolve, reject)));

export const unlink = (sftp: SFTPWrapper, path: string) =>
  new Promise<void>((resolve, reject) => sftp.unlink(path, done(resolve, reject)));

/** Plain SFTP rename: OpenSSH refuses it when `to` exists (it links, then unlinks). */
export const rename = (sftp: SFTPWrapper, from: string, to: string) =>
  new Promise<void>((resolve, reject) => sftp.rename(from, to, done(resolve, reject)));

/** posix-rename@openssh.com: replaces `to` atomically. Throws at once when the server lacks it. */
export const posixRename = (sftp: SFTPWrapper, from: string, to: string) =>
  new Promise<void>((resolve, reject) => sftp.ext_openssh_rename(from, to, done(resolve, reject)));

export const mkdir = (sftp: SFTPWrapper, path: string) =>
  new Promise<void>((resolve, reject) => sftp.mkdir(path, done(resolve, reject)));

export const readdir = (sftp: SFTPWrapper, path: string) =>
  new Promise<{ filename: string; attrs: Stats }[]>((resolve, reject) => sftp.readdir(path, done(resolve, reject)));

export const fastPut = (sftp: SFTPWrapper, local: string, remote: string, step: (sent: number) => void) =>
  new Promise<void>((resolve, reject) =>
    sftp.fastPut(local, remote, { step: (sent) => step(sent) }, done(resolve, reject)),
  );

export const fastGet = (sftp: SFTPWrapper, remote: string, local: string) =>
  new Promise<void>((resolve, reject) => sftp.fastGet(remote, local, done(resolve, reject)));

export const writeWhole = (sftp: SFTPWrapper, path: string, data: Buffer) =>
  new Promise<void>((resolve, reject) => sftp.writeFile(path, data, done(resolve, reject)));

/** Removes a file when it can, ignoring why it cannot (it may never have been made, or the link is gone). */
export async function removeQuietly(sftp: SFTPWrapper, path: string): Promise<boolean> {
  try {
    await unlink(sftp, path);
    return true;
  } catch {
    return false;
  }
}
