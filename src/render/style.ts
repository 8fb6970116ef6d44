import { Chalk, type ChalkInstance } from 'chalk';

/** Colour only on a TTY, never when NO_COLOR is set (https://no-color.org); FORCE_COLOR wins. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const off = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const level = forced ? 1 : !off && stream.isTTY ? 1 : 0;
  return new Chalk({ level });
}
