import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) as ssh2 sets them on `err.code`. */
export const SFTP_STATUS = { noSuchFile: 2, permissionDenied: 3, failure: 4, opUnsupported: 8 } as const;

/** A server's or library's message as one safe, bounded line. */
export function serverText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown };
  const text = String(e?.message ?? err).split(/\r?\n/)[0];
  const shown = escapeControls(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  return typeof e?.code === 'string' && !shown.includes(e.code) ? `${shown} (${escapeControls(e.code)})` : shown;
}

export function sftpCode(err: unknown): number | string | undefined {
  return (err as { code?: number | string })?.code;
}

export const isNoSuchFile = (err: unknown) => sftpCode(err) === SFTP_STATUS.noSuchFile;

const lostConnection = (err: unknown) =>
  ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(String(sftpCode(err))) ||
  (err as { level?: string })?.level === 'client-timeout' ||
  /no response from server|not connected|connection lost/i.test(String((err as Error)?.message));

/**
 * A failed SFTP operation: what was being done, where, and the server's reason. A lost
 * connection says so, since retrying later is then the fix.
 */
export function transferError(err: unknown, doing: string, label: string): DessaError {
  if (err instanceof DessaError) return err;
  const code = sftpCode(err);
  const why =
    code === SFTP_STATUS.permissionDenied
      ? 'permission denied: check that the user may write in that directory'
      : code === SFTP_STATUS.noSuchFile
        ? 'no such file or directory: check the directory of the URL'
        : lostConnection(err)
          ? `the connection to the server was lost (${serverText(err)}): check the network and the server, then ` +
            'run the command again'
          : `${serverText(err)}: check the connection and the server, then run the command again`;
  return new DessaError('sftp-transfer', `${doing} on ${label} failed: ${why}`, { url: label }, { cause: err });
}
