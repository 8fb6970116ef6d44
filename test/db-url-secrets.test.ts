import { describe, expect, it } from 'vitest';
import { parse as parsePg } from 'pg-connection-string';
import { parseUrl, redact } from '../src/db/connect.js';
import { secretsIn } from '../src/db/url.js';
import { cli, csv, row, writeTmp } from './helpers.js';
import { absent, withPassword } from './secrets.js';

const PG = process.env.DESSA_TEST_PG_URL;
const MY = process.env.DESSA_TEST_MYSQL_URL;

describe('URLs with an unencoded @ / : in the password are parsed as meant', () => {
  it.each([
    ['postgres://u:pa/Secret2@db.example:5433/roster', 'pa/Secret2'],
    ['postgres://u:p@ss@db.example:5433/roster', 'p@ss'],
    ['postgres://u:a:b/c@d@db.example:5433/roster', 'a:b/c@d'],
    ['postgres://u:q?x#y@db.example:5433/roster', 'q?x#y'],
    ['postgres://u:p%40ss@db.example:5433/roster', 'p@ss'],
  ])('%s', (url, password) => {
    const { config } = parseUrl(url);
    expect(parsePg(config.connection as string)).toMatchObject({
      user: 'u',
      password,
      host: 'db.example',
      port: '5433',
      database: 'roster',
    });
    expect(redact(url)).toBe(url.replace(/^(postgres:\/\/u:).*@(db\.example)/, '$1***@$2'));
  });

  it('mysql and mariadb alike', () => {
    for (const url of ['mysql://u:p@ss/w:rd@db.example:3307/roster', 'mariadb://u:p@ss/w:rd@db.example:3307/roster']) {
      expect(parseUrl(url).config.connection).toMatchObject({
        user: 'u',
        password: 'p@ss/w:rd',
        host: 'db.example',
        port: 3307,
        database: 'roster',
      });
      expect(redact(url)).toMatch(/^(mysql|mariadb):\/\/u:\*\*\*@db\.example:3307\/roster$/);
    }
  });

  it('an @ in the options is not taken for the credentials', () => {
    expect(
      parsePg(parseUrl('postgres://db.example/roster?application_name=a@b').config.connection as string),
    ).toMatchObject({ host: 'db.example', database: 'roster' });
  });

  it('a % that is not percent-encoding is refused with how to encode it, without the password', () => {
    const url = 'postgres://u:100%Secret@db.example/roster';
    expect(() => parseUrl(url)).toThrow(/percent-encode .*% as %25/);
    try {
      parseUrl(url);
    } catch (err) {
      absent((err as Error).message, '100%Secret');
    }
    expect(redact(url)).toBe('postgres://***');
  });

  it('secretsIn finds the password in every form', () => {
    expect(secretsIn(['--db', 'mysql://u:p@ssw0rd/x@h/d'])).toEqual(
      expect.arrayContaining(['p@ssw0rd/x', 'p%40ssw0rd%2Fx']),
    );
    expect(secretsIn(['--db=postgres://u:hunter22@h/d'])).toContain('hunter22');
  });
});

describe('the password is never printed', () => {
  const password = 'pa/Secret2@Zq:9';
  const file = () => writeTmp('r.csv', csv(row()));
  const urls = [
    ['postgres, refused connection', withPassword('postgres://u@127.0.0.1:1/db', password)],
    ['mysql, refused connection', withPassword('mysql://u@127.0.0.1:1/db', password)],
    ...(PG ? [['postgres, wrong user', withPassword(PG.replace('//postgres@', '//nosuchuser@'), password)]] : []),
    ...(MY ? [['mariadb, wrong password', withPassword(MY, password)]] : []),
  ];

  it.each(urls)('%s: connect errors, --debug stacks, JSON errors', (_name, url) => {
    for (const args of [
      ['db', 'migrate', '--db', url],
      ['db', 'migrate', '--db', url, '--debug'],
      ['history', '--org', 'x', '--db', url, '--format', 'json', '--debug'],
      ['diff', file(), '--org', 'x', '--db', url],
      ['apply', file(), '--org', 'x', '--db', url, '--format', 'json'],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\[db-connect\]/);
      absent(r.stdout + r.stderr, password);
    }
    const env = cli(['db', 'migrate', '--debug'], { env: { DESSA_DATABASE_URL: url } });
    expect(env.code).toBe(2);
    absent(env.stdout + env.stderr, password);
  });

  it('usage errors that would repeat the URL', () => {
    const url = withPassword('postgres://u@127.0.0.1:1/db', password);
    for (const args of [
      ['history', url, '--org', 'x'],
      ['history', url, '--org', 'x', '--format', 'json'],
      ['db', 'migrate', '--db', withPassword('ftp://u@h/db', password)],
      ['db', 'migrate', '--db', withPassword('mysql://u@h:99999999/db', password)],
      ['db', 'migrate', '--db', 'postgres://u:Secret%zz9@h/db'],
      ['validate', 'x.csv', `--db=${url}`],
      ['db', 'migrate', `--bd=${url}`, '--debug'],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dessa-roster: \[usage\] /);
      absent(r.stdout + r.stderr, password);
      absent(r.stdout + r.stderr, 'Secret%zz9');
    }
  });

  it.runIf(PG)('postgres: a password with / and @ connects (trust auth ignores it) and is masked in the output', () => {
    const url = withPassword(PG!, password);
    const r = cli(['db', 'migrate', '--db', url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/postgres:\/\/postgres:\*\*\*@/);
    absent(r.stdout + r.stderr, password);
  });
});
