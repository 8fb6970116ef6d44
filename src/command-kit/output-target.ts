import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_DB, parseUrl } from '../db/connect.js';
import { DessaError } from '../base/errors.js';
import { shown } from '../plan/shown.js';

/**
 * A path with every symbolic link resolved, also for a file not created yet (its folder's real path)
 * and for a dangling link (the path of the file it would create, as the writer follows it).
 */
async function realPath(path: string, links = 0): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    const link = links < 40 ? await fs.readlink(path).catch(() => null) : null;
    if (link !== null) return realPath(resolve(dirname(resolve(path)), link), links + 1);
    const dir = dirname(resolve(path));
    return dir === resolve(path) ? dir : join(await realPath(dir, links), basename(path));
  }
}

/** Whether two paths name one file: the same real path, or the same inode (a hard link). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  if ((await realPath(a)) === (await realPath(b))) return true;
  const [sa, sb] = await Promise.all([fs.stat(a).catch(() => null), fs.stat(b).catch(() => null)]);
  return sa !== null && sb !== null && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Whether `output` would be written inside the folder `input` (real paths: links and `..` resolved). */
async function insideFolder(output: string, input: string): Promise<boolean> {
  const stat = await fs.stat(input).catch(() => null);
  if (stat === null || !stat.isDirectory()) return false;
  const folder = await realPath(input);
  return (await realPath(output)).startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The files of the SQLite database a command would use (its journal files too); none for a server. */
function sqliteFiles(dbUrl: string | undefined): string[] {
  const url = dbUrl ?? process.env.DESSA_DATABASE_URL ?? DEFAULT_DB;
  let parsed: ReturnType<typeof parseUrl>;
  try {
    parsed = parseUrl(url);
  } catch {
    return []; // the command itself reports a bad URL
  }
  if (parsed.dialect !== 'sqlite') return [];
  const file = (parsed.config.connection as { filename: string }).filename;
  return file === ':memory:' ? [] : [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Refuses an --output that would overwrite one of the command's inputs or its SQLite database
 * (a plan written over dessa.sqlite destroys every org in it), or that lies inside an input folder
 * (a OneRoster export): a usage error before anything is read or written.
 */
export async function refuseOverwrite(
  output: string,
  inputs: string[],
  dbUrl: string | undefined,
  map?: string,
  flag = '--output',
): Promise<void> {
  const named = inputs.map((path) => ({ path, what: 'the input file' }));
  if (map !== undefined) named.push({ path: map, what: 'the --map file' });
  for (const { path: input, what: which } of named) {
    if (input !== '-' && (await sameFile(output, input))) {
      const what = `${flag} ${shown(output)} is ${which} ${shown(input)}`;
      throw new DessaError('usage', `${what}; nothing was written: choose another output file`);
    }
    // An export folder is read file by file: a file written into it would change what is read.
    if (input !== '-' && (await insideFolder(output, input))) {
      const what = `${flag} ${shown(output)} is inside the export folder ${shown(input)} being read`;
      throw new DessaError('usage', `${what}; nothing was written: choose a file outside it`);
    }
  }
  for (const file of sqliteFiles(dbUrl)) {
    if (await sameFile(output, file)) {
      const what = `${flag} ${shown(output)} is the SQLite database ${shown(file)}`;
      throw new DessaError('usage', `${what}; nothing was written: choose another output file`);
    }
  }
}
