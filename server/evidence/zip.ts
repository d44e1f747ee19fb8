/**
 * Zip archives of evidence packages: writing with yazl (fixed timestamps, so the same files give the same archive),
 * reading with yauzl entry by entry, so a damaged entry is reported by name instead of failing the whole read.
 */
import yauzl from "yauzl";
import yazl from "yazl";
import { PackageFormatError } from "./errors.js";

export interface ZipInput {
  path: string;
  content: Buffer;
}

export interface ZipEntryRead {
  path: string;
  /** The entry's bytes, or absent when they could not be read (then `error` says why). */
  data?: Buffer;
  error?: string;
}

/** Already-compressed formats are stored as they are. */
const STORED = /\.(pdf|zip|png|jpe?g)$/i;

/** Write files into a zip archive in the given order, every entry stamped with `mtime`. */
export function writeZip(files: ZipInput[], mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files)
    zip.addBuffer(f.content, f.path, { mtime, mode: 0o100644, compress: !STORED.test(f.path) });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: false },
      (err, zip) => {
        if (err || !zip)
          reject(new PackageFormatError(`evidence/zip: not a readable zip archive: ${err?.message}`));
        else resolve(zip);
      },
    );
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error("no stream"));
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", reject);
      stream.on("end", () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * The entry's name as stored. Names are decoded here rather than by yauzl, which rejects names such as "../x"
 * outright: verify must name such a file as added, not give up on the whole archive.
 */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  return typeof raw === "string" ? raw : raw.toString("utf8");
}

/**
 * Read every file entry of an archive (directories skipped), in archive order; duplicates are kept as they are.
 * @throws PackageFormatError when the buffer is not a zip archive at all
 */
export async function readZip(buffer: Buffer): Promise<ZipEntryRead[]> {
  const zip = await openZip(buffer);
  const entries: ZipEntryRead[] = [];
  return new Promise((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      const path = entryName(entry);
      if (path.endsWith("/")) return zip.readEntry();
      readEntry(zip, entry).then(
        (data) => {
          entries.push({ path, data });
          zip.readEntry();
        },
        (err: Error) => {
          entries.push({ path, error: err.message });
          zip.readEntry();
        },
      );
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (err: Error) =>
      reject(new PackageFormatError(`evidence/zip: the archive's directory is damaged: ${err.message}`)),
    );
    zip.readEntry();
  });
}
