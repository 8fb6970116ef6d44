import { EXIT } from '../../base/errors.js';
import { escapeControls } from '../../base/escape.js';
import type { Summary } from '../../plan/types.js';

/** How one district's sync run ended. `error` is only ever a row of `sync --config`. */
export type SyncStatus = 'applied' | 'unchanged' | 'nothing' | 'waiting' | 'busy' | 'rejected' | 'error';

export interface SyncOutcome {
  status: SyncStatus;
  org: string;
  program: string;
  /** The inbox: a path or an sftp:// URL. */
  source: string;
  /** The delivery the run read, as named in the inbox. */
  file?: string;
  /** Where it was set aside, relative to the inbox (processed/… or rejected/…). */
  movedTo?: string;
  /** The history run that recorded the outcome (an apply, or a refusal). */
  run?: number;
  summary?: Summary;
  /** Why a file was rejected: its validation errors, or a guard. */
  rejected?: 'invalid' | 'guard';
  /** One line: the validation error count, the guard, or the failure. */
  detail?: string;
  /** Older deliveries set aside unapplied. */
  superseded: { file: string; movedTo?: string }[];
  /** The report written for the district, relative to the inbox. */
  report?: string;
  error?: { code: string; message: string };
}

/** The exit code of one outcome: 0 applied, unchanged, nothing, waiting; 1 invalid; 3 guard; 2 busy or error. */
export function exitOf(o: SyncOutcome): number {
  if (o.status === 'rejected') return o.rejected === 'guard' ? EXIT.guard : EXIT.invalid;
  if (o.status === 'busy' || o.status === 'error') return EXIT.unreadable;
  return EXIT.ok;
}

/** The worst of several exit codes, for `sync --config`: an error, then a guard, then an invalid file. */
export function worstExit(codes: number[]): number {
  const rank = [EXIT.ok, EXIT.invalid, EXIT.guard, EXIT.unreadable];
  return codes.reduce((worst, c) => (rank.indexOf(c as never) > rank.indexOf(worst as never) ? c : worst), EXIT.ok);
}

/** created/updated/removed over every entity, for one line. */
export function totals(summary: Summary | undefined): string {
  if (!summary) return '';
  const sum = (action: 'create' | 'update' | 'remove' | 'reactivate') =>
    Object.values(summary).reduce((n, c) => n + c[action], 0);
  return (
    `${sum('create')} created, ${sum('update')} updated, ${sum('remove')} removed` +
    (sum('reactivate') > 0 ? `, ${sum('reactivate')} reactivated` : '')
  );
}

/** The outcome as JSON shows it: the status first, then what the run read and did. */
export function outcomeJson(o: SyncOutcome): Record<string, unknown> {
  const { status, file, run, summary, ...rest } = o;
  return { status, file: file ?? null, run: run ?? null, summary: summary ?? null, ...rest };
}

/** The outcome as one line for a log (untrusted names escaped). */
export function outcomeLine(o: SyncOutcome): string {
  const who = `${o.org}${o.program === 'default' ? '' : `/${o.program}`}`;
  const parts = [`sync ${who}: ${o.status}${o.rejected ? ` (${o.rejected})` : ''}`];
  if (o.file !== undefined) parts.push(o.file);
  if (o.run !== undefined) parts.push(`run ${o.run}`);
  if (o.summary && o.status === 'applied') parts.push(totals(o.summary));
  if (o.detail) parts.push(o.detail);
  if (o.movedTo) parts.push(`-> ${o.movedTo}`);
  if (o.superseded.length > 0) parts.push(`${o.superseded.length} older superseded`);
  if (o.report) parts.push(`report ${o.report}`);
  if (o.status === 'nothing' || o.status === 'waiting' || o.status === 'busy') parts.push(`in ${o.source}`);
  return escapeControls(parts.join('; '));
}
