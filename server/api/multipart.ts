/**
 * Receives a multipart/form-data request with busboy, streaming each file straight to disk (never into memory).
 * Files over the size cap are discarded and the request fails with 413 naming the field; so does a request whose
 * files together pass the per-request cap (reading stops there and the connection is closed, so that 500 files of
 * the per-file size cannot fill the disk). Unknown fields and a malformed or truncated body fail with 400; an
 * uploads folder the server cannot write fails with 503 (a server fault, named as such, never an opaque 500).
 */
import { createWriteStream, mkdirSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { Request } from "express";
import { ApiError, PayloadTooLargeError, ValidationError } from "./errors.js";

/** The server cannot write the uploads folder (permissions, a full or read-only disk): not the client's fault. */
export class UploadStorageError extends ApiError {
  override name = "UploadStorageError";
  constructor(reason: string) {
    super(
      503,
      "uploads_unwritable",
      `api: the server cannot store uploads right now (its uploads folder cannot be written: ${reason}); ` +
        "tell the administrator (GET /readyz reports it too)",
      { reason },
    );
  }
}

/** A file-system error (it has a syscall), as opposed to an error of the request stream. */
function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return typeof (err as NodeJS.ErrnoException | null)?.syscall === "string";
}

function malformed(err: Error): ValidationError {
  const what = /unexpected end/i.test(err.message)
    ? "the body ends before the form does (truncated upload)"
    : err.message;
  return new ValidationError(`api: body: malformed multipart body: ${what}`, [
    { path: "body", message: "malformed multipart body" },
  ]);
}

export interface ReceivedFile {
  /** The form field it came in. */
  field: string;
  /** File name as uploaded, reduced to a safe base name. */
  name: string;
  /** Where it was written. */
  path: string;
  bytes: number;
}

export interface MultipartOptions {
  /** Folder to write files to (created). */
  dir: string;
  /** Per-file size cap in bytes. */
  maxFileBytes: number;
  /** Cap on all files of the request together, in bytes; default no cap beyond maxFiles × maxFileBytes. */
  maxRequestBytes?: number;
  maxFiles: number;
  /** Field names that may carry files. */
  fileFields: readonly string[];
  /** Field names that may carry text, with their size cap in bytes. */
  textFields: Readonly<Record<string, number>>;
}

/** A file name without directories or characters that could mislead a shell or a file system. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replaceAll("\\", "/")).normalize("NFC");
  const cleaned = base
    .replace(/[^\p{L}\p{N}._ -]+/gu, "_")
    .replace(/^\.+/, "_")
    .slice(0, 120);
  return cleaned || "upload";
}

/**
 * Parse the request; resolves once every file is on disk. On any failure the files written so far are removed.
 */
export async function receiveMultipart(
  req: Request,
  opts: MultipartOptions,
): Promise<{ files: ReceivedFile[]; fields: Record<string, string> }> {
  if (!req.is("multipart/form-data")) {
    throw new ValidationError("api: body: expected multipart/form-data", [
      { path: "body", message: "expected multipart/form-data" },
    ]);
  }
  const maxRequestBytes = opts.maxRequestBytes ?? Infinity;
  // Multipart framing and text fields on top of the files: part headers, boundaries, the text fields' caps.
  const slack = opts.maxFiles * 1024 + Object.values(opts.textFields).reduce((a, b) => a + b, 0) + 64 * 1024;
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxRequestBytes + slack) {
    req.res?.setHeader("Connection", "close");
    throw requestTooLarge(maxRequestBytes);
  }
  try {
    await mkdir(opts.dir, { recursive: true });
  } catch (err) {
    throw isFsError(err) ? new UploadStorageError(err.code ?? err.message) : err;
  }
  const files: ReceivedFile[] = [];
  let total = 0;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const fields: Record<string, string> = {};
  const writes: Promise<void>[] = [];
  let failure: Error | null = null;
  const fail = (err: Error): void => {
    failure ??= err;
  };

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      limits: {
        fileSize: opts.maxFileBytes,
        files: opts.maxFiles,
        fields: Object.keys(opts.textFields).length,
        fieldSize: Math.max(0, ...Object.values(opts.textFields)),
      },
    });
  } catch (err) {
    throw new ValidationError(`api: body: ${(err as Error).message}`, [
      { path: "body", message: (err as Error).message },
    ]);
  }

  bb.on("file", (field, stream, info) => {
    if (failure || !opts.fileFields.includes(field)) {
      if (!failure)
        fail(
          new ValidationError(`api: body.${field}: unexpected file field`, [
            { path: `body.${field}`, message: "unexpected file field" },
          ]),
        );
      stream.resume();
      return;
    }
    const name = safeFileName(info.filename ?? field);
    // One folder per file keeps the uploaded name as the file name (ingest records it as the source file's name).
    const folder = path.join(opts.dir, String(files.length + 1));
    const target = path.join(folder, name);
    const received: ReceivedFile = { field, name, path: target, bytes: 0 };
    files.push(received);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (err) {
      fail(isFsError(err) ? new UploadStorageError(err.code ?? err.message) : (err as Error));
      stream.resume();
      return;
    }
    stream.on("data", (chunk: Buffer) => {
      received.bytes += chunk.length;
      total += chunk.length;
      if (total > maxRequestBytes && !failure) {
        // Stop reading: the rest of the request is not wanted, and draining it would take as long as storing it.
        // The answer goes out at once and the connection is closed after it (which ends the parse below).
        fail(requestTooLarge(maxRequestBytes));
        req.res?.setHeader("Connection", "close");
        req.unpipe(bb);
        req.pause();
        stream.destroy();
        stop();
      }
    });
    stream.on("limit", () => {
      fail(
        new PayloadTooLargeError(
          `api: body.${field}: file "${name}" is larger than the upload limit of ${opts.maxFileBytes} bytes (MULEGRAPH_UPLOAD_MAX_BYTES)`,
          `body.${field}`,
          opts.maxFileBytes,
        ),
      );
    });
    writes.push(
      pipeline(stream, createWriteStream(target)).catch((err: Error) =>
        // The disk refusing is the server's fault; the request stream breaking (a truncated body) is the client's.
        fail(isFsError(err) ? new UploadStorageError(err.code ?? err.message) : malformed(err)),
      ),
    );
  });
  bb.on("field", (field, value, info) => {
    const cap = opts.textFields[field];
    if (cap === undefined) {
      fail(
        new ValidationError(`api: body.${field}: unexpected field`, [
          { path: `body.${field}`, message: "unexpected field" },
        ]),
      );
    } else if (info.valueTruncated || Buffer.byteLength(value) > cap) {
      fail(new PayloadTooLargeError(`api: body.${field}: longer than ${cap} bytes`, `body.${field}`, cap));
    } else {
      fields[field] = value;
    }
  });
  bb.on("filesLimit", () => {
    fail(
      new ValidationError(`api: body: more than ${opts.maxFiles} files`, [
        { path: "body.file", message: `at most ${opts.maxFiles} files` },
      ]),
    );
  });

  await Promise.race([pipeline(req, bb).catch((err: Error) => fail(malformed(err))), stopped]);
  await Promise.all(writes);
  if (failure) {
    await Promise.all(files.map((f) => rm(path.dirname(f.path), { recursive: true, force: true })));
    throw failure;
  }
  return { files, fields };
}

function requestTooLarge(cap: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `api: body: the upload's files together are larger than the per-request limit of ${cap} bytes ` +
      "(MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES); send them in several uploads",
    "body",
    cap,
  );
}
