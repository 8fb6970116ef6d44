import { promises as fs } from 'node:fs';
import ssh2 from 'ssh2';
import { DessaError, fsError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';

/**
 * How to log in, from --identity and the environment: the key file (its passphrase from
 * DESSA_SFTP_PASSPHRASE), the ssh-agent of SSH_AUTH_SOCK, a password from DESSA_SFTP_PASSWORD.
 * Never a flag: a secret on a command line shows in `ps`. Tried in that order.
 */
export interface SftpAuth {
  privateKey?: Buffer;
  passphrase?: string;
  agent?: string;
  password?: string;
  /** What was tried, for a refusal's message: never a secret. */
  methods: string[];
}

export async function loadAuth(identity: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<SftpAuth> {
  const auth: SftpAuth = { methods: [] };
  if (identity !== undefined) {
    let data: Buffer;
    try {
      data = await fs.readFile(identity);
    } catch (err) {
      throw fsError(err, identity);
    }
    const passphrase = env.DESSA_SFTP_PASSPHRASE || undefined;
    const parsed = ssh2.utils.parseKey(data, passphrase);
    const shown = escapeControls(identity);
    if (parsed instanceof Error) {
      const encrypted = /encrypted/i.test(parsed.message) && passphrase === undefined;
      const why = encrypted
        ? `${shown} is encrypted: set DESSA_SFTP_PASSPHRASE to its passphrase`
        : `${shown} cannot be used as a private key (${escapeControls(parsed.message)}): give an OpenSSH, ` +
          'PEM or PuTTY private key file, and check DESSA_SFTP_PASSPHRASE if it is encrypted';
      throw new DessaError('sftp-auth', why, { identity });
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key.isPrivateKey()) {
      throw new DessaError('sftp-auth', `${shown} is a public key: give the private key file (without .pub)`);
    }
    Object.assign(auth, { privateKey: data, passphrase });
    auth.methods.push(`the key ${shown}`);
  }
  if (env.SSH_AUTH_SOCK) {
    auth.agent = env.SSH_AUTH_SOCK;
    auth.methods.push('the ssh-agent (SSH_AUTH_SOCK)');
  }
  if (env.DESSA_SFTP_PASSWORD) {
    auth.password = env.DESSA_SFTP_PASSWORD;
    auth.methods.push('the password of DESSA_SFTP_PASSWORD');
  }
  if (auth.methods.length === 0) {
    throw new DessaError(
      'sftp-auth',
      'no way to log in to the SFTP server: give --identity KEYFILE, run an ssh-agent (SSH_AUTH_SOCK), or set ' +
        'DESSA_SFTP_PASSWORD',
    );
  }
  return auth;
}

/** ssh2's authHandler list: the methods loaded, key first, password last. */
export function authOrder(auth: SftpAuth): ('publickey' | 'agent' | 'password')[] {
  const order: ('publickey' | 'agent' | 'password')[] = [];
  if (auth.privateKey) order.push('publickey');
  if (auth.agent) order.push('agent');
  if (auth.password !== undefined) order.push('password');
  return order;
}
