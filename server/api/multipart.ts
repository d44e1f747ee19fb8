/**
 * Receives a multipart/form-data request with busboy, streaming each file straight to disk (never into memory).
 * Files over the size cap are discarded and the request fails with 413 naming the field; unknown fields fail with 400.
 */
import { createWriteStream, mkdirSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { Request } from "express";
import { PayloadTooLargeError, ValidationError } from "./errors.js";

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
  await mkdir(opts.dir, { recursive: true });
  const files: ReceivedFile[] = [];
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
    mkdirSync(folder, { recursive: true });
    stream.on("data", (chunk: Buffer) => {
      received.bytes += chunk.length;
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
    writes.push(pipeline(stream, createWriteStream(target)).catch((err: Error) => fail(err)));
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

  try {
    await pipeline(req, bb);
  } catch (err) {
    fail(
      new ValidationError(`api: body: malformed multipart body: ${(err as Error).message}`, [
        { path: "body", message: "malformed multipart body" },
      ]),
    );
  }
  await Promise.all(writes);
  if (failure) {
    await Promise.all(files.map((f) => rm(path.dirname(f.path), { recursive: true, force: true })));
    throw failure;
  }
  return { files, fields };
}
