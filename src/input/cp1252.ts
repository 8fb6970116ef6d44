/**
 * Windows-1252 by table, not TextDecoder: Node 20.18.3+ and 22.13+ decode 'windows-1252' as
 * Latin-1 outside streaming mode (nodejs/node#56542, #60888), turning an en dash (0x96) into
 * the C1 control U+0096. Bytes 0xA0-0xFF are Latin-1; 0x80-0x9F follow the WHATWG index
 * (its five unassigned bytes decode to the C1 control of the same number, as browsers do).
 */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The character byte `b` (0x80 to 0xFF) stands for in Windows-1252. */
export function windows1252Char(b: number): string {
  return b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : String.fromCharCode(b);
}

/** Decodes Windows-1252 bytes (a single-byte encoding: any cut between reads is safe). */
export function decodeWindows1252(buf: Buffer): string {
  const latin1 = buf.toString('latin1');
  return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => HIGH[c.charCodeAt(0) - 0x80]) : latin1;
}
