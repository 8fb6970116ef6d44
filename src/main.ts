import { run, type Invocation } from './cli.js';
import { processOutput } from './command-kit/output.js';
import { scrub, secretsIn } from './db/url.js';
import { DessaError, EXIT, isDessaError } from './base/errors.js';
import { escapeControls } from './base/escape.js';
import { renderError } from './render/json.js';
import { handleInterrupts } from './base/signals.js';
import { driverMessage } from './db/driver-message.js';

/**
 * The stack of a failure's cause as --debug shows it. A database driver's message carries the
 * statement with its values inlined (children's data) or quotes them: for a db-* failure only the
 * driver's own message, blanked as the failure line is, precedes the frames.
 */
function causeStack(err: DessaError, cause: Error): string {
  if (!err.code.startsWith('db-')) return String(cause.stack);
  const frames = String(cause.stack)
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
  return [`${cause.name}: ${driverMessage(cause)}`, ...frames].join('\n');
}

/** The one place that ends the process: every failure becomes one line and an exit code. */
export async function start(argv: string[] = process.argv.slice(2)): Promise<void> {
  const debug = argv.includes('--debug');
  handleInterrupts();
  // A password typed in --db (or DESSA_DATABASE_URL) is never printed, whatever message carries it.
  // Nor the SFTP password or key passphrase: no message carries them, and any that did would be blanked.
  const sftpSecrets = [process.env.DESSA_SFTP_PASSWORD, process.env.DESSA_SFTP_PASSPHRASE].filter(
    (s): s is string => s !== undefined && s.length >= 4,
  );
  const secrets = [...secretsIn([...argv, process.env.DESSA_DATABASE_URL]), ...sftpSecrets];
  const safe = (text: string) => scrub(escapeControls(text), secrets);
  // A stack is several lines: each is escaped as a line (a file name in its message may hold ESC).
  const safeStack = (text: string | undefined) => String(text).split('\n').map(safe).join('\n');
  // A library's process warning (e.g. pg's multi-line SSL notice) is one line of ours, never its raw text.
  process.removeAllListeners('warning');
  process.on('warning', (w: Error) => {
    process.stderr.write(`dessa-roster: warning: ${safe(String(w.message).trim().split(/\r?\n/)[0])}\n`);
  });
  let stdoutFailed: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // A closed pipe (`| head`) is the reader's choice, not a failure; a full disk is.
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    stdoutFailed ??= err;
  });
  const invocation: Invocation = { format: 'text' };
  const fail = (err: DessaError) => {
    process.stderr.write(`dessa-roster: [${err.code}] ${safe(err.message)}\n`);
    // --format json: the failure is also the one JSON document on standard output.
    if (invocation.format === 'json' && !stdoutFailed) {
      process.stdout.write(renderError(err, (text) => scrub(text, secrets)));
    }
    return err.exitCode;
  };
  let code: number;
  // A command whose work was left waiting on a callback that never comes (a library that drops
  // it when a connection dies) would otherwise end here with exit 0 and no word.
  let finished = false;
  process.once('beforeExit', () => {
    if (finished) return;
    fail(new DessaError('internal', 'the command stopped before it finished (run with --debug for details)'));
    process.exit(EXIT.unreadable);
  });
  try {
    code = await run(argv, processOutput, invocation);
  } catch (err) {
    if (isDessaError(err)) {
      code = fail(err);
      if (debug && err.cause instanceof Error) process.stderr.write(`${safeStack(causeStack(err, err.cause))}\n`);
    } else {
      const e = err as Error;
      const why = e?.message ?? String(err);
      code = fail(new DessaError('internal', `unexpected failure: ${why} (run with --debug for details)`));
      if (debug) process.stderr.write(`${safeStack(e?.stack)}\n`);
    }
  }
  finished = true;
  // Let stdout drain before leaving; a report that could not be written is a failure, not a success.
  process.stdout.write('', (err?: Error | null) => {
    const failed = stdoutFailed ?? (err as NodeJS.ErrnoException | null | undefined);
    if (failed && failed.code !== 'EPIPE') {
      const why = failed.code ?? failed.message;
      const line = `cannot write to standard output (${why}): check the disk or the pipe it goes to`;
      process.stderr.write(`dessa-roster: [write-failed] ${line}\n`);
      code = EXIT.unreadable;
    }
    process.exitCode = code;
    process.exit(code);
  });
}
