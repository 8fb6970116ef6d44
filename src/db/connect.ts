import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Knex } from 'knex';
import { DessaError } from '../base/errors.js';
import { shown } from '../plan/shown.js';
import type { Database, Dialect } from './dialect.js';
import { DEFAULT_LOCK_WAIT, isBusy, lockedError, lockWaitSeconds } from './lock.js';
import { encodedUrl, redactUrl, splitUrl } from './url.js';

export const DEFAULT_DB = 'sqlite:./dessa.sqlite';

export type { Database } from './dialect.js';

/** A URL with its password hidden: never print a credential. */
export function redact(url: string): string {
  return redactUrl(url);
}

/**
 * The database as a --db that names it from any directory (a printed command may be run
 * elsewhere): a SQLite path made absolute (parseUrl resolved it); a server URL as its label, password masked.
 */
export function absoluteLabel(db: Database): string {
  if (db.dialect !== 'sqlite') return db.label;
  return `sqlite:${(db.knex.client.config.connection as { filename: string }).filename}`;
}

/** A URL the WHATWG parser refuses (a bad port, a bad host) is a usage error that does not repeat it. */
function parsedUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    const shown = JSON.stringify(redact(url));
    throw new DessaError('usage', `the --db URL ${shown} is not a valid URL: check its host and port`);
  }
}

/** Which database a URL names: sqlite:PATH, postgres://…, mysql://… (or mariadb://…). */
export function parseUrl(url: string): { dialect: Dialect; config: Knex.Config } {
  if (/^sqlite:/i.test(url)) {
    const file = url.replace(/^sqlite:(\/\/)?/i, '');
    if (!file.trim()) throw new DessaError('usage', 'sqlite: needs a file path, e.g. sqlite:./dessa.sqlite');
    // An in-memory database is gone when the process ends: "Applied … run 1" would report a sync that kept nothing.
    if (/^\/*(file:)?:memory:/i.test(file) || /^\/*file:.*[?&]mode=memory/i.test(file)) {
      throw new DessaError(
        'usage',
        `--db ${JSON.stringify(url)} is an in-memory database, gone when dessa-roster exits: ` +
          'give a file path, e.g. sqlite:./dessa.sqlite',
      );
    }
    // A SQLite URI (file:…) or a percent-encoded path would be taken as a file name of its own,
    // creating a database somewhere else than meant: only a plain path is accepted.
    if (/^\/*file:/i.test(file) || /%[0-9a-f]{2}/i.test(file)) {
      throw new DessaError(
        'usage',
        `--db ${JSON.stringify(url)}: give sqlite: a plain file path, without file: or ` +
          'percent-encoding, e.g. sqlite:/var/lib/dessa/roster.sqlite',
      );
    }
    const filename = resolve(file);
    // Wait for another writer rather than fail at once; WAL lets readers go on meanwhile.
    // The busy timeout is the lock wait (DESSA_LOCK_WAIT); a reader never needs it under WAL.
    const waitMs = lockWaitSeconds() * 1000;
    type Conn = { pragma(s: string): unknown; readonly: boolean };
    const afterCreate = (conn: Conn, done: (err: Error | null, conn: unknown) => void, waited = 0) => {
      try {
        conn.pragma(`busy_timeout = ${waitMs}`);
        // Two first runs on a new file both switch it to WAL; SQLite answers "locked" at once
        // rather than through the busy timeout, so the loser tries again. A reader leaves the mode alone.
        if (!conn.readonly) conn.pragma('journal_mode = wal');
        conn.pragma('foreign_keys = on');
        // WAL with NORMAL sync keeps every commit atomic (a crash loses at most the last one, never half of it);
        // a 256 MB page cache keeps the unique indexes in memory during a large load.
        conn.pragma('synchronous = normal');
        conn.pragma('cache_size = -262144');
      } catch (err) {
        const busy = /SQLITE_BUSY|database is locked/i.test(
          String((err as { code?: string }).code ?? '') + (err as Error).message,
        );
        if (busy && waited < waitMs) setTimeout(() => afterCreate(conn, done, waited + 50), 50);
        else done(err as Error, conn);
        return;
      }
      done(null, conn);
    };
    return {
      dialect: 'sqlite',
      config: {
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
        pool: { min: 1, max: 1, afterCreate },
      },
    };
  }
  // Credentials as typed (an unencoded @ / : in the password) are re-encoded so the driver
  // reads the same password, host and database; an undecodable % is refused (splitUrl).
  if (/^postgres(ql)?:\/\//i.test(url)) {
    refuseFallbackSslMode(url);
    const connection = encodedUrl(splitUrl(url)!);
    return { dialect: 'postgres', config: { client: 'pg', connection, pool: { min: 0, max: 4 } } };
  }
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    const u = parsedUrl(encodedUrl(splitUrl(url.replace(/^mariadb:/i, 'mysql:'))!));
    const connection = {
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.replace(/^\//, ''),
      charset: 'utf8mb4',
      supportBigNumbers: true,
    };
    return { dialect: 'mysql', config: { client: 'mysql2', connection, pool: { min: 0, max: 4 } } };
  }
  throw new DessaError(
    'usage',
    `unsupported database URL ${JSON.stringify(redact(url))}: use sqlite:PATH, postgres://… or mysql://…`,
  );
}

/**
 * libpq's sslmode=prefer and allow fall back to a plain connection; the pg driver never does (it
 * asks for SSL and fails on a server without it), so they would not do what they say.
 */
function refuseFallbackSslMode(url: string): void {
  const tail = splitUrl(url)?.tail ?? '';
  const query = tail.includes('?') ? tail.slice(tail.indexOf('?') + 1).split('#')[0] : '';
  const mode = /(?:^|&)sslmode=([^&]*)/i.exec(query)?.[1]?.toLowerCase();
  if (mode !== 'prefer' && mode !== 'allow') return;
  throw new DessaError(
    'usage',
    `sslmode=${mode} in the --db URL is not supported: the PostgreSQL driver does not fall ` +
      'back to an unencrypted connection. Use sslmode=disable for a server without SSL, or sslmode=verify-full ' +
      '(or require) for one with SSL',
  );
}

export interface OpenOptions {
  /**
   * A reader (diff, history): a SQLite file must exist already and is opened read-only, so
   * reading never creates a file or a directory and never takes the write lock.
   */
  readOnly?: boolean;
  /**
   * A SQLite file must exist already, and is opened for writing: a command acting on a database
   * made before (apply --plan, db unlock) never creates an empty one. The advice when it is missing.
   */
  missingHint?: string;
}

const CREATE_HINT = 'run `dessa-roster apply` or `dessa-roster db migrate` first to create it, or check --db';

/** db-not-found for a SQLite file that does not exist (a server's database is checked by connecting). */
export function refuseMissingSqlite(
  url: string | undefined,
  hint = CREATE_HINT,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const chosen = url ?? env.DESSA_DATABASE_URL ?? DEFAULT_DB;
  const { dialect, config } = parseUrl(chosen);
  if (dialect !== 'sqlite' || existsSync((config.connection as { filename: string }).filename)) return;
  const label = redact(chosen);
  throw new DessaError('db-not-found', `${label} does not exist: ${hint}`, { url: label });
}

/** Opens the database named by --db, DESSA_DATABASE_URL, or the embedded default, and checks it answers. */
export async function openDatabase(
  url: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  options: OpenOptions = {},
): Promise<Database> {
  checkDatabaseSettings(env);
  const chosen = url ?? env.DESSA_DATABASE_URL ?? DEFAULT_DB;
  const { dialect, config } = parseUrl(chosen);
  const label = redact(chosen);
  const timeout = connectTimeoutSeconds(env);
  if (dialect === 'sqlite') {
    const connection = config.connection as { filename: string; options?: { readonly?: boolean } };
    if (options.readOnly || options.missingHint !== undefined) refuseMissingSqlite(chosen, options.missingHint, env);
    if (options.readOnly) connection.options = { readonly: true };
    else mkdirSync(dirname(connection.filename), { recursive: true });
  }
  // knex logs some failures itself; ours are reported once, as one line.
  const quiet = () => {};
  const log = { warn: quiet, error: quiet, deprecate: quiet, debug: quiet };
  // knex is imported here, not at the top: reading a --db URL (validate's --output check) loads no database code.
  const { default: knexFactory } = await import('knex');
  const knex = knexFactory({ ...withTimeout(dialect, config, timeout), log });
  try {
    await knex.raw('select 1');
  } catch (err) {
    await knex.destroy().catch(() => {});
    // SQLite: another writer kept the file locked while the connection was being set up.
    if (dialect === 'sqlite' && isBusy(err)) throw lockedError(label, lockWaitSeconds(env), err);
    throw connectError(err, chosen, label, timeout);
  }
  return { knex, dialect, label };
}

export const DEFAULT_CONNECT_TIMEOUT = 10;

/**
 * A whole number of seconds from the environment variable `name`, from `min` to `max`; `fallback`
 * when it is unset. Fractions are refused: MySQL's lock waits take whole seconds (a fraction
 * would be rounded there but not on PostgreSQL), and an empty value is a mistake, not the default.
 */
function wholeSeconds(env: NodeJS.ProcessEnv, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (/^\s*\d+\s*$/.test(raw) && Number(raw) >= min && Number(raw) <= max) return Number(raw);
  const why = `${name} must be a whole number of seconds from ${min} to ${max}, not ${JSON.stringify(shown(raw))}`;
  throw new DessaError('usage', `${why}: set e.g. ${name}=${fallback} (the default when it is unset)`);
}

/** Seconds to wait for a server to answer a new connection: DESSA_CONNECT_TIMEOUT, else 10. */
export function connectTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  return wholeSeconds(env, 'DESSA_CONNECT_TIMEOUT', 1, 3600, DEFAULT_CONNECT_TIMEOUT);
}

/**
 * Refuses a malformed DESSA_CONNECT_TIMEOUT or DESSA_LOCK_WAIT before a command reads its input
 * or opens its database: both take whole seconds, with the same rules.
 */
export function checkDatabaseSettings(env: NodeJS.ProcessEnv = process.env): void {
  connectTimeoutSeconds(env);
  wholeSeconds(env, 'DESSA_LOCK_WAIT', 0, 86_400, DEFAULT_LOCK_WAIT);
}

/**
 * The drivers' own connect timeouts (a server that accepts the TCP connection and never
 * answers would otherwise hold the pool until knex's generic "pool is probably full"), and
 * knex's a second later so that the driver's clearer error comes first.
 */
function withTimeout(dialect: Dialect, config: Knex.Config, seconds: number): Knex.Config {
  const ms = Math.round(seconds * 1000);
  const out: Knex.Config = { ...config, acquireConnectionTimeout: ms + 1000 };
  if (dialect === 'postgres') {
    const c = config.connection;
    const base = typeof c === 'string' ? { connectionString: c } : (c as object);
    out.connection = { ...base, connectionTimeoutMillis: ms };
  } else if (dialect === 'mysql') {
    out.connection = { ...(config.connection as object), connectTimeout: ms };
  }
  return out;
}

function connectError(err: unknown, url: string, label: string, seconds: number): DessaError {
  const e = err as Error & { code?: string };
  const timedOut =
    e?.name === 'KnexTimeoutError' || e?.code === 'ETIMEDOUT' || /timeout expired|timed? ?out/i.test(e?.message ?? '');
  const why = timedOut
    ? `no answer within ${seconds} s (is this the database's host and port, and is the server up? ` +
      'DESSA_CONNECT_TIMEOUT sets the wait)'
    : String(e?.message ?? err)
        .replace(url, label)
        .split('\n')[0];
  return new DessaError('db-connect', `cannot connect to ${label}: ${why}`, { url: label }, { cause: err });
}
