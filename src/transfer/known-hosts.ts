import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OpenSSH's known_hosts format, read as `ssh` reads it: `[@marker] PATTERNS KEYTYPE BASE64 [comment]`.
 * PATTERNS is a comma list of names (`*` and `?` wildcards, `!` negates), `[host]:port` for a
 * port other than 22, or one hashed name `|1|SALT|HMAC-SHA1(SALT, name)` (HashKnownHosts).
 * `@revoked` lines name keys never to accept, for any host. `@cert-authority` lines name a CA
 * for host certificates, which this tool does not verify: they trust nothing here.
 */
export interface KnownHostLine {
  marker: 'revoked' | 'cert-authority' | null;
  patterns: string;
  keyType: string;
  key: Buffer;
}

/** The outcome of looking a server's key up. */
export type KnownHostVerdict =
  | { status: 'known' }
  | { status: 'revoked' }
  /** Entries exist for the host, none with this key: the key changed (or the wrong server answers). */
  | { status: 'changed'; knownTypes: string[] }
  | { status: 'unknown'; certAuthorityOnly: boolean };

export function parseKnownHosts(text: string): KnownHostLine[] {
  const lines: KnownHostLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const words = raw.trim().split(/\s+/);
    if (words[0] === '' || words[0].startsWith('#')) continue;
    let marker: KnownHostLine['marker'] = null;
    if (words[0].startsWith('@')) {
      const name = words.shift()!.slice(1);
      // An unknown marker makes OpenSSH skip the line: it must not turn into a plain trust.
      if (name !== 'revoked' && name !== 'cert-authority') continue;
      marker = name;
    }
    const [patterns, keyType, base64] = words;
    if (!patterns || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) continue;
    lines.push({ marker, patterns, keyType, key: Buffer.from(base64, 'base64') });
  }
  return lines;
}

/** The name known_hosts files a host under: `host` on port 22, `[host]:port` on another. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, kind, salt, hash] = pattern.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a line's PATTERNS take in `name`: one match and no negated match. */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatch(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (!wildcard(negated ? pattern.slice(1) : pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** Looks up the server's key (its SSH wire blob) for `name` (see knownHostName). */
export function verifyKnownHost(lines: readonly KnownHostLine[], name: string, key: Buffer): KnownHostVerdict {
  if (lines.some((l) => l.marker === 'revoked' && l.key.equals(key))) return { status: 'revoked' };
  const forHost = lines.filter((l) => patternsMatch(l.patterns, name));
  const plain = forHost.filter((l) => l.marker === null);
  if (plain.some((l) => l.key.equals(key))) return { status: 'known' };
  if (plain.length > 0) return { status: 'changed', knownTypes: [...new Set(plain.map((l) => l.keyType))] };
  return { status: 'unknown', certAuthorityOnly: forHost.length > 0 };
}

/** The key types known_hosts holds for `name`: the host key algorithms to ask the server for first. */
export function knownKeyTypes(lines: readonly KnownHostLine[], name: string): string[] {
  const found = lines.filter((l) => l.marker === null && patternsMatch(l.patterns, name)).map((l) => l.keyType);
  return [...new Set(found)];
}
