import { dirname, isAbsolute, resolve } from 'node:path';
import * as yup from 'yup';
import { DessaError, isDessaError } from '../../base/errors.js';
import { DEFAULT_DB } from '../../db/connect.js';
import { escapeControls } from '../../base/escape.js';
import { NotJsonFile, readJsonFile } from '../../input/json-file.js';
import { shown } from '../../plan/shown.js';
import { renderJson } from '../../render/json.js';
import type { Output } from '../../command-kit/output.js';
import { connectOptions } from '../../command-kit/sftp.js';
import type { ConnectOptions } from '../../transfer/connect.js';
import { syncDistrict, type District } from './district.js';
import { exitOf, outcomeJson, worstExit, type SyncOutcome } from './outcome.js';
import { districtFrom, type RawSyncOptions } from './source.js';
import { summaryTable } from './table.js';

export interface RawConfigOptions extends RawSyncOptions {
  config?: string;
  concurrency?: string;
}

const limit = yup
  .mixed<string | number>()
  .test(
    'limit',
    '${path} must be a share ("10%") or a whole count (500)',
    (v) => v === undefined || typeof v === 'number' || (typeof v === 'string' && v !== ''),
  );

const text = () => yup.string().typeError('${path} must be a string');
const seconds = () => yup.number().typeError('${path} must be a number of seconds');

/** One entry of districts.json: the district's scope, its inbox, and its own reading and guard options. */
const entrySchema = yup
  .object({
    org: text().required('org is required (the district key)'),
    program: text(),
    source: text().required('source is required (the inbox folder, or an sftp:// URL)'),
    db: text(),
    map: text(),
    delimiter: text(),
    encoding: text(),
    maxErrors: yup.number().typeError('${path} must be a whole number').integer().min(0),
    maxRemovals: limit,
    maxUpdates: limit,
    force: yup.boolean().typeError('${path} must be true or false'),
    settle: seconds().min(0).max(86_400),
    knownHosts: text(),
    hostKey: yup
      .mixed<string | string[]>()
      .test(
        'pins',
        '${path} must be a SHA256:… fingerprint or an array of them',
        (v) => v === undefined || typeof v === 'string' || (Array.isArray(v) && v.every((k) => typeof k === 'string')),
      ),
    identity: text(),
  })
  .noUnknown('unknown field ${unknown} (see the README, sync --config)')
  .strict();

type Entry = yup.InferType<typeof entrySchema>;

function badConfig(file: string, why: string): DessaError {
  return new DessaError('bad-config', `--config ${escapeControls(file)}: ${why}; fix it and run again`, { file });
}

/** Secrets come from the environment only: a config file is copied, backed up and read by more people. */
const SECRETS = ['password', 'passphrase'];

function refuseSecrets(file: string, entry: object, i: number): void {
  const field = SECRETS.find((k) => k in entry);
  if (field === undefined) return;
  const variable = field === 'password' ? 'DESSA_SFTP_PASSWORD' : 'DESSA_SFTP_PASSPHRASE';
  throw badConfig(
    file,
    `entry ${i + 1}: a ${field} does not belong in the config (it would be read by whoever reads the file); ` +
      `remove the field and set ${variable} in the environment of the run, or log in with "identity" or an ssh-agent`,
  );
}

/** Relative paths of an entry are relative to the config file's folder. */
function resolved(value: string | undefined, dir: string): string | undefined {
  return value === undefined || isAbsolute(value) ? value : resolve(dir, value);
}

function sqliteResolved(db: string | undefined, dir: string): string | undefined {
  if (db === undefined || !/^sqlite:/i.test(db)) return db;
  const path = db.slice('sqlite:'.length);
  return path === ':memory:' || isAbsolute(path) ? db : `sqlite:${resolve(dir, path)}`;
}

/** Reads and checks the whole config before any district runs: a bad entry is named, nothing runs (exit 2). */
export async function readConfig(
  file: string,
  defaults: RawSyncOptions,
  connect?: ConnectOptions,
): Promise<District[]> {
  let raw: unknown;
  try {
    raw = await readJsonFile(file);
  } catch (err) {
    const why =
      err instanceof NotJsonFile
        ? `not JSON: ${err.why}`
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    throw badConfig(file, why);
  }
  if (!Array.isArray(raw)) throw badConfig(file, 'it must be a JSON array of entries ({ "org", "source", … })');
  if (raw.length === 0) throw badConfig(file, 'it lists no district');
  const entries = raw.map((entry: unknown, i): Entry => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw badConfig(file, `entry ${i + 1}: must be an object ({ "org", "source", … })`);
    }
    refuseSecrets(file, entry, i);
    try {
      return entrySchema.validateSync(entry, { abortEarly: true });
    } catch (err) {
      const why = (err as yup.ValidationError).errors?.[0] ?? String(err);
      const named = `entry ${i + 1}${orgOf(raw, i)}`;
      throw badConfig(file, `${named}: ${why}`);
    }
  });
  const dir = dirname(resolve(file));
  const seen = new Set<string>();
  const districts: District[] = [];
  for (const [i, e] of entries.entries()) districts.push(await districtOf(e, i));
  return districts;

  async function districtOf(e: Entry, i: number): Promise<District> {
    const name = `entry ${i + 1} (org ${JSON.stringify(shown(e.org))})`;
    const key = `${e.org}\u0000${e.program ?? 'default'}`;
    if (seen.has(key)) throw badConfig(file, `${name}: the same org and program as an earlier entry`);
    seen.add(key);
    const options: RawSyncOptions = {
      ...defaults,
      org: e.org,
      program: e.program ?? 'default',
      db: sqliteResolved(e.db, dir) ?? defaults.db,
      map: resolved(e.map, dir) ?? defaults.map,
      delimiter: e.delimiter ?? defaults.delimiter,
      encoding: e.encoding ?? defaults.encoding,
      maxErrors: e.maxErrors === undefined ? defaults.maxErrors : String(e.maxErrors),
      maxRemovals: e.maxRemovals === undefined ? defaults.maxRemovals : String(e.maxRemovals),
      maxUpdates: e.maxUpdates === undefined ? defaults.maxUpdates : String(e.maxUpdates),
      force: e.force ?? defaults.force,
      settle: e.settle === undefined ? defaults.settle : String(e.settle),
      knownHosts: resolved(e.knownHosts, dir) ?? defaults.knownHosts,
      hostKey: e.hostKey === undefined ? defaults.hostKey : [e.hostKey].flat(),
      identity: resolved(e.identity, dir) ?? defaults.identity,
    };
    try {
      return await districtFrom(e.source, options, dir, connect);
    } catch (err) {
      if (!isDessaError(err)) throw err;
      throw badConfig(file, `${name}: ${err.message.replace(/--([a-z-]+)/g, (_, f: string) => camel(f))}`);
    }
  }
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function orgOf(raw: unknown, i: number): string {
  const org = Array.isArray(raw) ? (raw[i] as { org?: unknown })?.org : undefined;
  return typeof org === 'string' ? ` (org ${JSON.stringify(shown(org))})` : '';
}

function concurrencyOf(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\s*\d+\s*$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    throw new DessaError(
      'usage',
      `--concurrency must be a whole number from 1 to 64, not ${JSON.stringify(shown(raw))}`,
    );
  }
  return Number(raw);
}

/**
 * Districts writing to one SQLite file take turns in this process: SQLite has one writer, and its
 * driver waits for the write lock synchronously, holding up the very event loop the other
 * district's transaction needs to finish. Servers take districts in parallel.
 */
const sqliteTurns = new Map<string, Promise<unknown>>();

function inTurn<T>(d: District, work: () => Promise<T>): Promise<T> {
  const url = d.raw.db ?? process.env.DESSA_DATABASE_URL ?? DEFAULT_DB;
  if (!/^sqlite:/i.test(url)) return work();
  const previous = sqliteTurns.get(url) ?? Promise.resolve();
  const mine = previous.then(work, work);
  sqliteTurns.set(
    url,
    mine.catch(() => {}),
  );
  return mine;
}

/** A district's failure as its row: the others go on. */
async function outcomeOf(d: District): Promise<SyncOutcome> {
  try {
    return await inTurn(d, () => syncDistrict(d));
  } catch (err) {
    const error = isDessaError(err)
      ? { code: err.code, message: err.message }
      : { code: 'internal', message: `unexpected failure: ${(err as Error)?.message ?? String(err)}` };
    const { org, program } = d.raw;
    return { status: 'error', org, program, source: d.source, superseded: [], detail: error.message, error };
  }
}

/** `sync --config FILE`: every district, N at a time, one summary; the exit code is the worst outcome's. */
export async function syncConfig(file: string, raw: RawConfigOptions, format: string, out: Output): Promise<number> {
  const concurrency = concurrencyOf(raw.concurrency);
  const { config: _config, concurrency: _n, ...defaults } = raw;
  const districts = await readConfig(file, defaults, connectOptions(out, raw.quiet === true));
  const outcomes: SyncOutcome[] = new Array(districts.length);
  let next = 0;
  const worker = async () => {
    while (next < districts.length) {
      const i = next++;
      outcomes[i] = await outcomeOf(districts[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, districts.length) }, worker));
  const code = worstExit(outcomes.map(exitOf));
  if (format === 'json') out.stdout.write(renderJson({ exitCode: code, districts: outcomes.map(outcomeJson) }));
  else if (!raw.quiet) out.stdout.write(summaryTable(outcomes));
  return code;
}
