import { describe, expect, it } from 'vitest';
import { interruptMessage, markScope } from '../src/base/signals.js';

describe('an interrupt during or after the COMMIT names the run to look up', () => {
  it('history is given the org (and a program other than the default) of the apply, shell-quoted', () => {
    markScope({ org: 'lincoln-usd', program: 'default' });
    expect(interruptMessage('committed')).toBe(
      'interrupted after the changes were committed; `dessa-roster history --org lincoln-usd` shows the run',
    );
    markScope({ org: "O'Hare district", program: 'summer' });
    expect(interruptMessage('committing')).toBe(
      "interrupted while committing; `dessa-roster history --org 'O'\\''Hare district' --program summer` " +
        'shows whether the run was recorded',
    );
    markScope({ org: 'x\u001b[2J', program: 'default' });
    expect(interruptMessage('committed')).toContain("--org 'x\\u001b[2J'");
    expect(interruptMessage('idle')).toBe('interrupted; nothing was written');
  });
});
