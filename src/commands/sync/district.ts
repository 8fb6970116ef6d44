import { DessaError, isDessaError } from '../../base/errors.js';
import { osUser } from '../../db/apply.js';
import type { Database } from '../../db/connect.js';
import { lastRunWithStatus, storedFileName } from '../../db/history.js';
import { lockWaitSeconds } from '../../db/lock.js';
import { migrate } from '../../db/migrate.js';
import { insertRefusedRun } from '../../db/refusals.js';
import { SyncBusy, withSyncLock } from '../../db/sync-lock.js';
import { renderText } from '../../render/text.js';
import { styleFor } from '../../render/style.js';
import type { Folder, FolderEntry } from '../../transfer/folder.js';
import { decide, PROCESSED, REJECTED, REPORTS } from '../../transfer/inbox.js';
import { applyLoaded } from '../../command-kit/apply-loaded.js';
import { sha256File, withDatabase } from '../../command-kit/database.js';
import { guardsFrom, loadForDatabase, type Invalid, type Loaded, type RawPlanOptions } from '../../command-kit/load.js';
import { setAside, writeReport } from './aside.js';
import type { SyncOutcome } from './outcome.js';
import { reportText, type ReportContext } from './report-text.js';

/** One district's sync: its inbox, its scope and database, how its files are read and guarded. */
export interface District {
  /** The inbox as messages name it before it is opened: a path made absolute, or an sftp:// URL. */
  source: string;
  /**
   * Opens the inbox: a LocalFolder at once; an SFTP folder connects. Called inside the run (holding
   * the org's sync lock), so `sync --config` never holds more connections than districts at work.
   */
  open(): Promise<Folder>;
  /** org, program, db, the reading options and the guards, as apply takes them. */
  raw: RawPlanOptions & { org: string; program: string };
  settleMs: number;
}

/** Failures of the delivered file itself: the district's to fix, so the file is rejected with a report. */
const FILE_FAULTS = new Set([
  'not-text',
  'empty-file',
  'bad-encoding',
  'zip-invalid',
  'zip-unsafe',
  'zip-no-roster',
  'unsupported-format',
  'db-value-too-long',
]);

const SILENT = { stdout: { write: () => true }, stderr: { write: () => true } };

type Base = Omit<SyncOutcome, 'status'>;

/**
 * Runs one district: holding the org's sync lock, reads the newest settled delivery, applies it as
 * `apply --if-changed` does, then sets the files aside and writes the report. The database commit
 * comes before any file is moved: a run killed in between leaves the file in the inbox, and the
 * next run finds it unchanged and finishes the moves. Older deliveries are set aside before the
 * newest, so a run killed halfway never leaves an older file to be read as the newest.
 */
export async function syncDistrict(d: District): Promise<SyncOutcome> {
  const { org, program } = d.raw;
  const base: Base = { org, program, source: d.source, superseded: [] };
  return withDatabase(d.raw.db, async (db) => {
    // Before the sync lock, which holds a connection of its own: a migration needs others.
    await migrate(db.knex, db.label);
    try {
      return await withSyncLock(db, org, lockWaitSeconds(), async () => {
        const folder = await d.open();
        try {
          return await inLock(db, folder, d, { ...base, source: folder.label });
        } finally {
          await folder.close().catch(() => {});
        }
      });
    } catch (err) {
      if (err instanceof SyncBusy || (isDessaError(err) && err.code === 'db-locked')) {
        const waited = err instanceof SyncBusy ? err.waited : lockWaitSeconds();
        const detail = `another sync or apply of this org held its lock for the whole ${waited} s wait`;
        return { ...base, status: 'busy', detail };
      }
      throw err;
    }
  });
}

async function inLock(db: Database, folder: Folder, d: District, base: Base): Promise<SyncOutcome> {
  const at = new Date();
  const entries = await folder.list();
  const decision = decide(entries, at.getTime(), d.settleMs);
  if (decision.kind === 'nothing') return { ...base, status: 'nothing', ...unreadFolders(entries) };
  if (decision.kind === 'waiting') return waiting(base, decision.file, d.settleMs);
  const { file, superseded } = decision;
  const label = folder.label;
  const name = storedFileName(`${label}${label.endsWith('/') ? '' : '/'}${file.name}`);
  const local = await folder.local(file.name).catch((err) => {
    // A copy changed while downloaded, or taken meanwhile: as when reading a local file (see read()).
    if (isDessaError(err) && (err.code === 'file-changed' || err.code === 'file-not-found')) return err.code;
    throw err;
  });
  if (local === 'file-changed') return waiting(base, file, d.settleMs);
  if (local === 'file-not-found')
    return { ...base, status: 'nothing', detail: `${file.name} was taken by another run` };
  try {
    const loaded = await read(local.path, d, name);
    if ('waiting' in loaded) return waiting(base, file, d.settleMs);
    const gone = { ...base, status: 'nothing' as const, detail: `${file.name} was taken by another run` };
    if ('gone' in loaded) return gone;
    // A refusal records the file's sha256; a file gone meanwhile was set aside by another run.
    const refusing = 'fault' in loaded || 'invalid' in loaded;
    const sha256 = refusing ? await sha256File(local.path).catch(() => undefined) : '';
    if (sha256 === undefined) return gone;
    const refused = (rows: number) => ({
      ...d.raw,
      file: { name, sha256, rows },
      started: at.toISOString(),
      osUser: osUser(),
    });
    if ('fault' in loaded) {
      const run = await insertRefusedRun(db.knex, refused(0), 'refused-invalid');
      // Named as the district named it: not by the path it was read from here (a server's, or a download's).
      const detail = loaded.fault.message.split(local.path).join(file.name);
      const o = { ...base, file: file.name, run, rejected: 'invalid' as const, detail };
      const body = `Why: ${detail}`;
      return finish(folder, o, file, superseded, { at, size: file.size, mtimeMs: file.mtimeMs, body });
    }
    if ('invalid' in loaded) {
      const run = await insertRefusedRun(db.knex, refused(loaded.file.rows), 'refused-invalid');
      const body = renderText(loaded.report, file.name, styleFor({}, {}));
      const detail = `${loaded.report.summary.errors} validation error(s)`;
      const o = { ...base, file: file.name, run, rejected: 'invalid' as const, detail };
      return finish(folder, o, file, superseded, { at, size: file.size, mtimeMs: file.mtimeMs, body });
    }
    return await applied(db, folder, d, base, loaded, file, superseded, at);
  } finally {
    await local.release();
  }
}

async function applied(
  db: Database,
  folder: Folder,
  d: District,
  base: Base,
  loaded: Loaded,
  file: FolderEntry,
  superseded: FolderEntry[],
  at: Date,
): Promise<SyncOutcome> {
  const ctx: ReportContext = { at, size: file.size, mtimeMs: file.mtimeMs };
  let outcome;
  try {
    outcome = await applyLoaded(db, loaded, { guards: guardsFrom(d.raw), ifChanged: true });
  } catch (err) {
    if (!(isDessaError(err) && (err.code === 'guard-removals' || err.code === 'guard-updates'))) throw err;
    const summary = err.context.summary as SyncOutcome['summary'];
    // The log line names each guard without its examples; the report gives the whole message.
    const detail = (err.context.guards as string[]).map((g) => g.split(', e.g.')[0]).join('; ');
    const run = await lastRunWithStatus(db.knex, loaded.scope, 'refused-guard');
    const o = { ...base, file: file.name, run, rejected: 'guard' as const, summary, detail };
    return finish(folder, o, file, superseded, { ...ctx, body: `Why: ${err.message}` });
  }
  if (outcome.skipped) {
    const detail = 'already loaded: the last successful run read this file with the same options';
    return finish(folder, { ...base, file: file.name, detail }, file, superseded, ctx, 'unchanged');
  }
  const { runId, status, plan } = outcome.result;
  const o = { ...base, file: file.name, run: runId, summary: plan.summary };
  ctx.warnings = plan.warnings.map((w) => w.message);
  return finish(folder, o, file, superseded, ctx, status === 'unchanged' ? 'unchanged' : 'applied');
}

/** The file read for the database; a fault of the file itself, or a file still changing, said so. */
async function read(
  path: string,
  d: District,
  name: string,
): Promise<Loaded | Invalid | { fault: DessaError } | { waiting: true } | { gone: true }> {
  try {
    return await loadForDatabase(path, { ...d.raw, quiet: true, format: 'text' }, SILENT, undefined, name);
  } catch (err) {
    if (isDessaError(err) && err.code === 'file-changed') return { waiting: true };
    // Set aside meanwhile by something else than a sync of this org (which waits for the sync lock).
    if (isDessaError(err) && err.code === 'file-not-found') return { gone: true };
    if (isDessaError(err) && FILE_FAULTS.has(err.code)) return { fault: err };
    throw err;
  }
}

/** Folders delivered into the inbox (a OneRoster export unzipped) are never read: said, not silently passed over. */
function unreadFolders(entries: readonly FolderEntry[]): { detail?: string } {
  const own = new Set([PROCESSED, REJECTED, REPORTS]);
  const folders = entries.filter((e) => !e.isFile && !e.name.startsWith('.') && !own.has(e.name));
  if (folders.length === 0) return {};
  const names = folders.slice(0, 3).map((e) => `"${e.name}"`);
  const more = folders.length > 3 ? ` and ${folders.length - 3} more` : '';
  return {
    detail: `folder ${names.join(', ')}${more} not read: deliver a roster file, or a OneRoster export as one .zip`,
  };
}

function waiting(base: Base, file: FolderEntry, settleMs: number): SyncOutcome {
  const detail =
    settleMs > 0
      ? `still changing; read once unchanged for ${Math.round(settleMs / 1000)} s (--settle)`
      : 'changed while it was being read; read again on the next run';
  return { ...base, status: 'waiting', file: file.name, detail };
}

/** Older deliveries first, then the one read; then the report. */
async function finish(
  folder: Folder,
  o: Omit<SyncOutcome, 'status'>,
  file: FolderEntry,
  superseded: FolderEntry[],
  ctx: ReportContext,
  status: SyncOutcome['status'] = 'rejected',
): Promise<SyncOutcome> {
  const done: SyncOutcome = { ...o, status, superseded: [] };
  for (const older of superseded) {
    done.superseded.push({ file: older.name, movedTo: await setAside(folder, older.name, PROCESSED, ctx.at) });
  }
  done.movedTo = await setAside(folder, file.name, status === 'rejected' ? REJECTED : PROCESSED, ctx.at);
  // Already set aside by something else meanwhile (a sync holds the lock): whoever moved it answers for it.
  if (done.movedTo === undefined && status === 'unchanged') {
    return { ...done, status: 'nothing', detail: `${file.name} was set aside by another run` };
  }
  done.report = await writeReport(folder, file.name, ctx.at, reportText(done, ctx));
  return done;
}
