/**
 * Ctrl-C and `kill` (SIGINT, SIGTERM): one line saying what was written, then exit 130 / 143
 * (128 + the signal's number, as shells report it). Leaving at once is what keeps the data
 * safe: an apply's transaction is open until its COMMIT, and the database rolls an open
 * transaction back when its connection closes with the process (SQLite ignores WAL frames
 * with no commit record), so the only states that are not "nothing was written" are a
 * COMMIT in flight or done. Those are tracked here, by the code that sends the COMMIT.
 */

export type WriteState = 'idle' | 'migrating' | 'committing' | 'committed';

let state: WriteState = 'idle';

export function markWriting(next: WriteState): void {
  state = next;
}

const SAY: Record<WriteState, string> = {
  idle: 'interrupted; nothing was written',
  migrating: 'interrupted while updating the schema; no roster data was written, and the next run finishes the update',
  committing: 'interrupted while committing; `dessa-roster history --org ORG` shows whether the run was recorded',
  committed: 'interrupted after the changes were committed; `dessa-roster history --org ORG` shows the run',
};

const EXIT_BY_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

/** Installs the handlers once; `write` is standard error. */
export function handleInterrupts(write: (line: string) => void = (l) => process.stderr.write(l)): void {
  for (const signal of Object.keys(EXIT_BY_SIGNAL) as (keyof typeof EXIT_BY_SIGNAL)[]) {
    process.once(signal, () => {
      write(`dessa-roster: ${SAY[state]}\n`);
      process.exit(EXIT_BY_SIGNAL[signal]);
    });
  }
}
