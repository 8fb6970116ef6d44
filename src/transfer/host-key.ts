import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DessaError, fsError } from '../base/errors.js';
import { escapeControls, shellArg } from '../base/escape.js';
import { knownHostName, knownKeyTypes, parseKnownHosts, verifyKnownHost, type KnownHostLine } from './known-hosts.js';

/** What the server's host key is checked against: pinned fingerprints, or a known_hosts file. */
export type HostTrust =
  { kind: 'pins'; pins: string[] } | { kind: 'known-hosts'; file: string; lines: KnownHostLine[] };

/** The fingerprint `ssh-keygen -lf` and `ssh` print: SHA256 of the key blob, base64 without padding. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a key blob starts with (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  return escapeControls(key.subarray(4, 4 + Math.min(len, 64)).toString('latin1'));
}

/** A --host-key value as compared: `SHA256:` and base64, padding dropped. Refused when malformed. */
export function normalizePin(pin: string): string {
  const m = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(pin.trim());
  if (!m) {
    throw new DessaError(
      'usage',
      '--host-key must be a SHA256 fingerprint as ssh-keygen -lf prints it (SHA256: and 43 base64 characters); ' +
        'get it with: ssh-keyscan HOST | ssh-keygen -lf -',
    );
  }
  return `SHA256:${m[1]}`;
}

export function defaultKnownHosts(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/**
 * The trust to verify against. A missing default ~/.ssh/known_hosts trusts nothing (every key is
 * then unknown, with how to add it); a missing --known-hosts file is a mistake in the command.
 */
export async function loadTrust(opts: { knownHosts?: string; hostKeys?: string[] }): Promise<HostTrust> {
  if (opts.hostKeys && opts.hostKeys.length > 0) {
    if (opts.knownHosts !== undefined) {
      throw new DessaError('usage', 'give --host-key or --known-hosts, not both: a pinned key replaces known_hosts');
    }
    return { kind: 'pins', pins: opts.hostKeys.map(normalizePin) };
  }
  const file = opts.knownHosts ?? defaultKnownHosts();
  try {
    return { kind: 'known-hosts', file, lines: parseKnownHosts(await fs.readFile(file, 'utf8')) };
  } catch (err) {
    if (opts.knownHosts === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'known-hosts', file, lines: [] };
    }
    throw fsError(err, file);
  }
}

const RSA_ALGORITHMS = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

/**
 * The host key algorithms to offer, the types known_hosts holds for this host first (as ssh
 * does): a server with an ed25519 and an RSA key, of which only the RSA one is known, must
 * show the known one rather than look changed.
 */
export function hostKeyAlgorithms(trust: HostTrust, host: string, port: number): string[] {
  const all = [...HOST_KEY_ALGORITHMS, ...RSA_ALGORITHMS];
  if (trust.kind !== 'known-hosts') return all;
  const known = knownKeyTypes(trust.lines, knownHostName(host, port)).flatMap((t) =>
    t === 'ssh-rsa' ? RSA_ALGORITHMS : all.includes(t) ? [t] : [],
  );
  return [...new Set([...known, ...all])];
}

/** How to trust the key shown: the ssh-keyscan line that adds it, or the pin. */
function trustHint(trust: HostTrust, host: string, port: number, print: string): string {
  const scan = `ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${shellArg(host)}`;
  const file = trust.kind === 'known-hosts' ? shellArg(trust.file) : '~/.ssh/known_hosts';
  return `trust it with: ${scan} >> ${file} (or pass --host-key ${print})`;
}

/** The failure for a key that is not trusted, or undefined when it is. */
export function checkHostKey(trust: HostTrust, host: string, port: number, key: Buffer): DessaError | undefined {
  const print = fingerprint(key);
  const shown = `${keyTypeOf(key)} ${print}`;
  const where = knownHostName(host, port);
  const context = { host: where, fingerprint: print };
  if (trust.kind === 'pins') {
    if (trust.pins.includes(print)) return undefined;
    const why = `the host key of ${where} (${shown}) is not the one pinned by --host-key (${trust.pins.join(', ')})`;
    const todo =
      'someone may be intercepting the connection, or the server key was replaced: confirm the new fingerprint ' +
      `with the server's administrator, then pass --host-key ${print}`;
    return new DessaError('host-key-changed', `${why}: ${todo}`, context);
  }
  const verdict = verifyKnownHost(trust.lines, where, key);
  const file = escapeControls(trust.file);
  if (verdict.status === 'known') return undefined;
  if (verdict.status === 'revoked') {
    return new DessaError(
      'host-key-revoked',
      `the host key of ${where} (${shown}) is marked @revoked in ${file}: it is never accepted; ask the ` +
        "server's administrator for the server's current key",
      context,
    );
  }
  if (verdict.status === 'changed') {
    const why =
      `the host key of ${where} changed: the server shows ${shown}, and ${file} holds another key for it ` +
      `(${verdict.knownTypes.map(escapeControls).join(', ')})`;
    const todo =
      'someone may be intercepting the connection, or the server key was replaced: confirm the new fingerprint ' +
      `with the server's administrator, remove the old entry with ssh-keygen -R ${shellArg(where)} -f ` +
      `${shellArg(trust.file)}, then ${trustHint(trust, host, port, print)}`;
    return new DessaError('host-key-changed', `${why}: ${todo}`, context);
  }
  const ca = verdict.certAuthorityOnly ? ' (host certificates, @cert-authority, are not supported)' : '';
  return new DessaError(
    'host-key-unknown',
    `the host key of ${where} (${shown}) is not in ${file}${ca}: confirm that fingerprint with the ` +
      `server's administrator, then ${trustHint(trust, host, port, print)}`,
    context,
  );
}
