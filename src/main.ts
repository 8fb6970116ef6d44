import { run } from './cli.js';
import { processOutput } from './commands/output.js';
import { EXIT, isDessaError } from './errors.js';
import { handleInterrupts } from './signals.js';

/** The one place that ends the process: every failure becomes one line and an exit code. */
export async function start(argv: string[] = process.argv.slice(2)): Promise<void> {
  const debug = argv.includes('--debug');
  handleInterrupts();
  // A closed pipe (`| head`) is the reader's choice, not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
  });
  let code: number;
  try {
    code = await run(argv, processOutput);
  } catch (err) {
    if (isDessaError(err)) {
      // Commander already printed its own usage message.
      if (!err.context.shown) process.stderr.write(`dessa-roster: [${err.code}] ${err.message}\n`);
      if (debug && err.cause instanceof Error) process.stderr.write(`${err.cause.stack}\n`);
      code = err.exitCode;
    } else {
      const e = err as Error;
      process.stderr.write(`dessa-roster: unexpected failure: ${e?.message ?? String(err)} (run with --debug for details)\n`);
      if (debug) process.stderr.write(`${e?.stack}\n`);
      code = EXIT.unreadable;
    }
  }
  process.exitCode = code;
  // Let stdout drain before leaving.
  process.stdout.write('', () => process.exit(code));
}
