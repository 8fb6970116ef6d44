import ssh2, { type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { connectTimeoutSeconds } from '../db/connect.js';
import { checkHostKey, hostKeyAlgorithms, type HostTrust } from './host-key.js';
import { authOrder, type SftpAuth } from './sftp-auth.js';
import { watchLoss } from './sftp-calls.js';
import { serverText } from './sftp-errors.js';
import type { SftpTarget } from './sftp-url.js';

/** An open SFTP channel, its connection, and what the server offers. */
export interface SftpSession {
  readonly sftp: SFTPWrapper;
  readonly label: string;
  /** Whether the server offers posix-rename@openssh.com (a rename that replaces atomically). */
  readonly posixRename: boolean;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Connection attempts before giving up (host key and login refusals are never retried). */
  attempts?: number;
  /** Wait before the second attempt, doubled before each later one. */
  backoffMs?: number;
  onRetry?: (attempt: number, err: DessaError) => void;
}

/**
 * A keepalive every DESSA_CONNECT_TIMEOUT seconds: a server silent for three of them is gone
 * (a frozen server or a dead link that sends no reset would otherwise hold an upload forever).
 */
const KEEPALIVE_MISSES = 3;

/** Final failures: trying again would meet the same key or the same refusal. */
const FINAL = new Set(['host-key-unknown', 'host-key-changed', 'host-key-revoked', 'sftp-auth', 'usage']);

/**
 * Connects, verifies the server's host key before any credential is sent (ssh2's hostVerifier
 * runs during the key exchange, before authentication), logs in and opens the SFTP channel.
 */
export async function openSftp(
  target: SftpTarget,
  trust: HostTrust,
  auth: SftpAuth,
  opts: ConnectOptions = {},
): Promise<SftpSession> {
  const attempts = opts.attempts ?? 3;
  const seconds = connectTimeoutSeconds();
  for (let n = 1; ; n++) {
    try {
      return await attempt(target, trust, auth, seconds);
    } catch (err) {
      const e = err as DessaError;
      if (FINAL.has(e.code) || n >= attempts) {
        if (n > 1 && !FINAL.has(e.code)) e.message = `${e.message} (after ${n} attempts)`;
        throw e;
      }
      opts.onRetry?.(n, e);
      await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 1000) * 2 ** (n - 1)));
    }
  }
}

function connectFailure(err: Error & { level?: string; code?: string }, target: SftpTarget, seconds: number) {
  const label = target.label;
  if (err.level === 'client-authentication') return undefined;
  if (err.level === 'agent') {
    const why =
      `the ssh-agent of SSH_AUTH_SOCK cannot be used (${serverText(err)}): start the agent and add the key ` +
      '(ssh-add), or unset SSH_AUTH_SOCK and log in with --identity or DESSA_SFTP_PASSWORD';
    return new DessaError('sftp-auth', why, { url: label }, { cause: err });
  }
  const why =
    err.level === 'client-timeout'
      ? `no answer within ${seconds} s (are the host and port right, and the server up? ` +
        'DESSA_CONNECT_TIMEOUT sets the wait)'
      : err.code === 'ECONNREFUSED'
        ? 'the connection was refused (is the port right, and the SFTP server running?)'
        : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
          ? `the host name ${escapeControls(target.host)} cannot be resolved (check it, and the DNS)`
          : serverText(err);
  return new DessaError('sftp-connect', `cannot connect to ${label}: ${why}`, { url: label }, { cause: err });
}

function authFailure(target: SftpTarget, auth: SftpAuth, err: unknown): DessaError {
  const user = escapeControls(target.user);
  return new DessaError(
    'sftp-auth',
    `the server refused to log ${user} in with ${auth.methods.join(', ')}: check the user name of the URL, that ` +
      "the public key is in the user's authorized_keys on the server, or the password",
    { url: target.label },
    { cause: err },
  );
}

function attempt(target: SftpTarget, trust: HostTrust, auth: SftpAuth, seconds: number): Promise<SftpSession> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let hostFailure: DessaError | undefined;
    let settled = false;
    const fail = (err: DessaError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(err);
    };
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    let closing = false;
    let lose: (err: Error) => void = () => {};
    const lost = new Promise<never>((_, reject) => (lose = reject));
    lost.catch(() => {});
    let opened = false;
    client.on('error', (err: Error & { level?: string }) => {
      // After the session opened, a lost connection fails the SFTP operation in flight (see watchLoss).
      if (opened) lose(err);
      fail(hostFailure ?? connectFailure(err, target, seconds) ?? authFailure(target, auth, err));
    });
    client.on('close', () => {
      if (opened && !closing) lose(Object.assign(new Error('the connection was lost'), { code: 'ECONNRESET' }));
    });
    client.on('close', () => {
      fail(hostFailure ?? new DessaError('sftp-connect', `${target.label} closed the connection while connecting`));
    });
    client.on('ready', () => {
      client.sftp((err, sftp) => {
        if (err) {
          const why = `the server offers no SFTP (${serverText(err)}): check that its SFTP subsystem is enabled`;
          fail(new DessaError('sftp-connect', `cannot open SFTP on ${target.label}: ${why}`));
          return;
        }
        settled = true;
        opened = true;
        watchLoss(sftp, lost);
        const extensions = (sftp as unknown as { _extensions: Record<string, string> })._extensions ?? {};
        const close = async () => {
          closing = true;
          client.end();
          await Promise.race([closed, new Promise((r) => setTimeout(r, 2000).unref())]);
        };
        resolve({ sftp, label: target.label, posixRename: extensions['posix-rename@openssh.com'] === '1', close });
      });
    });
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: seconds * 1000,
      keepaliveInterval: seconds * 1000,
      keepaliveCountMax: KEEPALIVE_MISSES,
      algorithms: { serverHostKey: hostKeyAlgorithms(trust, target.host, target.port) as never },
      hostVerifier: (key: Buffer) => {
        hostFailure = checkHostKey(trust, target.host, target.port, key);
        return hostFailure === undefined;
      },
      privateKey: auth.privateKey,
      passphrase: auth.passphrase,
      agent: auth.agent,
      password: auth.password,
      authHandler: authOrder(auth),
    };
    client.connect(config);
  });
}
