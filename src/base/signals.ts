import { escapeControls, shellArg } from './escape.js';

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

/** The run's `--org` (and `--program` when not the default) as history takes them: set by apply. */
let historyScope = '--org ORG';

/** The org and program the run writes: an interrupt after its COMMIT names them in the history command. */
export function markScope(scope: { org: string; program: string }): void {
  const program = scope.program === 'default' ? '' : ` --program ${shellArg(scope.program)}`;
  historyScope = escapeControls(`--org ${shellArg(scope.org)}${program}`);
}

/** The line an interrupt prints in each state. */
export function interruptMessage(at: WriteState = state): string {
  const history = `\`dessa-roster history ${historyScope}\``;
  const say: Record<WriteState, string> = {
    idle: 'interrupted; nothing was written',
    migrating:
      'interrupted while updating the schema; no roster data was written, and the next run finishes the update',
    committing: `interrupted while committing; ${history} shows whether the run was recorded`,
    committed: `interrupted after the changes were committed; ${history} shows the run`,
  };
  return say[at];
}

const EXIT_BY_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

/** Installs the handlers once; `write` is standard error. */
export function handleInterrupts(write: (line: string) => void = (l) => process.stderr.write(l)): void {
  for (const signal of Object.keys(EXIT_BY_SIGNAL) as (keyof typeof EXIT_BY_SIGNAL)[]) {
    process.once(signal, () => {
      write(`dessa-roster: ${interruptMessage()}\n`);
      process.exit(EXIT_BY_SIGNAL[signal]);
    });
  }
}
