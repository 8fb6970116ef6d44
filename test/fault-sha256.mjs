/**
 * Preloaded into the CLI (NODE_OPTIONS=--import) to make an unexpected failure on purpose:
 * hashing a roster file (sha256, in diff and apply) throws a plain Error, as a bug would. The
 * message repeats the command line, as a library error quoting its input would, so a test can
 * see whether the --db password in it is masked.
 */
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

const createHash = crypto.createHash;
crypto.createHash = (algorithm, ...rest) => {
  if (algorithm === 'sha256') throw new Error(`injected fault, command line: ${process.argv.slice(2).join(' ')}`);
  return createHash(algorithm, ...rest);
};
syncBuiltinESMExports();
