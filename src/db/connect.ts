import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { DessaError } from '../errors.js';
import { encodedUrl, redactUrl, splitUrl } from './url.js';

export const DEFAULT_DB = 'sqlite:./dessa.sqlite';

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** The URL with any password replaced by ***, safe to print. */
  label: string;
}

/** A URL with its password hidden: never print a credential. */
export function redact(url: string): string {
  return redactUrl(url);
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
    if (!file) throw new DessaError('usage', 'sqlite: needs a file path, e.g. sqlite:./dessa.sqlite');
    const filename = file === ':memory:' ? file : resolve(file);
    // Wait for another writer rather than fail at once; WAL lets readers go on meanwhile.
    const afterCreate = (conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void, waited = 0) => {
      try {
        conn.pragma('busy_timeout = 30000');
        // Two first runs on a new file both switch it to WAL; SQLite answers "locked" at once
        // rather than through the busy timeout, so the loser tries again.
        conn.pragma('journal_mode = wal');
        conn.pragma('foreign_keys = on');
        // WAL with NORMAL sync keeps every commit atomic (a crash loses at most the last one, never half of it);
        // a 256 MB page cache keeps the unique indexes in memory during a large load.
        conn.pragma('synchronous = normal');
        conn.pragma('cache_size = -262144');
      } catch (err) {
        const busy = /SQLITE_BUSY|database is locked/i.test(String((err as { code?: string }).code ?? '') + (err as Error).message);
        if (busy && waited < 30_000) setTimeout(() => afterCreate(conn, done, waited + 50), 50);
        else done(err as Error, conn);
        return;
      }
      done(null, conn);
    };
    return { dialect: 'sqlite', config: { client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true, pool: { min: 1, max: 1, afterCreate } } };
  }
  // Credentials as typed (an unencoded @ / : in the password) are re-encoded so the driver
  // reads the same password, host and database; an undecodable % is refused (splitUrl).
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const connection = encodedUrl(splitUrl(url)!);
    return { dialect: 'postgres', config: { client: 'pg', connection, pool: { min: 0, max: 4 } } };
  }
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    const u = parsedUrl(encodedUrl(splitUrl(url.replace(/^mariadb:/i, 'mysql:'))!));
    const connection = {
      host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
      database: u.pathname.replace(/^\//, ''), charset: 'utf8mb4', supportBigNumbers: true,
    };
    return { dialect: 'mysql', config: { client: 'mysql2', connection, pool: { min: 0, max: 4 } } };
  }
  throw new DessaError('usage', `unsupported database URL ${JSON.stringify(redact(url))}: use sqlite:PATH, postgres://… or mysql://…`);
}

/** Opens the database named by --db, DESSA_DATABASE_URL, or the embedded default, and checks it answers. */
export async function openDatabase(url: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const chosen = url ?? env.DESSA_DATABASE_URL ?? DEFAULT_DB;
  const { dialect, config } = parseUrl(chosen);
  const label = redact(chosen);
  if (dialect === 'sqlite') {
    const filename = (config.connection as { filename: string }).filename;
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  }
  // knex logs some failures itself; ours are reported once, as one line.
  const quiet = () => {};
  const knex = knexFactory({ ...config, log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet } });
  try {
    await knex.raw('select 1');
  } catch (err) {
    await knex.destroy().catch(() => {});
    const why = (err as Error).message.replace(chosen, label).split('\n')[0];
    throw new DessaError('db-connect', `cannot connect to ${label}: ${why}`, { url: label }, { cause: err });
  }
  return { knex, dialect, label };
}
