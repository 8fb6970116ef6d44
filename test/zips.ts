import yazl from 'yazl';

/** Builds a zip in memory with yazl. */
export function makeZip(
  entries: [name: string, data: string | Buffer, opts?: { compress?: boolean }][],
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data, opts] of entries) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name, { mtime: new Date(2026, 0, 1) });
    else
      zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, {
        compress: opts?.compress ?? true,
        mtime: new Date(2026, 0, 1),
      });
  }
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/** Offsets of each central-directory header, in order. */
export function centralHeaders(zip: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (zip.readUInt32LE(i) === CD_SIG) out.push(i);
  return out;
}

export function localHeaders(zip: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (zip.readUInt32LE(i) === LOCAL_SIG) out.push(i);
  return out;
}

/** Replaces every occurrence of one entry name by another of the same length (raw bytes: yazl refuses such names). */
export function renameRaw(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('same length only');
  const out = Buffer.from(zip);
  const a = Buffer.from(from);
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) Buffer.from(to).copy(out, i);
  return out;
}
