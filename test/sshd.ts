import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { tmp } from './helpers.js';

/**
 * A real OpenSSH server on a free loopback port, for the SFTP tests: host and user keys made with
 * ssh-keygen in a temporary folder, `internal-sftp`, logins as the user running the tests (root in
 * CI, hence PermitRootLogin) with the user key. Stopped by its pid.
 *
 *   const server = await startSshd();
 *   afterAll(() => server.stop());
 *   cli(['deliver', file, server.url('inbox'), '--identity', server.userKey, '--known-hosts', server.knownHosts]);
 */
export interface Sshd {
  port: number;
  /** The temporary folder: keys, config, and `data/`, the tree the tests read and write through SFTP. */
  dir: string;
  /** Where URLs point: a folder the tests create and inspect directly on disk. */
  root: string;
  /** The user key (ed25519, no passphrase) the server accepts. */
  userKey: string;
  /** `SHA256:…` of the current host key, as ssh-keygen -lf prints it. */
  fingerprint: string;
  /** The address listened on: 127.0.0.1, or ::1 when asked. */
  host: string;
  /** A known_hosts line for the current key: `[127.0.0.1]:PORT ssh-ed25519 AAAA…`. */
  knownHostsLine: string;
  /** With `extraHostKey`: the known_hosts line of that second key. */
  extraKnownHostsLine?: string;
  /** A known_hosts file holding that line. */
  knownHosts: string;
  /** The user logged in as. */
  user: string;
  /** `sftp://USER@127.0.0.1:PORT/ROOT/SUB/` */
  url(sub?: string): string;
  /** Ends the server and every session it started (a killed server mid-transfer). */
  kill(): void;
  /** Stops (SIGSTOP) every session of the server, as a frozen server; returns what resumes them. */
  freezeSessions(): () => void;
  stop(): Promise<void>;
  /** Restarts on the same port; with `newHostKey`, under a freshly made host key of that type. */
  restart(opts?: { newHostKey?: 'ed25519' | 'ecdsa' | 'rsa' }): Promise<void>;
  /** What sshd wrote on standard error (-e) so far. */
  log(): string;
  /**
   * The log from offset `from` once a line matching `until` follows it (sshd's lines arrive while
   * the test waits; a CLI run by spawnSync blocks them until it ends).
   */
  logUntil(from: number, until: RegExp): Promise<string>;
  /** The log's length once sshd has written nothing more for a moment: where the next run's lines begin. */
  settledLog(): Promise<number>;
}

const SSHD = '/usr/sbin/sshd';

function keygen(type: string, file: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'dessa-test', '-f', file], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** `type base64` of a .pub file, and its SHA256 fingerprint. */
export function publicKey(file: string): { type: string; base64: string; fingerprint: string } {
  const [type, base64] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  const digest = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64');
  return { type, base64, fingerprint: `SHA256:${digest.replace(/=+$/, '')}` };
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port answers with an SSH banner. */
async function waitForBanner(host: string, port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}):\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host });
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString('latin1').startsWith('SSH-2.0'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not answer on port ${port}:\n${log()}`);
}

/** Every process below `pid`, deepest last. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while the table was read.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

/**
 * A copy of /etc/shadow in which `user`'s password is `password` (SHA-512 crypt), for
 * a server started in a mount namespace of its own where the copy is bound over /etc/shadow: sshd
 * without PAM checks passwords against that file, and the system's own is never touched.
 */
function shadowWith(dir: string, user: string, password: string): string {
  // perl-base is essential in Debian; its crypt() is glibc's, which makes SHA-512 ($6$) hashes.
  const salt = `$6$${randomBytes(6).toString('hex')}$`;
  const crypt = spawnSync('perl', ['-e', 'print crypt(<STDIN>, $ARGV[0])', salt], {
    input: password,
    encoding: 'utf8',
  });
  const hash = String(crypt.stdout);
  if (!hash.startsWith(salt)) throw new Error(`perl crypt() made no SHA-512 hash: ${crypt.stderr}`);
  const lines = readFileSync('/etc/shadow', 'utf8').split('\n');
  const mine = lines.map((l) => (l.split(':')[0] === user ? [user, hash, ...l.split(':').slice(2)].join(':') : l));
  const path = join(dir, 'shadow');
  writeFileSync(path, mine.join('\n'), { mode: 0o600 });
  return path;
}

export interface SshdOptions {
  hostKey?: 'ed25519' | 'ecdsa' | 'rsa';
  /** Flags of `internal-sftp`, e.g. `-P posix-rename` to deny a request. */
  sftpFlags?: string;
  /** A second host key of another type, which the server also offers. */
  extraHostKey?: 'ed25519' | 'ecdsa' | 'rsa';
  /** Listen on ::1 instead of 127.0.0.1. */
  ipv6?: boolean;
  /** The password the server accepts for the user (needs root and unshare(1): see shadowWith). */
  password?: string;
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing: install openssh-server (apt-get install openssh-server), as .ci/run does`);
  }
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = tmp();
  const root = join(dir, 'data');
  mkdirSync(root);
  const hostKeyFile = join(dir, 'host_key');
  const userKey = join(dir, 'user_key');
  keygen(opts.hostKey ?? 'ed25519', hostKeyFile);
  const extraKeyFile = join(dir, 'host_key_extra');
  if (opts.extraHostKey) keygen(opts.extraHostKey, extraKeyFile);
  keygen('ed25519', userKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${userKey}.pub`));
  const host = opts.ipv6 ? '::1' : '127.0.0.1';
  const port = await freePort(host);
  const user = String(spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout).trim();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      `ListenAddress ${host}`,
      `HostKey ${hostKeyFile}`,
      ...(opts.extraHostKey ? [`HostKey ${extraKeyFile}`] : []),
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'LogLevel VERBOSE',
      `Subsystem sftp internal-sftp${opts.sftpFlags ? ` ${opts.sftpFlags}` : ''}`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess;
  let log = '';
  const shadow = opts.password === undefined ? undefined : shadowWith(dir, user, opts.password);
  // unshare and sh exec in place: the pid is sshd's.
  const launch = async () => {
    const sshd = [SSHD, '-D', '-e', '-f', config];
    const [program, ...args] = shadow
      ? [
          'unshare',
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind "$0" /etc/shadow && exec "$@"',
        ].concat([shadow, ...sshd])
      : sshd;
    child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d) => (log += d.toString()));
    await waitForBanner(host, port, child, () => log);
  };
  const kill = () => {
    const pids = [child.pid!, ...descendants(child.pid!)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    kill();
    await exited;
  };
  await launch();
  const server: Sshd = {
    port,
    dir,
    root,
    userKey,
    user,
    fingerprint: '',
    knownHostsLine: '',
    knownHosts: join(dir, 'known_hosts'),
    host,
    url: (sub = '') => `sftp://${user}@${opts.ipv6 ? '[::1]' : host}:${port}${join(root, sub)}/`,
    kill,
    freezeSessions: () => {
      const sessions = descendants(child.pid!);
      const signal = (s: NodeJS.Signals) => sessions.forEach((pid) => process.kill(pid, s));
      signal('SIGSTOP');
      return () => signal('SIGCONT');
    },
    stop,
    restart: async (o = {}) => {
      await stop();
      if (o.newHostKey) keygen(o.newHostKey, hostKeyFile);
      describeKey();
      await launch();
    },
    log: () => log,
    settledLog: async () => {
      for (let seen = -1; seen !== log.length;) {
        seen = log.length;
        await new Promise((r) => setTimeout(r, 250));
      }
      return log.length;
    },
    logUntil: async (from, until) => {
      for (let i = 0; i < 200 && !until.test(log.slice(from)); i++) await new Promise((r) => setTimeout(r, 25));
      if (!until.test(log.slice(from))) throw new Error(`sshd never logged ${until}:\n${log.slice(from)}`);
      return log.slice(from);
    },
  };
  const describeKey = () => {
    const key = publicKey(hostKeyFile);
    server.fingerprint = key.fingerprint;
    server.knownHostsLine = `[${host}]:${port} ${key.type} ${key.base64}`;
    if (opts.extraHostKey) {
      const extra = publicKey(extraKeyFile);
      server.extraKnownHostsLine = `[${host}]:${port} ${extra.type} ${extra.base64}`;
    }
  };
  describeKey();
  writeFileSync(server.knownHosts, `${server.knownHostsLine}\n`);
  return server;
}

/** The environment of a CLI run against the test server: no agent, password or passphrase unless a test sets one. */
export const SFTP_ENV: NodeJS.ProcessEnv = {
  SSH_AUTH_SOCK: undefined,
  DESSA_SFTP_PASSWORD: undefined,
  DESSA_SFTP_PASSPHRASE: undefined,
};

/** The names in a folder of the server's tree, sorted (dot-files included). */
export function namesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
