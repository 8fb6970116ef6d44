import { CsvParser, type CsvHandlers, type CsvOptions } from './csv.js';

/** A CSV parser that also says where its text ends: a stage then finishes that text (its last row, its findings). */
export class TextParser extends CsvParser {
  constructor(
    opts: CsvOptions,
    handlers: CsvHandlers,
    private readonly atEnd: () => void,
  ) {
    super(opts, handlers);
  }

  override end(): void {
    super.end();
    this.atEnd();
  }
}
