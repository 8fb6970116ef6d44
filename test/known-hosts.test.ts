import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, hostKeyAlgorithms, keyTypeOf, normalizePin } from '../src/transfer/host-key.js';
import { knownHostName, parseKnownHosts, patternsMatch, verifyKnownHost } from '../src/transfer/known-hosts.js';

/** A key blob as the SSH wire carries it: string type, then bytes. */
function blob(type: string, seed: string): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, Buffer.from(seed.padEnd(32, '.'))]);
}

const A = blob('ssh-ed25519', 'a');
const B = blob('ssh-ed25519', 'b');
const R = blob('ssh-rsa', 'r');
const line = (hosts: string, key: Buffer, marker = '') =>
  `${marker}${marker && ' '}${hosts} ${keyTypeOf(key)} ${key.toString('base64')}`;

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const verdict = (text: string, name: string, key: Buffer) => verifyKnownHost(parseKnownHosts(text), name, key).status;

describe('known_hosts lines', () => {
  it('names a host as ssh does: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostName('sftp.example', 22)).toBe('sftp.example');
    expect(knownHostName('sftp.example', 2222)).toBe('[sftp.example]:2222');
    expect(knownHostName('::1', 2222)).toBe('[::1]:2222');
  });

  it('skips comments, blank lines, malformed lines and unknown markers', () => {
    const junk = ['# c', '', '   ', 'broken-line', line('h', B, '@future'), 'h ssh-ed25519 !!notbase64'];
    const text = `${junk.join('\n')}\n${line('h', A)}\n`;
    expect(parseKnownHosts(text)).toHaveLength(1);
  });

  it('matches comma lists, wildcards and negations, case-insensitively', () => {
    expect(patternsMatch('a.example,B.example', 'b.example')).toBe(true);
    expect(patternsMatch('*.example', 'sftp.example')).toBe(true);
    expect(patternsMatch('sftp?.example', 'sftp1.example')).toBe(true);
    expect(patternsMatch('*.example,!evil.example', 'evil.example')).toBe(false);
    expect(patternsMatch('[127.0.0.1]:2222', '[127.0.0.1]:2222')).toBe(true);
    expect(patternsMatch('127.0.0.1', '[127.0.0.1]:2222')).toBe(false);
    expect(patternsMatch('a.example', 'a.example.evil')).toBe(false);
  });

  it('matches hashed names by HMAC-SHA1 of the salt', () => {
    expect(patternsMatch(hashed('[h]:2222'), '[h]:2222')).toBe(true);
    expect(patternsMatch(hashed('[h]:2222'), '[h]:2223')).toBe(false);
    expect(patternsMatch('|2|x|y', 'h')).toBe(false);
  });
});

describe('verifying a key', () => {
  it('known, changed (another key for the host), unknown (no entry)', () => {
    const text = `${line('h', A)}\n${line('other', B)}\n`;
    expect(verdict(text, 'h', A)).toBe('known');
    expect(verdict(text, 'h', B)).toBe('changed');
    expect(verdict(text, 'nobody', A)).toBe('unknown');
  });

  it('a key of another type known for the host counts as changed, listing the types known', () => {
    const v = verifyKnownHost(parseKnownHosts(line('h', R)), 'h', A);
    expect(v).toEqual({ status: 'changed', knownTypes: ['ssh-rsa'] });
  });

  it('accepts any of several keys listed for the host', () => {
    expect(verdict(`${line('h', R)}\n${line('h', A)}\n`, 'h', A)).toBe('known');
  });

  it('@revoked wins over a plain entry, for any host', () => {
    expect(verdict(`${line('h', A)}\n${line('*', A, '@revoked')}\n`, 'h', A)).toBe('revoked');
  });

  it('@cert-authority trusts no plain key', () => {
    const v = verifyKnownHost(parseKnownHosts(line('*', A, '@cert-authority')), 'h', A);
    expect(v).toEqual({ status: 'unknown', certAuthorityOnly: true });
  });
});

describe('fingerprints and pins', () => {
  it('prints SHA256 as ssh-keygen does, unpadded base64', () => {
    expect(fingerprint(A)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('normalizes a pin and refuses a malformed one', () => {
    const print = fingerprint(A);
    expect(normalizePin(`${print}=`)).toBe(print);
    expect(() => normalizePin('MD5:00:11')).toThrow(/--host-key must be a SHA256 fingerprint/);
    expect(() => normalizePin('SHA256:short')).toThrow();
  });

  it('asks the server for the key types known_hosts holds first', () => {
    const trust = { kind: 'known-hosts' as const, file: 'k', lines: parseKnownHosts(line('[h]:2222', R)) };
    expect(hostKeyAlgorithms(trust, 'h', 2222).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(hostKeyAlgorithms(trust, 'other', 2222)[0]).toBe('ssh-ed25519');
  });
});
