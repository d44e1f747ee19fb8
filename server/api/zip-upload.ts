/**
 * Zip archives in an upload: a received `.zip` is unpacked (yauzl, streamed to disk) into the files it holds, which
 * then go through detection and ingest like files sent one by one. Limits: the number of entries, each entry's size
 * (the per-file upload cap) and the unpacked total (the per-request cap) — counted on the bytes actually inflated,
 * not on what the archive's directory claims. An entry whose path climbs out of the archive (`..`, an absolute
 * path) is never written: it is set aside with its reason, as are folders, hidden files and macOS resource forks.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import yauzl from "yauzl";
import { PayloadTooLargeError, UnprocessableError } from "./errors.js";
import { type ReceivedFile, safeFileName } from "./multipart.js";

export interface ZipLimits {
  /** Files the whole upload may hold once unpacked (an archive's every entry counts, folders too). */
  maxEntries: number;
  /** Unpacked size of one entry, bytes. */
  maxEntryBytes: number;
  /** Unpacked size of all entries of all archives of the request, bytes. */
  maxTotalBytes: number;
}

/** A file of the upload that is not ingested, and why (shown to the user beside the report). */
export interface SetAsideFile {
  name: string;
  reason: string;
}

/** Is this received file a zip archive to unpack? By its name: an Excel workbook is a zip too, and stays whole. */
export function isZipUpload(f: ReceivedFile): boolean {
  return /\.zip$/i.test(f.name);
}

/** Why an entry's path is unsafe to follow, or null. */
export function unsafeEntryPath(name: string): string | null {
  const p = name.replaceAll("\\", "/");
  if (p.startsWith("/") || /^[a-zA-Z]:/.test(p)) return "absolute path";
  if (p.split("/").includes("..")) return 'path climbs out of the archive ("..")';
  return null;
}

/**
 * Replace each `.zip` of `files` by the files it holds, written next to it under `dir`. Other files pass through
 * unchanged, in order. Throws PayloadTooLargeError past a size limit, UnprocessableError for an archive that
 * cannot be read or holds too many entries; the caller removes `dir` on failure.
 */
export async function expandZips(
  files: ReceivedFile[],
  dir: string,
  limits: ZipLimits,
): Promise<{ files: ReceivedFile[]; setAside: SetAsideFile[] }> {
  const out: ReceivedFile[] = [];
  const setAside: SetAsideFile[] = [];
  const taken = new Set(files.filter((f) => !isZipUpload(f)).map((f) => f.name));
  const budget = { left: limits.maxTotalBytes };
  let n = 0;
  for (const f of files) {
    if (!isZipUpload(f)) {
      out.push(f);
      continue;
    }
    // What is left for this archive: the files already taken, and at least one for each file still to come.
    const room = limits.maxEntries - out.length - (files.length - files.indexOf(f) - 1);
    const unpacked = await unpack(
      f,
      path.join(dir, `zip-${++n}`),
      { ...limits, maxEntries: room },
      budget,
      taken,
    );
    out.push(...unpacked.files);
    setAside.push(...unpacked.setAside);
    await rm(f.path, { force: true });
  }
  return { files: out, setAside };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // Names are decoded here (entryName), so that an unsafe one is set aside rather than failing the archive.
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    ),
  );
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))),
  );
}

/**
 * An entry's path as text: UTF-8 when the archive says so (or the bytes are valid UTF-8), else the DOS code page
 * Windows' own zipper writes on a Russian or Kazakh system (CP866).
 */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const utf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(raw);
  if (utf8 || !text.includes("\ufffd")) return text;
  return iconv.decode(raw, "cp866");
}

/** A name for an entry that no other file of the upload has: its base name, else folder_name, else a number. */
function uniqueName(entryPath: string, taken: Set<string>): string {
  const parts = entryPath.replaceAll("\\", "/").split("/").filter(Boolean);
  const base = safeFileName(parts[parts.length - 1] ?? "file");
  const candidates = [base, safeFileName(parts.slice(-2).join("_"))];
  let name = candidates.find((c) => !taken.has(c));
  for (let i = 2; !name; i++) {
    const ext = path.extname(base);
    const c = `${base.slice(0, base.length - ext.length)}-${i}${ext}`;
    if (!taken.has(c)) name = c;
  }
  taken.add(name);
  return name;
}

async function unpack(
  zipFile: ReceivedFile,
  dir: string,
  limits: ZipLimits,
  budget: { left: number },
  taken: Set<string>,
): Promise<{ files: ReceivedFile[]; setAside: SetAsideFile[] }> {
  const where = `body.${zipFile.field}`;
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(zipFile.path);
  } catch (err) {
    throw new UnprocessableError(
      `api/zip: "${zipFile.name}" cannot be read as a zip archive: ${(err as Error).message}`,
      where,
    );
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new UnprocessableError(
      `api/zip: "${zipFile.name}" holds ${zip.entryCount} entries, more than the ${limits.maxEntries} files ` +
        "left of what one upload may hold; split it into smaller archives",
      where,
    );
  }
  const files: ReceivedFile[] = [];
  const setAside: SetAsideFile[] = [];
  await mkdir(dir, { recursive: true });
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        handle(entry).then(
          () => zip.readEntry(),
          (err: unknown) => {
            zip.close();
            reject(err as Error);
          },
        );
      });
      zip.readEntry();
    });
  } catch (err) {
    if (err instanceof PayloadTooLargeError || err instanceof UnprocessableError) throw err;
    throw new UnprocessableError(
      `api/zip: "${zipFile.name}" cannot be unpacked: ${(err as Error).message}`,
      where,
    );
  }
  return { files, setAside };

  async function handle(entry: yauzl.Entry): Promise<void> {
    const name = entryName(entry);
    if (name.endsWith("/")) return; // a folder
    const shown = `${zipFile.name}/${name}`;
    const unsafe = unsafeEntryPath(name);
    if (unsafe) {
      setAside.push({ name: shown, reason: `not unpacked: ${unsafe}` });
      return;
    }
    const parts = name.split("/");
    if (parts.some((p) => p.startsWith(".")) || parts[0] === "__MACOSX") {
      setAside.push({ name: shown, reason: "not unpacked: a hidden or system file" });
      return;
    }
    if (entry.uncompressedSize > limits.maxEntryBytes) throw entryTooLarge(shown, limits.maxEntryBytes);
    if (entry.uncompressedSize > budget.left) throw totalTooLarge(zipFile.name, limits.maxTotalBytes);
    const fileName = uniqueName(name, taken);
    const folder = path.join(dir, String(files.length + 1));
    await mkdir(folder, { recursive: true });
    const target = path.join(folder, fileName);
    let bytes = 0;
    // Count what is inflated: a crafted header could understate it.
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limits.maxEntryBytes) return done(entryTooLarge(shown, limits.maxEntryBytes));
        if (bytes > budget.left) return done(totalTooLarge(zipFile.name, limits.maxTotalBytes));
        done(null, chunk);
      },
    });
    await pipeline(await entryStream(zip, entry), counter, createWriteStream(target));
    budget.left -= bytes;
    files.push({ field: zipFile.field, name: fileName, path: target, bytes });
  }
}

function entryTooLarge(name: string, limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `api/zip: "${name}" unpacks to more than the upload limit of ${limit} bytes per file (MULEGRAPH_UPLOAD_MAX_BYTES)`,
    "body.file",
    limit,
  );
}

function totalTooLarge(zipName: string, limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `api/zip: the files of "${zipName}" unpack to more than the ${limit} bytes one upload may hold ` +
      "(MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES); upload it in parts",
    "body.file",
    limit,
  );
}
