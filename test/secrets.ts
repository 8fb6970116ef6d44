import { expect } from 'vitest';

/** The URL with a password put in: `postgres://user@host/db` -> `postgres://user:PASSWORD@host/db`. */
export const withPassword = (url: string, password: string) =>
  url.replace(/^([a-z]+:\/\/[^@/:]+)(:[^@/]*)?@/, `$1:${password}@`);

/** The URL with other credentials: `postgres://postgres@host/db` -> `postgres://USER:PASSWORD@host/db`. */
export const withUser = (url: string, user: string, password: string) =>
  url.replace(/^([a-z]+:\/\/)[^@/]+@/, `$1${user}:${password}@`);

/** Every form the password could be printed in: as typed, percent-encoded, and its longer pieces. */
export function absent(text: string, password: string): void {
  for (const form of [
    password,
    encodeURIComponent(password),
    ...password.split(/[/@:?#]/).filter((p) => p.length >= 6),
  ]) {
    expect(text).not.toContain(form);
  }
}
