import { resolve } from 'node:path';
import * as yup from 'yup';
import { DessaError } from '../../base/errors.js';
import { shown } from '../../plan/shown.js';
import type { Folder } from '../../transfer/folder.js';
import { LocalFolder } from '../../transfer/local-folder.js';
import { guardsFrom, type RawPlanOptions } from '../../command-kit/load.js';
import { scopeFrom } from '../../command-kit/database.js';
import { validateOptions } from '../../command-kit/options.js';
import type { District } from './district.js';

/** What sync takes for one district, as commander (or a config entry, made into the same shape) hands it over. */
export interface RawSyncOptions extends RawPlanOptions {
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
 * names a folder on an SFTP server, read through the transfer module's SFTP folder.
 */
export function folderFor(source: string, base = process.cwd()): { label: string; open(): Promise<Folder> } {
  if (source === '') throw new DessaError('usage', "SOURCE is empty: give the district's inbox folder");
  if (/^sftp:\/\//i.test(source)) {
    throw new DessaError(
      'usage',
      'SFTP sources need the transfer module, which this build does not include yet: ' +
        "mount or mirror the server's folder and give its local path",
    );
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

/** One district from its options; everything checked before any folder or database is opened. */
export function districtFrom(source: string, raw: RawSyncOptions, base?: string): District {
  const scope = scopeFrom(raw);
  guardsFrom(raw);
  const { settle } = validateOptions(settleSchema, raw);
  const inbox = folderFor(source, base);
  return { source: inbox.label, open: inbox.open, raw: { ...raw, ...scope }, settleMs: settle * 1000 };
}
