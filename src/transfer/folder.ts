/**
 * A folder of deliveries, on this machine or on an SFTP server: what `sync` reads its inbox through.
 * Names are plain entry names of this folder or of one of its subfolders (`processed/NAME`); a name
 * never holds `..` or starts with `/` (callers build them, implementations may assert it).
 */
export interface FolderEntry {
  name: string;
  size: number;
  /** Last modification, in milliseconds since the epoch (an SFTP server gives whole seconds). */
  mtimeMs: number;
  isFile: boolean;
}

export interface Folder {
  /** What the folder is, for messages and history: a path, or sftp://USER@HOST:PORT/DIR/ (never a secret). */
  readonly label: string;
  /** The entries directly in the folder (or in `sub`), dot-files included: callers decide what to skip. */
  list(sub?: string): Promise<FolderEntry[]>;
  /**
   * A local path holding the entry's bytes: the file itself for a local folder, a downloaded copy for
   * SFTP. `release()` removes a copy; it never touches the entry.
   */
  local(name: string): Promise<{ path: string; release(): Promise<void> }>;
  /** Creates the subfolder when it is missing. */
  ensureDir(sub: string): Promise<void>;
  /** Renames an entry; refuses (throws) when `to` exists rather than overwrite it. */
  move(from: string, to: string): Promise<void>;
  /** Writes a whole small file under a dot-name first, then renames it into place. */
  writeFile(name: string, data: string | Buffer): Promise<void>;
  close(): Promise<void>;
}
