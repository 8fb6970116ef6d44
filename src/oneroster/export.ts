import { createReadStream, promises as fs } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { DessaError, fsError } from '../base/errors.js';
import { IssueSink } from '../findings/issues.js';
import type { Entry, EntryNote, Input } from '../input/source.js';
import { extensionOf } from '../input/source.js';
import { openZip, type ZipLimits } from '../input/zip.js';
import { readTable, type TableOptions } from './table.js';

export type OneRosterVersion = '1.1' | '1.2';

/** A OneRoster export, opened: its manifest and its CSV files by name (lower-case: users.csv). */
export interface OneRosterExport {
  /** The path as the user named it. */
  label: string;
  version: OneRosterVersion;
  manifest: ReadonlyMap<string, string>;
  files: ReadonlyMap<string, Entry>;
  /** Findings about a zip's other entries, as the roster reader makes them. */
  notes: EntryNote[];
  close(): Promise<void>;
}

const MANIFEST = 'manifest.csv';
const VERSIONS: readonly string[] = ['1.1', '1.2'];

/** A file of a folder export as an Entry (reopenable: a text decided late is read again). */
function fileEntry(dir: string, name: string): Entry {
  const path = join(dir, name);
  return {
    name,
    ext: '.csv',
    reopenable: true,
    open: () => ({
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
        } catch (err) {
          throw fsError(err, path);
        }
      },
    }),
  };
}

/** The CSV files of a folder (not its subfolders), or null when it has no manifest.csv. */
async function folderFiles(path: string): Promise<Map<string, Entry> | null> {
  const names = await fs.readdir(path, { withFileTypes: true }).catch((err) => {
    throw fsError(err, path);
  });
  const files = new Map<string, Entry>();
  for (const d of names) {
    if (d.isFile() && extensionOf(d.name) === '.csv') files.set(d.name.toLowerCase(), fileEntry(path, d.name));
  }
  return files.has(MANIFEST) ? files : null;
}

/**
 * A zip's files beside its manifest.csv (the shallowest one: exports are often zipped inside
 * a folder), or null when it has none. The zip has passed every defence of `openZip`.
 */
async function zipFiles(input: Input): Promise<Map<string, Entry> | null> {
  const entries: Entry[] = [];
  for await (const e of input.entries()) entries.push(e);
  const manifests = entries
    .filter((e) => e.name !== null && basename(e.name).toLowerCase() === MANIFEST)
    .sort((a, b) => a.name!.split('/').length - b.name!.split('/').length);
  if (manifests.length === 0) return null;
  const dir = posix.dirname(manifests[0].name!);
  const files = new Map<string, Entry>();
  for (const e of entries) {
    if (posix.dirname(e.name!) === dir && extensionOf(e.name!) === '.csv')
      files.set(basename(e.name!).toLowerCase(), { ...e, name: basename(e.name!) });
  }
  return files;
}

/** propertyName -> value of manifest.csv. */
async function readManifest(entry: Entry, opts: TableOptions): Promise<Map<string, string>> {
  const manifest = new Map<string, string>();
  const spec = { file: MANIFEST, known: ['propertyName', 'value'], want: ['propertyName', 'value'], required: {} };
  await readTable(entry, spec, opts, new IssueSink(), ([name, value]) => {
    if (name !== '') manifest.set(name.toLowerCase(), value);
  });
  return manifest;
}

/**
 * Opens `path` as a OneRoster export when it is one: a folder, or a .zip, whose manifest.csv
 * names oneroster.version 1.1 or 1.2. Anything else gives null and is read as a DESSA roster
 * (a zip without a manifest is a zip of roster texts). A manifest of another version, or a
 * delta export, is refused.
 */
export async function openOneRoster(
  path: string,
  opts: TableOptions & { zip?: Partial<ZipLimits> },
): Promise<OneRosterExport | null> {
  if (path === '-') return null;
  const stat = await fs.stat(path).catch(() => null);
  if (stat === null) return null;
  let files: Map<string, Entry> | null = null;
  let input: Input | null = null;
  if (stat.isDirectory()) files = await folderFiles(path);
  else if (stat.isFile() && extensionOf(path) === '.zip') {
    input = await openZip(path, opts.zip);
    files = await zipFiles(input).catch(async (err) => {
      await input!.close();
      throw err;
    });
  }
  const close = async () => input?.close();
  if (files === null) {
    await close();
    return null;
  }
  try {
    const manifest = await readManifest(files.get(MANIFEST)!, opts);
    const version = manifest.get('oneroster.version');
    if (version === undefined) {
      await close();
      return null;
    }
    if (!VERSIONS.includes(version)) {
      throw new DessaError(
        'oneroster-version',
        `${path}: manifest.csv says oneroster.version ${JSON.stringify(version)}; ` +
          'only OneRoster 1.1 and 1.2 CSV exports are read: export it as 1.1 or 1.2',
        { version },
      );
    }
    refuseDelta(path, manifest);
    return { label: path, version: version as OneRosterVersion, manifest, files, notes: input?.notes ?? [], close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * A delta export holds only what changed: read as a whole roster, everyone it leaves out would
 * be removed. So any file sent as delta refuses the export.
 */
function refuseDelta(path: string, manifest: ReadonlyMap<string, string>): void {
  const delta = [...manifest].filter(([k, v]) => k.startsWith('file.') && v.trim().toLowerCase() === 'delta');
  if (delta.length === 0) return;
  const names = delta.map(([k]) => `${k.slice('file.'.length)}.csv`).join(', ');
  throw new DessaError(
    'oneroster-delta',
    `${path} is a OneRoster delta export (${names}): a delta lists only changes, and a roster read from it ` +
      'would remove every student it leaves out; removals need a bulk export: export the full roster (bulk)',
    { files: delta.map(([k]) => k) },
  );
}

/** Whether the manifest says the file is absent (not exported) or the export lacks it. */
export function hasFile(exp: OneRosterExport, name: string): boolean {
  const declared = exp.manifest
    .get(`file.${name.replace(/\.csv$/, '')}`)
    ?.trim()
    .toLowerCase();
  return declared !== 'absent' && exp.files.has(name);
}
