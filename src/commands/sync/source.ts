import { resolve } from 'node:path';
import * as yup from 'yup';
import { DessaError } from '../../base/errors.js';
import { shown } from '../../plan/shown.js';
import type { Folder } from '../../transfer/folder.js';
import { LocalFolder } from '../../transfer/local-folder.js';
import type { ConnectOptions } from '../../transfer/connect.js';
import { SftpFolder } from '../../transfer/sftp-folder.js';
import { isSftpUrl } from '../../transfer/sftp-url.js';
import { sftpSetup, type RawSftpOptions } from '../../command-kit/sftp.js';
import { guardsFrom, type RawPlanOptions } from '../../command-kit/load.js';
import { scopeFrom } from '../../command-kit/database.js';
import { normalizeReadOptions, validateOptions } from '../../command-kit/options.js';
import type { District } from './district.js';

/** What sync takes for one district, as commander (or a config entry, made into the same shape) hands it over. */
export interface RawSyncOptions extends RawPlanOptions, RawSftpOptions {
  settle?: string;
}

export const DEFAULT_SETTLE = 60;

const settleSchema = yup.object({
  settle: yup
    .number()
    .transform((value, typed: unknown) =>
      typed === undefined
        ? value
        : typeof typed === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(typed)
          ? Number(typed)
          : NaN,
    )
    .typeError(
      ({ originalValue }) =>
        `--settle must be a number of seconds (0 to turn it off), not ${JSON.stringify(shown(String(originalValue)))}`,
    )
    .max(86_400, '--settle must be at most 86400 seconds (a day)')
    .default(DEFAULT_SETTLE),
});

/**
 * The folder SOURCE names: a path (relative to `base`) is a folder on this machine. An sftp:// URL
 * names a folder on an SFTP server: its URL, host key trust and login are checked here, before any
 * district runs; the connection is made by `open()`, which sync calls holding the org's lock.
 */
export async function folderFor(
  source: string,
  raw: RawSftpOptions = {},
  base = process.cwd(),
  connect?: ConnectOptions,
): Promise<{ label: string; open(): Promise<Folder> }> {
  if (source === '') throw new DessaError('usage', "SOURCE is empty: give the district's inbox folder");
  if (isSftpUrl(source)) {
    const { target, trust, auth } = await sftpSetup(source, raw);
    return { label: target.label, open: () => SftpFolder.open(target, trust, auth, connect) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    const scheme = source.slice(0, source.indexOf(':'));
    throw new DessaError(
      'usage',
      `SOURCE ${JSON.stringify(shown(scheme))}:// is not supported: give a folder path or an sftp:// URL`,
    );
  }
  const folder = new LocalFolder(resolve(base, source));
  return { label: folder.label, open: async () => folder };
}

/**
 * The guards, --settle and the reading options (the --map file read and checked): wrong ones are refused
 * before any district runs, not when a file first arrives to be read with them.
 */
export async function checkSyncOptions(raw: RawSyncOptions): Promise<{ settle: number }> {
  guardsFrom(raw);
  const { settle } = validateOptions(settleSchema, raw);
  await normalizeReadOptions(raw);
  return { settle };
}

/** One district from its options; everything checked before any folder or database is opened. */
export async function districtFrom(
  source: string,
  raw: RawSyncOptions,
  base?: string,
  connect?: ConnectOptions,
): Promise<District> {
  const scope = scopeFrom(raw);
  const { settle } = await checkSyncOptions(raw);
  const inbox = await folderFor(source, raw, base, connect);
  return { source: inbox.label, open: inbox.open, raw: { ...raw, ...scope }, settleMs: settle * 1000 };
}
