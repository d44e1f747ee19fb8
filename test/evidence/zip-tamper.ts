/**
 * Test helpers that damage evidence packages the way a careless or dishonest holder would: flip one byte inside one
 * entry's stored data, or rebuild the archive with a file taken out and another put in.
 */
import yauzl from "yauzl";
import { readZip, writeZip } from "../../server/evidence/zip.js";

/** Where an entry's data starts in the archive, and how long it is there (compressed). */
export async function entryDataRange(zip: Buffer, path: string): Promise<{ start: number; length: number }> {
  const found = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      z.on("entry", (e: yauzl.Entry) => (e.fileName === path ? (resolve(e), z.close()) : z.readEntry()));
      z.on("end", () => resolve(undefined));
      z.readEntry();
    });
  });
  if (!found) throw new Error(`zip-tamper: no entry ${path}`);
  const off = found.relativeOffsetOfLocalHeader;
  const nameLength = zip.readUInt16LE(off + 26);
  const extraLength = zip.readUInt16LE(off + 28);
  return { start: off + 30 + nameLength + extraLength, length: found.compressedSize };
}

/** A copy of the archive with one byte in the middle of `path`'s data changed. */
export async function flipByteIn(zip: Buffer, path: string): Promise<Buffer> {
  const { start, length } = await entryDataRange(zip, path);
  const copy = Buffer.from(zip);
  const at = start + Math.floor(length / 2);
  copy[at] = copy[at]! ^ 0x20;
  return copy;
}

/** A rebuilt archive without `remove` and with an extra file `add`. */
export async function swapFiles(
  zip: Buffer,
  remove: string,
  add: { path: string; content: string },
): Promise<Buffer> {
  const entries = await readZip(zip);
  const kept = entries.filter((e) => e.path !== remove).map((e) => ({ path: e.path, content: e.data! }));
  return writeZip([...kept, { path: add.path, content: Buffer.from(add.content) }], new Date());
}
