import { DessaError } from '../../base/errors.js';
import { escapeControls } from '../../base/escape.js';
import type { Folder } from '../../transfer/folder.js';
import { asideName, reportName } from '../../transfer/inbox.js';

/* Setting files aside in the inbox's subfolders, never over an earlier one. */

const ATTEMPTS = 5;

const namesIn = async (folder: Folder, sub?: string) => new Set((await folder.list(sub)).map((e) => e.name));

function asideFailed(folder: Folder, what: string, err: unknown): DessaError {
  const why = (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
  return new DessaError(
    'write-failed',
    `cannot ${escapeControls(what)} in ${escapeControls(folder.label)} (${escapeControls(String(why))}): ` +
      'check that this user may write the folder and its subfolders; the next run finishes the move',
    {},
    { cause: err },
  );
}

/**
 * Moves `name` from the inbox into `sub` under a name keeping the original and the time; returns
 * `sub/NEW`, or undefined when the file was gone already (another run set it aside). A name taken
 * meanwhile (the move refuses to overwrite) is retried with the next free name.
 */
export async function setAside(folder: Folder, name: string, sub: string, at: Date): Promise<string | undefined> {
  try {
    await folder.ensureDir(sub);
    for (let attempt = 1; ; attempt++) {
      const target = `${sub}/${asideName(name, at, await namesIn(folder, sub))}`;
      try {
        await folder.move(name, target);
        return target;
      } catch (err) {
        const inbox = await namesIn(folder).catch(() => undefined);
        if (inbox && !inbox.has(name)) return undefined;
        if (attempt >= ATTEMPTS) throw err;
      }
    }
  } catch (err) {
    if (err instanceof DessaError) throw err;
    throw asideFailed(folder, `move ${name} into ${sub}/`, err);
  }
}

/** Writes the run's report into `reports/`; returns its path relative to the inbox. */
export async function writeReport(folder: Folder, original: string, at: Date, text: string): Promise<string> {
  try {
    await folder.ensureDir('reports');
    const name = `reports/${reportName(original, at, await namesIn(folder, 'reports'))}`;
    await folder.writeFile(name, text);
    return name;
  } catch (err) {
    if (err instanceof DessaError) throw err;
    throw asideFailed(folder, `write the report of ${original}`, err);
  }
}
