import { createHash } from 'node:crypto';
import { esc, jsonForScript } from './escape.js';
import { PAGE_SCRIPT } from './script.js';
import { PAGE_STYLE } from './style.js';

/*
 * The shell every HTML page of the tool shares: one self-contained file (an email attachment
 * opened offline), its style and script inline and allowed by hash only. The Content-Security-Policy
 * forbids every other source: no request leaves the page, and markup a value smuggled in could
 * not run a script or load anything even if escaping failed.
 */

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

let policy: string | undefined;

/** The page's Content-Security-Policy; hashed when a page is first made, not when the module loads. */
export function csp(): string {
  policy ??=
    `default-src 'none'; style-src ${hash(PAGE_STYLE)}; script-src ${hash(PAGE_SCRIPT)}; ` +
    "img-src 'none'; base-uri 'none'; form-action 'none'";
  return policy;
}

export interface PageParts {
  /** The document's title (escaped here). */
  title: string;
  /** The body's markup: every value in it already escaped (esc, table helpers). */
  body: string;
  /** Machine-readable facts of the page, kept in a JSON data block (`#page-data`); never executed. */
  data?: unknown;
}

/** The whole page around a body: CSP, style, the filter script, the data block. */
export function page({ title, body, data }: PageParts): string {
  const dataBlock =
    data === undefined ? '' : `<script type="application/json" id="page-data">${jsonForScript(data)}</script>\n`;
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${csp()}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="referrer" content="no-referrer">\n' +
    `<title>${esc(title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n${body}\n` +
    `${dataBlock}<script>${PAGE_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
