import { createHash } from 'node:crypto';

/** The reading options that change what a roster file says, as a saved plan keeps them. */
export interface ReadOptions {
  delimiter?: string;
  encoding?: string;
  /** The --map file's absolute path: where to find it, not what it says (that is mapSha256). */
  map?: string;
  mapSha256?: string;
  /** How a OneRoster export is mapped: `--student-id`, `--sasid-type` (set only when given). */
  studentId?: string;
  sasidType?: string;
}

/**
 * The identity of a file's reading, recorded with each run for --if-changed: the sha256 hex of
 * a canonical JSON of the options that decide what the bytes say. The map is its content
 * (mapSha256), not its path, so a moved map reads the same. The keys are in a fixed order
 * and an option not given is null: equal options always give equal digests. An option given
 * as its default (`--encoding utf-8`) counts as different from none: at worst one run more.
 */
export function readDigest(read: ReadOptions): string {
  // The OneRoster options join the canonical form only when given, so the digest of every
  // reading made without them (each run recorded before they existed) stays what it was.
  const canonical = JSON.stringify({
    delimiter: read.delimiter ?? null,
    encoding: read.encoding ?? null,
    mapSha256: read.mapSha256 ?? null,
    ...(read.studentId !== undefined && { studentId: read.studentId }),
    ...(read.sasidType !== undefined && { sasidType: read.sasidType }),
  });
  return createHash('sha256').update(canonical).digest('hex');
}
