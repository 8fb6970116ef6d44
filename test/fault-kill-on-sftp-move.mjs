/**
 * Preloaded into the CLI (NODE_OPTIONS=--import) to crash a sync from an sftp:// source on purpose
 * between the database commit and the file moves: the process kills itself (SIGKILL, no cleanup)
 * when it is about to rename, over SFTP, the file named by DESSA_FAULT_KILL_ON_MOVE. The
 * SFTP rename of ssh2 is where a move on the server starts.
 */
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(import.meta.url);
const { SFTP } = require('ssh2/lib/protocol/SFTP.js');
const victim = process.env.DESSA_FAULT_KILL_ON_MOVE;
const rename = SFTP.prototype.rename;
SFTP.prototype.rename = function (from, to, cb) {
  if (victim && basename(String(from)) === victim) process.kill(process.pid, 'SIGKILL');
  return rename.call(this, from, to, cb);
};
