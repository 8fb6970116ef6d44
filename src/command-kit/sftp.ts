import { DessaError } from '../base/errors.js';
import { connectTimeoutSeconds } from '../db/connect.js';
import type { ConnectOptions } from '../transfer/connect.js';
import { loadTrust, type HostTrust } from '../transfer/host-key.js';
import { loadAuth, type SftpAuth } from '../transfer/sftp-auth.js';
import { parseSftpUrl, type SftpTarget } from '../transfer/sftp-url.js';
import type { Output } from './output.js';

/* What deliver and sync share to reach an SFTP folder: its URL, the host key trust, the login. */

/** The SFTP options as commander hands them over (--host-key may be repeated: old and new key while rotating). */
export interface RawSftpOptions {
  knownHosts?: string;
  hostKey?: string[];
  identity?: string;
}

export interface SftpSetup {
  target: SftpTarget;
  trust: HostTrust;
  auth: SftpAuth;
}

/**
 * Everything needed to connect, checked before any file is read or any connection made: a bad
 * URL, DESSA_CONNECT_TIMEOUT, pin, known_hosts or key file fails at once rather than after
 * validating a large file.
 */
export async function sftpSetup(url: string, raw: RawSftpOptions): Promise<SftpSetup> {
  const target = parseSftpUrl(url);
  connectTimeoutSeconds();
  if (raw.knownHosts === '') throw new DessaError('usage', '--known-hosts needs a file name');
  if (raw.identity === '') throw new DessaError('usage', '--identity needs a private key file');
  const trust = await loadTrust({ knownHosts: raw.knownHosts, hostKeys: raw.hostKey });
  const auth = await loadAuth(raw.identity);
  return { target, trust, auth };
}

/** Retries are announced on standard error (a cron log shows why a run was slow), unless quiet. */
export function connectOptions(out: Output, quiet: boolean): ConnectOptions {
  return {
    onRetry: (attempt, err) => {
      if (!quiet) out.stderr.write(`dessa-roster: connection attempt ${attempt} failed (${err.message}); retrying\n`);
    },
  };
}
