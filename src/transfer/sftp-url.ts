import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';

/** Where an SFTP folder is: `sftp://USER@HOST[:PORT]/DIR/`, decoded. */
export interface SftpTarget {
  user: string;
  /** A name or an address; an IPv6 address without its brackets. */
  host: string;
  port: number;
  /**
   * The directory on the server: `/DIR` is absolute, `/~/DIR` (or `/~`) is relative to the
   * user's home directory (as curl reads it), given here as `DIR` (or `.`).
   */
  dir: string;
  /** `sftp://USER@HOST:PORT/DIR/` as shown in messages and history: never a secret. */
  label: string;
}

const USAGE = 'write it as sftp://USER@HOST[:PORT]/DIR/ (an IPv6 address in brackets: sftp://USER@[::1]:2222/DIR/)';

const PASSWORD_IN_URL =
  'the sftp:// URL holds a password (USER:PASSWORD@HOST): a password on the command line shows in ps and in ' +
  'shell history; remove it from the URL and set DESSA_SFTP_PASSWORD instead (or use --identity KEYFILE or ' +
  'an ssh-agent)';

function decoded(part: string, what: string): string {
  if (/%(?![0-9a-f]{2})/i.test(part)) {
    throw new DessaError(
      'usage',
      `the ${what} of the sftp:// URL holds a % that is not an encoded character: ${USAGE}`,
    );
  }
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DessaError('usage', `the ${what} of the sftp:// URL is not valid percent-encoded UTF-8: ${USAGE}`);
  }
}

/** Whether a command-line argument names an SFTP folder rather than a local one. */
export function isSftpUrl(text: string): boolean {
  return /^sftp:\/\//i.test(text);
}

/** The host as written in a label or a known_hosts line: an IPv6 address goes in brackets with a port. */
export function hostLabel(host: string, port: number): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return port === 22 ? bracketed : `${bracketed}:${port}`;
}

/**
 * Reads `sftp://USER@HOST[:PORT]/DIR/`. A password in the URL is refused without being repeated.
 * The user and the path are percent-decoded; `..` segments and control characters are refused.
 */
export function parseSftpUrl(url: string): SftpTarget {
  const m = /^sftp:\/\/([^/?#]*)(\/[^?#]*)?$/is.exec(url);
  if (!m) throw new DessaError('usage', `not an sftp:// URL with a directory: ${USAGE}`);
  const [, authority, rawPath = '/'] = m;
  const at = authority.lastIndexOf('@');
  if (at < 0) throw new DessaError('usage', `the sftp:// URL names no user: ${USAGE}`);
  const userinfo = authority.slice(0, at);
  if (userinfo.includes(':')) throw new DessaError('usage', PASSWORD_IN_URL);
  const user = decoded(userinfo, 'user name');
  if (user === '' || /[\p{Cc}\s]/u.test(user))
    throw new DessaError('usage', `the sftp:// URL names no usable user: ${USAGE}`);
  const hostPort = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9._-]+))(?::(\d{1,5}))?$/i.exec(authority.slice(at + 1));
  if (!hostPort) throw new DessaError('usage', `the host of the sftp:// URL cannot be read: ${USAGE}`);
  const host = (hostPort[1] ?? hostPort[2]).toLowerCase();
  const port = hostPort[3] === undefined ? 22 : Number(hostPort[3]);
  if (port < 1 || port > 65535)
    throw new DessaError('usage', `the port of the sftp:// URL must be 1 to 65535: ${USAGE}`);
  const dir = remoteDir(decoded(rawPath, 'path'));
  const path = dir.startsWith('/') ? dir : `/~/${dir === '.' ? '' : dir}`;
  const labelPath = `${path.replace(/\/+$/, '')}/`;
  const label = escapeControls(`sftp://${encodeURIComponent(user)}@${hostLabel(host, port)}${labelPath}`);
  return { user, host, port, dir, label };
}

function remoteDir(path: string): string {
  if (/\p{Cc}/u.test(path)) {
    throw new DessaError('usage', `the path of the sftp:// URL holds a control character (${escapeControls(path)})`);
  }
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..'))
    throw new DessaError('usage', 'the path of the sftp:// URL holds "..": name the directory');
  if (segments[0] === '~') return segments.slice(1).join('/') || '.';
  return `/${segments.join('/')}`;
}
