/**
 * Preloaded into the CLI (NODE_OPTIONS=--import) to crash it on purpose between the database
 * commit and the file moves of a sync run: the process kills itself (SIGKILL, no cleanup of any
 * kind) when it is about to set aside the file named by DESSA_FAULT_KILL_ON_MOVE. LocalFolder moves
 * with a hard link, so the link is where it dies.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';

const victim = process.env.DESSA_FAULT_KILL_ON_MOVE;
const link = fs.link;
fs.link = async (from, to) => {
  if (victim && basename(String(from)) === victim) process.kill(process.pid, 'SIGKILL');
  return link(from, to);
};
