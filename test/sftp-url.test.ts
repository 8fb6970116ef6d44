import { describe, expect, it } from 'vitest';
import { parseSftpUrl } from '../src/transfer/sftp-url.js';

describe('sftp:// URLs', () => {
  it.each([
    ['sftp://district@sftp.example/inbox/', { user: 'district', host: 'sftp.example', port: 22, dir: '/inbox' }],
    ['sftp://d@sftp.example:2222/a/b', { port: 2222, dir: '/a/b' }],
    ['sftp://d@[::1]:2222/in/', { host: '::1', port: 2222, dir: '/in' }],
    ['sftp://d@[2001:DB8::5]/in/', { host: '2001:db8::5', port: 22 }],
    ['sftp://d@h', { dir: '/' }],
    ['sftp://d@h/~/uploads/', { dir: 'uploads' }],
    ['sftp://d@h/~', { dir: '.' }],
    ['sftp://first.last%40school.org@h/in%20box/', { user: 'first.last@school.org', dir: '/in box' }],
    ['SFTP://d@H.Example//a/./b//', { host: 'h.example', dir: '/a/b' }],
  ])('%s', (url, expected) => {
    expect(parseSftpUrl(url)).toMatchObject(expected);
  });

  it('labels carry no secret and name the port only when it is not 22', () => {
    expect(parseSftpUrl('sftp://d@h/in').label).toBe('sftp://d@h/in/');
    expect(parseSftpUrl('sftp://a%40b@[::1]:2222/~/x').label).toBe('sftp://a%40b@[::1]:2222/~/x/');
  });

  it('refuses a password without repeating it', () => {
    let message = '';
    try {
      parseSftpUrl('sftp://d:S3cret-pass@h/in/');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('set DESSA_SFTP_PASSWORD');
    expect(message).not.toContain('S3cret');
  });

  it.each([
    ['no user', 'sftp://h/in/'],
    ['not sftp', 'https://d@h/in/'],
    ['a port out of range', 'sftp://d@h:70000/in/'],
    ['a port of zero', 'sftp://d@h:0/in/'],
    ['a bad host', 'sftp://d@h_*/in/'],
    ['..', 'sftp://d@h/in/../etc/'],
    ['a bad percent', 'sftp://d@h/in%zz/'],
    ['an encoded control character', 'sftp://d@h/in%0a/'],
    ['a query', 'sftp://d@h/in/?x=1'],
  ])('refuses %s as usage', (_what, url) => {
    expect(() => parseSftpUrl(url)).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});
