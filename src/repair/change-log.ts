import type { CellChange, DroppedRow, FixSummary, HeldRepair } from './model.js';

/** Listed per rule (or reason): like the report's issues, a file with a change on every row stays bounded in memory. */
export const LIST_LIMIT = 1000;

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/**
 * Collects what fix did, counting everything exactly and listing the first LIST_LIMIT of each
 * rule; `onChange` and `onDrop` see every one (the --changes file is written from them).
 */
export class ChangeLog {
  readonly changes: CellChange[] = [];
  readonly dropped: DroppedRow[] = [];
  readonly held: HeldRepair[] = [];
  readonly byRule: Record<string, number> = {};
  readonly byColumn: Record<string, number> = {};
  readonly dropsByReason: Record<string, number> = {};
  readonly heldByReason: Record<string, number> = {};
  truncated = false;
  changed = 0;

  constructor(
    private readonly onChange: (c: CellChange) => void = () => {},
    private readonly onDrop: (d: DroppedRow) => void = () => {},
  ) {}

  change(c: CellChange): void {
    this.changed++;
    bump(this.byColumn, c.column);
    this.keep(this.changes, c, bump(this.byRule, c.rule));
    this.onChange(c);
  }

  drop(d: DroppedRow): void {
    this.keep(this.dropped, d, bump(this.dropsByReason, d.reason));
    this.onDrop(d);
  }

  hold(h: HeldRepair): void {
    this.keep(this.held, h, bump(this.heldByReason, h.reason));
  }

  private keep<T>(list: T[], item: T, nth: number): void {
    if (nth <= LIST_LIMIT) list.push(item);
    else this.truncated = true;
  }

  summary(rows: number, written: number, read: { encoding: string | null; delimiter: string | null }): FixSummary {
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    return {
      rows,
      written,
      dropped: sum(this.dropsByReason),
      changed: this.changed,
      byRule: this.byRule,
      byColumn: this.byColumn,
      dropsByReason: this.dropsByReason,
      held: sum(this.heldByReason),
      heldByReason: this.heldByReason,
      truncated: this.truncated,
      ...read,
    };
  }
}
