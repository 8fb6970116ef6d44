import { esc } from './escape.js';

/*
 * Markup pieces the pages share. Every function takes text and escapes it itself, except
 * where a parameter is named `html` (markup another helper made).
 */

/** A count shown as people read it: 1,234,567. */
export const num = (n: number) => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;

/** The tiles of counts under the verdict. */
export function counts(items: readonly [label: string, value: number | string][]): string {
  const tiles = items.map(([label, value]) => {
    const shown = typeof value === 'number' ? num(value) : value;
    return `<div><dt>${esc(label)}</dt><dd>${esc(shown)}</dd></div>`;
  });
  return `<dl class="counts">${tiles.join('')}</dl>`;
}

/** A cell's markup: `<td>` with its classes; `html` is markup already escaped. */
export function td(html: string, cls = ''): string {
  return cls ? `<td class="${cls}">${html}</td>` : `<td>${html}</td>`;
}

/** A table in a scrolling box: header cells are text, `rows` are whole `<tr>` markups. */
export function table(head: readonly string[], rows: readonly string[]): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

/** The `data-*` attributes a filtered row carries (see script.ts): values are escaped. */
export function itemAttrs(data: Record<string, string>): string {
  return ` data-item${Object.entries(data)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join('')}`;
}

export interface Choice {
  value: string;
  label: string;
}

/** One `<select>` of the filter form. */
export function select(name: string, label: string, choices: readonly Choice[]): string {
  const options = choices.map((c) => `<option value="${esc(c.value)}">${esc(c.label)}</option>`).join('');
  const all = '<option value="">all</option>';
  return `<label>${esc(label)}<select data-filter="${esc(name)}">${all}${options}</select></label>`;
}

/** The filter form: hidden until the script shows it (a page without script lists everything). */
export function filterForm(selects: readonly string[], searchLabel: string): string {
  return (
    `<form id="filters" hidden>${selects.join('')}` +
    `<label>${esc(searchLabel)}<input type="search" data-filter="q" placeholder="a name, an ID, a value"></label>` +
    '<button type="reset">Show all</button><span id="shown" aria-live="polite"></span></form>'
  );
}

/** A long value cut for the page (a cell may hold up to --max-field-bytes); the length is stated. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${num(value.length)} characters)`;
}
