/** The JSON report: the library's result object, unchanged, so the CLI and the API agree. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
