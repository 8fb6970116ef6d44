import { promises as fs } from 'node:fs';
import { RosterCheck } from '../checks/roster-check.js';
import { ACCEPTED, extensionOf } from '../input/source.js';
import { runReader, type ReadOptions, type ReadResult } from './reader.js';
import { readPipelined } from './pipeline.js';
import { openOneRoster } from '../oneroster/export.js';

export type { ReadOptions, ReadResult } from './reader.js';

/** Below this size a second thread costs more than it saves (a roster zips to about a twelfth). */
const PIPELINE_MIN_BYTES = 8 * 1024 * 1024;
const PIPELINE_MIN_ZIP_BYTES = 1024 * 1024;

/**
 * Reads a roster file (plain, zip or `-`) or a OneRoster export (folder or zip), streaming, and
 * checks it against the spec.
 * A large plain file is read and row-checked on a second thread while this one does the
 * cross-row work (same report, about twice the speed on two cores).
 */
export async function readRoster(path: string, opts: ReadOptions & { threads?: number } = {}): Promise<ReadResult> {
  // A folder or zip whose manifest.csv names OneRoster 1.1 or 1.2 is an export to map (one thread).
  const exp = await openOneRoster(path, { ...opts, version: '' });
  // The mapping is loaded only for an export: validate of a CSV starts without it.
  if (exp !== null) return (await import('./oneroster.js')).readOneRoster(exp, opts);
  if (await worthPipelining(path, opts)) return readPipelined(path, opts);
  let check = new RosterCheck(opts);
  const facts = await runReader(path, opts, () => {
    check = new RosterCheck(opts);
    return check.stage;
  });
  return { report: check.finish(facts.partial, facts.encoding, facts.delimiter), roster: check.roster };
}

async function worthPipelining(path: string, opts: ReadOptions & { threads?: number }): Promise<boolean> {
  // --max-errors must stop at an exact count, which two threads cannot promise cheaply.
  const ext = extensionOf(path);
  if (
    (opts.threads ?? 2) < 2 ||
    path === '-' ||
    (opts.limits?.maxErrors ?? 0) > 0 ||
    !(ACCEPTED as readonly string[]).includes(ext)
  )
    return false;
  const size = await fs
    .stat(path)
    .then((s) => s.size)
    .catch(() => 0);
  return size >= (ext === '.zip' ? PIPELINE_MIN_ZIP_BYTES : PIPELINE_MIN_BYTES);
}
