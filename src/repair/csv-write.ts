/**
 * One CSV record as RFC 4180 writes it: a cell holding a comma, a quote or a line break is
 * quoted, its quotes doubled; CRLF ends the record. The corrected copy is always comma-separated.
 */
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
