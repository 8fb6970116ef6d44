import { DessaError } from '../base/errors.js';

/**
 * A server URL (`scheme://user:password@host:port/db?options`) split by hand, because people
 * paste passwords as they are: `pa/Secret2`, `p@ss`, `a:b` or `100%` are not percent-encoded,
 * and a URL parser then takes part of the password for the host, port or database (and prints
 * it in its error). Rules:
 * - the credentials end at the last `@` before the host (an `@`, `:` or `/` in a password is kept);
 * - a `%` not followed by two hex digits cannot be told from an encoded byte: refused, with how
 *   to encode it. The refusal never repeats the URL.
 */
export interface SplitUrl {
  scheme: string;
  /** As typed (still percent-encoded), or null when the URL names no user. */
  user: string | null;
  /** Decoded; null when the URL has none. */
  password: string | null;
  /** Everything after the credentials: host, port, database, options. */
  tail: string;
}

/** A host and optional port: a name, an IPv4 or [IPv6] address, empty (local socket) or an encoded socket path. */
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9._~%-]*)(:\d{0,5})?$/i;

const ENCODE_HINT =
  'percent-encode the user name and password (@ as %40, / as %2F, : as %3A, % as %25, ? as %3F, # as %23)';

const endOfSegment = (s: string, from: number) => {
  const m = /[/?#]/.exec(s.slice(from));
  return m ? from + m.index : s.length;
};

/** Where the credentials end: the `@` before the host, or -1 when there are none. */
function credentialsEnd(rest: string): number {
  const authEnd = endOfSegment(rest, 0);
  const authority = rest.slice(0, authEnd);
  const pathEnd = rest.slice(authEnd).search(/[?#]/);
  const path = pathEnd < 0 ? rest.slice(authEnd) : rest.slice(authEnd, authEnd + pathEnd);
  // A standard URL: its authority holds the credentials and the host, and no '@' hides in the path.
  if (authority.includes('@') && !path.includes('@')) return authority.lastIndexOf('@');
  if (!authority.includes('@') && HOST_PORT.test(authority) && !path.includes('@')) return -1;
  // A '/', '?' or '#' in the password ended the authority early: the host follows the first '@'
  // after which a host stands (a later '@' in the options is not a host).
  for (let at = rest.indexOf('@', authEnd); at >= 0; at = rest.indexOf('@', at + 1)) {
    if (HOST_PORT.test(rest.slice(at + 1, endOfSegment(rest, at + 1)))) return at;
  }
  if (authority.includes('@')) return authority.lastIndexOf('@');
  const why =
    'the --db URL has no host[:port] this tool can read after its credentials' + ' (a port is a number up to 65535)';
  throw new DessaError('usage', `${why}; if the password holds @ / : % ? or #, ${ENCODE_HINT}`);
}

function decode(part: string, what: string): string {
  if (/%(?![0-9a-f]{2})/i.test(part)) {
    const why = `the ${what} in the --db URL holds a % that is not an encoded character`;
    throw new DessaError('usage', `${why}; ${ENCODE_HINT}`);
  }
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DessaError('usage', `the ${what} in the --db URL is not valid percent-encoded UTF-8; ${ENCODE_HINT}`);
  }
}

/** Splits `scheme://user:password@tail`; null for a URL that is not `scheme://…`. */
export function splitUrl(url: string): SplitUrl | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(url);
  if (!m) return null;
  const [, scheme, rest] = m;
  const at = credentialsEnd(rest);
  if (at < 0) return { scheme, user: null, password: null, tail: rest };
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
  decode(user, 'user name');
  const password = colon < 0 ? null : decode(userinfo.slice(colon + 1), 'password');
  return { scheme, user, password, tail: rest.slice(at + 1) };
}

/** The same URL with its credentials percent-encoded, as a URL parser reads it. */
export function encodedUrl(s: SplitUrl): string {
  if (s.user === null) return `${s.scheme}://${s.tail}`;
  const password = s.password === null ? '' : `:${encodeURIComponent(s.password)}`;
  return `${s.scheme}://${encodeURIComponent(decodeURIComponent(s.user))}${password}@${s.tail}`;
}

/** A query parameter that carries a secret (`?password=…`, `sslpassword`, `api_key`, `token`…). */
const isSecretParameter = (name: string) => /^(pwd|passwd)$|pass|secret|key|token/i.test(name);

/** Each secret query parameter's value in a URL's tail (host, path, `?options#fragment`), as typed. */
function querySecrets(tail: string): { name: string; value: string }[] {
  const q = tail.indexOf('?');
  if (q < 0) return [];
  const query = tail.slice(q + 1).split('#')[0];
  return query.split('&').flatMap((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // A name that is not valid percent-encoding is judged as typed.
    }
    return eq >= 0 && isSecretParameter(decoded) ? [{ name, value: pair.slice(eq + 1) }] : [];
  });
}

/** The tail with each secret query parameter's value as ***. */
function redactQuery(tail: string): string {
  const q = tail.indexOf('?');
  if (q < 0) return tail;
  const hash = tail.indexOf('#', q);
  const end = hash < 0 ? tail.length : hash;
  const query = tail
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const secret = eq >= 0 && querySecrets(`?${pair}`).length > 0;
      return secret ? `${pair.slice(0, eq)}=***` : pair;
    });
  return `${tail.slice(0, q + 1)}${query.join('&')}${hash < 0 ? '' : '#***'}`;
}

/**
 * The URL safe to print: the password and secret query parameters (`?password=`, `sslpassword`,
 * any name holding "pass", "secret", "key" or "token") as ***; a URL that cannot be split shows only its scheme.
 */
export function redactUrl(url: string): string {
  let s: SplitUrl | null;
  try {
    s = splitUrl(url);
  } catch {
    return `${/^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? ''}//***`;
  }
  if (!s) return url;
  const tail = redactQuery(s.tail);
  return s.password === null
    ? `${s.scheme}://${s.user === null ? '' : `${s.user}@`}${tail}`
    : `${s.scheme}://${s.user}:***@${tail}`;
}

/**
 * Every form a password in these texts (argv, DESSA_DATABASE_URL) could be printed in: as typed,
 * decoded, encoded. The last line of defence: main scrubs them from whatever it prints.
 */
export function secretsIn(texts: readonly (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const given of texts) {
    // A URL may be part of a word: `--db=postgres://…`, or a typo such as `--bd=postgres://…`.
    const start = given?.search(/[a-z][a-z0-9+.-]*:\/\//i) ?? -1;
    if (start < 0) continue;
    const text = given!.slice(start);
    // Every `name=value` after a `?`, wherever it stands: a `?` in an unencoded password comes first.
    const pairs = [...text.slice(text.indexOf('?') + 1).matchAll(/(?:^|[?&])([^=&?#]*)=([^&#]*)/g)];
    for (const [, , value] of pairs.filter(([, name]) => querySecrets(`?${name}=`).length > 0)) {
      found.add(value);
      try {
        found.add(decodeURIComponent(value.replace(/\+/g, ' ')));
      } catch {
        // Not valid percent-encoding: only its typed form can be printed.
      }
    }
    if (!given!.includes('@')) continue;
    const typed = /^[a-z][a-z0-9+.-]*:\/\/[^:@]*:(.*)@/is.exec(text)?.[1];
    if (typed) found.add(typed);
    try {
      const p = splitUrl(text)?.password;
      if (p) found.add(p).add(encodeURIComponent(p));
    } catch {
      // A URL refused for its encoding still has its typed form scrubbed.
    }
  }
  // A one- or two-character password would blank out ordinary words; it is too short to guard anyway.
  return [...found].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by ***. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
