import type { FolderEntry } from './folder.js';

/*
 * The pure decisions of a sync run over one inbox listing: which entries are deliveries, whether
 * the newest has settled, which one wins, and the names files are set aside under. No I/O here.
 */

/** What a sync run reads: roster files, by extension (case ignored). */
export const ROSTER_EXTENSIONS = ['.csv', '.tsv', '.txt', '.zip'] as const;

/** Subfolders of the inbox a run writes to; their entries are never deliveries. */
export const PROCESSED = 'processed';
export const REJECTED = 'rejected';
export const REPORTS = 'reports';

/**
 * Names upload clients and editors give a file still being written: never a delivery, whatever
 * their extension (`roster.csv.part` has none of ours, `roster.tmp.csv` has).
 */
const TEMPORARY = [/^\./, /^~/, /~$/, /\.(part|partial|filepart|crdownload|tmp|temp|upload|swp)$/i, /\.tmp\./i];

/** Whether an entry directly in the inbox is a delivery sync may read: a regular file named as a roster. */
export function isDelivery(entry: FolderEntry): boolean {
  if (!entry.isFile) return false;
  const name = entry.name;
  if (TEMPORARY.some((pattern) => pattern.test(name))) return false;
  const lower = name.toLowerCase();
  return ROSTER_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

/** Newest first: by modification time, then by name (the later name wins a tie, as date-stamped names sort). */
export function byNewest(a: FolderEntry, b: FolderEntry): number {
  if (a.mtimeMs !== b.mtimeMs) return b.mtimeMs - a.mtimeMs;
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}

export type InboxDecision =
  | { kind: 'nothing' }
  /** The newest delivery was modified less than the settle time ago: it may still be uploading. */
  | { kind: 'waiting'; file: FolderEntry; settlesInMs: number }
  /** The newest delivery is read; every other one is older and set aside unapplied. */
  | { kind: 'take'; file: FolderEntry; superseded: FolderEntry[] };

/**
 * What a run does with the inbox at `nowMs`. When the newest delivery has settled, every other one
 * is older and so has settled too; when it has not, nothing is touched (it would supersede the rest).
 * A modification time a little in the future (a clock a little ahead) counts as just now. One further
 * ahead than the settle time is no write in progress on a clock kept in time: it was set so (a copy
 * that kept its times, `touch -d`), and waiting for it would stall the inbox until that day; it has settled.
 */
export function decide(entries: readonly FolderEntry[], nowMs: number, settleMs: number): InboxDecision {
  const deliveries = entries.filter(isDelivery).sort(byNewest);
  if (deliveries.length === 0) return { kind: 'nothing' };
  const [newest, ...older] = deliveries;
  const age = nowMs - newest.mtimeMs;
  if (settleMs > 0 && age < settleMs && age > -settleMs)
    return { kind: 'waiting', file: newest, settlesInMs: settleMs - Math.max(0, age) };
  return { kind: 'take', file: newest, superseded: older };
}

/** A run's time as it appears in file names: UTC, sortable, no characters a file system refuses. */
export function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** The longest file name most file systems (and SFTP servers) accept, in bytes. */
export const MAX_NAME_BYTES = 255;

/**
 * `prefix` + `original` + `suffix`, the original's stem shortened (marked "…", its extension kept) when the
 * whole would be longer than a file name may be.
 */
function fitted(prefix: string, original: string, suffix: string): string {
  const whole = `${prefix}${original}${suffix}`;
  if (Buffer.byteLength(whole) <= MAX_NAME_BYTES) return whole;
  const dot = original.lastIndexOf('.');
  const ext = dot > 0 && original.length - dot <= 16 ? original.slice(dot) : '';
  const stem = Array.from(original.slice(0, original.length - ext.length));
  const name = () => `${prefix}${stem.join('')}…${ext}${suffix}`;
  while (stem.length > 0 && Buffer.byteLength(name()) > MAX_NAME_BYTES) stem.pop();
  return name();
}

/**
 * The name a file is set aside under: the run's time first (a folder lists in time order), then
 * the original name whole (shortened only past 255 bytes). `taken` holds the names already in the target
 * folder: a second file of the same name in the same second gets `-2`, `-3`… before the original name,
 * never an overwrite.
 */
export function asideName(original: string, at: Date, taken: ReadonlySet<string>, suffix = ''): string {
  const base = stamp(at);
  for (let n = 1; ; n++) {
    const name = fitted(`${base}${n === 1 ? '' : `-${n}`}_`, original, suffix);
    if (!taken.has(name)) return name;
  }
}

/** The report's name for a run that handled `original`: beside it in time order, a text file. */
export function reportName(original: string, at: Date, taken: ReadonlySet<string>): string {
  return asideName(original, at, taken, '.report.txt');
}
