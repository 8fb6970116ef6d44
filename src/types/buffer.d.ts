// Node's Buffer has latin1Slice (what toString('latin1') calls after its argument checks); its types leave it out.
declare module 'buffer' {
  interface Buffer {
    latin1Slice(start?: number, end?: number): string;
  }
}
export {};
