/**
 * Uploads: export files streamed to disk and ingested as background jobs, with status by polling (GET
 * /api/uploads/:id) or server-sent events (…/events), the rejects report as CSV, and a format preview for the upload
 * form. A mapping can apply to every file (`mapping`) or to one file by name (`mappings`). A file that cannot be read
 * at all is refused at once (422); rows that fail validation end in the job's rejects report, as with
 * `mulegraph ingest`.
 */
import { randomUUID } from "node:crypto";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Response } from "express";
import { z } from "zod";
import {
  type ColumnMapping,
  ColumnMappingSchema,
  type detectFile,
  IncompleteHeaderError,
} from "../../../ingest/index.js";
import type { JobEvent } from "../../jobs/index.js";
import type { UploadRecord } from "../../store/ports/records.js";
import { ApiError, NotFoundError, UnprocessableError, ValidationError } from "../errors.js";
import { uploadRequestCap } from "../../config.js";
import { receiveMultipart, safeFileName, type ReceivedFile } from "../multipart.js";
import { headerSignature } from "../header-signature.js";
import { expandZips, type SetAsideFile } from "../zip-upload.js";
import { kindFields } from "./mappings.js";
import { type Answer, defineRoute, fieldProblems, type RouteContext, type RouteDef } from "../registry.js";
import { PreviewSchema, queryInt, UploadSchema } from "../schemas.js";

const MAX_FILES = 500;
const MAPPING_MAX_BYTES = 64 * 1024;
/** Per-file mappings: room for a mapping per file of a large upload. */
const MAPPINGS_MAX_BYTES = 1024 * 1024;
/** Previews need only the head of a file. */
const PREVIEW_MAX_BYTES = 8 * 1024 * 1024;

const UploadId = z.object({ id: z.uuid().describe("upload id") });

/** Parse a JSON text field; a field that is absent or blank is undefined. */
function parseJsonField(field: string, raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError(`api: body.${field}: not valid JSON`, [
      { path: `body.${field}`, message: "not valid JSON" },
    ]);
  }
}

function validate<T>(schema: z.ZodType<T>, where: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = fieldProblems(where, parsed.error);
    throw new ValidationError(`api: ${fields[0]!.path}: ${fields[0]!.message}`, fields);
  }
  return parsed.data;
}

/** The `mapping` field: one column mapping for every file of the request. */
function parseMapping(raw: string | undefined): ColumnMapping | undefined {
  const json = parseJsonField("mapping", raw);
  return json === undefined ? undefined : validate(ColumnMappingSchema, "body.mapping", json);
}

/** The `mappings` field: file name as uploaded → that file's own column mapping. */
const MappingsSchema = z.record(z.string(), ColumnMappingSchema);

/**
 * Parse `mappings` and give each received file its own mapping. Keys are matched the way file names are stored (the
 * safe base name), so a client can use the name it sent. A key that matches no file, or a name that two files share,
 * is refused: the mapping would silently apply to nothing, or to the wrong file.
 */
function assignMappings(
  raw: string | undefined,
  files: ReceivedFile[],
): Map<ReceivedFile, { key: string; mapping: ColumnMapping }> {
  const json = parseJsonField("mappings", raw);
  const own = new Map<ReceivedFile, { key: string; mapping: ColumnMapping }>();
  if (json === undefined) return own;
  const mappings = validate(MappingsSchema, "body.mappings", json);
  const problems: { path: string; message: string }[] = [];
  for (const [name, mapping] of Object.entries(mappings)) {
    const matches = files.filter((f) => f.name === safeFileName(name));
    if (matches.length === 1) own.set(matches[0]!, { key: name, mapping });
    else
      problems.push({
        path: `body.mappings.${name}`,
        message: matches.length
          ? `${matches.length} uploaded files are named "${name}"; give each file a unique name`
          : `no uploaded file is named "${name}"`,
      });
  }
  if (problems.length) {
    const names = files.slice(0, 10).map((f) => `"${f.name}"`);
    if (files.length > 10) names.push(`and ${files.length - 10} more`);
    throw new ValidationError(
      `api: body.mappings: ${problems.map((p) => p.message).join("; ")} (the upload's files: ${names.join(", ")})`,
      problems,
    );
  }
  return own;
}

/** A received file with the mapping it is read with, and the request field that mapping came from. */
interface MappedFile extends ReceivedFile {
  mapping?: ColumnMapping;
  mappingField: string;
}

/**
 * Run format detection on each file. A file that cannot be read as an export is set aside with its reason while the
 * others go in; when none can be read, the first one's 422 is the answer. A mapping that does not fit its file is
 * the client's explicit choice and refuses the upload (400).
 */
async function detectAll(
  ctx: RouteContext,
  files: MappedFile[],
): Promise<{ readable: MappedFile[]; setAside: SetAsideFile[] }> {
  const readable: MappedFile[] = [];
  const setAside: SetAsideFile[] = [];
  let first: unknown = null;
  for (const f of files) {
    try {
      await ctx.deps.jobs.ingest.detect(f, f.mapping);
      readable.push(f);
    } catch (err) {
      const e = detectionError(ctx, f, err);
      if (!(e instanceof UnprocessableError)) throw e;
      first ??= e;
      setAside.push({ name: f.name, reason: e.message.replace(/^api: body\.\w+: /, "") });
    }
  }
  if (readable.length === 0 && first) throw first;
  return { readable, setAside };
}

/** A detection failure as the API error it is: 422 for a file that cannot be read, 400 for a bad mapping. */
function detectionError(ctx: RouteContext, f: MappedFile, err: unknown): unknown {
  const kind = ctx.deps.jobs.ingest.classify(err);
  // Name the file as uploaded, never by its path on the server.
  const message = (err as Error).message.replaceAll(f.path, f.name);
  if (kind === "unreadable") {
    return new UnprocessableError(
      `api: body.${f.field}: "${f.name}" cannot be read: ${message}`,
      `body.${f.field}`,
    );
  }
  if (kind === "mapping") {
    return new ValidationError(`api: ${f.mappingField}: ${message}`, [{ path: f.mappingField, message }]);
  }
  return err;
}

/**
 * Detection for the preview: a header row that lacks or doubles a required field is not refused but described
 * (`complete: false`, with `missing` / `ambiguous`), so the user can say which column holds what. An upload of it
 * is still refused until a mapping completes it.
 */
/** What the ingest port's detect answers (ingest/index.ts detectFile). */
type Detection = Awaited<ReturnType<typeof detectFile>>;

async function detectForPreview(
  ctx: RouteContext,
  f: MappedFile,
): Promise<{ detection: Detection; complete: boolean }> {
  try {
    return { detection: (await ctx.deps.jobs.ingest.detect(f, f.mapping)) as Detection, complete: true };
  } catch (err) {
    if (!(err instanceof IncompleteHeaderError)) throw detectionError(ctx, f, err);
  }
  try {
    const detection = await ctx.deps.jobs.ingest.detect(f, f.mapping, { incomplete: true });
    return { detection: detection as Detection, complete: false };
  } catch (err) {
    throw detectionError(ctx, f, err);
  }
}

async function uploadView(ctx: RouteContext, upload: UploadRecord) {
  const manifest = await ctx.deps.jobs.manifest(upload.id);
  const progress = ctx.deps.jobs.progress(upload.id);
  return {
    ...upload,
    ...(progress ? { progress } : {}),
    ...(manifest ? { files: manifest.files } : {}),
    ...(manifest?.setAside?.length ? { setAside: manifest.setAside } : {}),
    ...(manifest?.rejectsPath ? { rejectsUrl: `/api/uploads/${upload.id}/rejects.csv` } : {}),
  };
}

async function findUpload(ctx: RouteContext, id: string): Promise<UploadRecord> {
  const upload = await ctx.deps.store.getUpload(id);
  if (!upload) throw new NotFoundError(`api: no upload "${id}"`, "params.id");
  return upload;
}

function sse(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export const uploadsRoutes: RouteDef[] = [
  defineRoute({
    method: "POST",
    path: "/api/uploads",
    tag: "uploads",
    summary: "Upload export files; starts a background ingest job",
    description:
      "multipart/form-data with one or more `file` fields, an optional `mapping` field (JSON) applied to every " +
      "file, and an optional `mappings` field (JSON) giving single files their own mapping. A file named in " +
      "`mappings` is read with that mapping alone (it replaces `mapping` for that file); the other files are read " +
      "with `mapping`, or detected. Files with different mappings are ingested in separate passes, so duplicates " +
      "between them are settled by the store (as for two uploads) rather than counted in the summary. A `.zip` " +
      "is unpacked into the files it holds (limits: 500 files, the per-file and per-request caps on the unpacked " +
      "bytes; an entry whose path leaves the archive is never written). A file that cannot be read as an export is " +
      "set aside with its reason (`setAside`) while the others go in; when none can be read the answer is 422. " +
      "When done, `summary.store` says what the upload added to the store (`added`, `nothingNew`) as opposed to " +
      "the rows it read (`totals.accepted` counts rows already stored too).",
    multipart: {
      file: {
        description: "an export file (repeat the field for several; `files` is accepted too)",
        file: true,
        required: true,
      },
      mapping: {
        description:
          'column mapping JSON for every file: { "kind", "encoding", "delimiter", "columns" } (docs/FORMATS.md)',
      },
      mappings: {
        description:
          'per-file column mappings JSON: { "<file name as uploaded>": { "kind", "encoding", "delimiter", ' +
          '"columns" } }. Every name must be one file of this request; errors name `body.mappings.<file name>`.',
      },
    },
    status: 202,
    responses: {
      202: { description: "accepted; follow the job at /api/uploads/{id}", schema: UploadSchema },
      400: {
        description:
          "`mapping` or `mappings` is not valid, does not fit its file, or `mappings` names a file not in the upload",
      },
      413: {
        description:
          "a file is over MULEGRAPH_UPLOAD_MAX_BYTES, or the files together are over MULEGRAPH_UPLOAD_MAX_REQUEST_BYTES",
      },
      422: {
        description: "no file of the upload can be read as an export, or a zip archive cannot be unpacked",
      },
      503: { description: "the server cannot write its uploads folder" },
    },
    async handler(_input, ctx) {
      const id = randomUUID();
      const dir = ctx.deps.jobs.dirOf(id);
      try {
        const { files: received, fields } = await receiveMultipart(ctx.req, {
          dir: path.join(dir, "files"),
          maxFileBytes: ctx.deps.env.MULEGRAPH_UPLOAD_MAX_BYTES,
          maxRequestBytes: uploadRequestCap(ctx.deps.env),
          maxFiles: MAX_FILES,
          fileFields: ["file", "files"],
          textFields: { mapping: MAPPING_MAX_BYTES, mappings: MAPPINGS_MAX_BYTES },
        });
        if (received.length === 0) {
          throw new ValidationError("api: body.file: missing (send at least one file)", [
            { path: "body.file", message: "missing" },
          ]);
        }
        const mapping = parseMapping(fields.mapping);
        const unzipped = await expandZips(received, path.join(dir, "files"), {
          maxEntries: MAX_FILES,
          maxEntryBytes: ctx.deps.env.MULEGRAPH_UPLOAD_MAX_BYTES,
          maxTotalBytes: uploadRequestCap(ctx.deps.env),
        });
        const files = unzipped.files;
        const own = assignMappings(fields.mappings, files);
        const { readable, setAside } = await detectAll(
          ctx,
          files.map((f) => {
            const o = own.get(f);
            return o
              ? { ...f, mapping: o.mapping, mappingField: `body.mappings.${o.key}` }
              : { ...f, mapping, mappingField: "body.mapping" };
          }),
        );
        const going = files.filter((f) => readable.some((r) => r.path === f.path));
        setAside.unshift(...unzipped.setAside);
        const upload = await ctx.deps.jobs.start({
          id,
          createdBy: ctx.user().username,
          files: going.map((f) => ({ ...f, mapping: own.get(f)?.mapping })),
          mapping,
          setAside,
        });
        await ctx.audit("upload.create", id, {
          files: going.map((f) => {
            const o = own.get(f);
            return { name: f.name, bytes: f.bytes, ...(o ? { mapping: o.mapping } : {}) };
          }),
          ...(setAside.length ? { setAside } : {}),
          ...(mapping !== undefined ? { mapping } : {}),
        });
        return uploadView(ctx, upload);
      } catch (err) {
        // Cleaning up must not hide why the upload failed (an uploads folder that cannot be written fails both).
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
        throw err;
      }
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/uploads/preview",
    tag: "uploads",
    summary:
      "Detect a file's kind, encoding, delimiter and column mapping, with its first rows (nothing is stored)",
    multipart: {
      file: { description: "the file, or its first megabytes", file: true, required: true },
      mapping: { description: "column mapping JSON to apply" },
    },
    responses: {
      200: {
        description: "what detection found, also for a header that still needs a mapping (`complete: false`)",
        schema: PreviewSchema,
      },
      413: { description: "over 8 MiB: send the head of the file" },
      422: { description: "the file cannot be read as an export" },
    },
    async handler(_input, ctx): Promise<Answer<typeof PreviewSchema>> {
      const dir = path.join(ctx.deps.uploadDir, "previews", randomUUID());
      try {
        const { files, fields } = await receiveMultipart(ctx.req, {
          dir,
          maxFileBytes: Math.min(PREVIEW_MAX_BYTES, ctx.deps.env.MULEGRAPH_UPLOAD_MAX_BYTES),
          maxFiles: 1,
          fileFields: ["file"],
          textFields: { mapping: MAPPING_MAX_BYTES },
        });
        const file = files[0];
        if (!file)
          throw new ValidationError("api: body.file: missing", [{ path: "body.file", message: "missing" }]);
        const mapping = parseMapping(fields.mapping);
        const { detection, complete } = await detectForPreview(ctx, {
          ...file,
          mapping,
          mappingField: "body.mapping",
        });
        const signature = headerSignature(detection.preview[0] ?? []);
        const saved = await ctx.deps.store.listNamedMappings({ signature });
        return {
          name: file.name,
          ...detection,
          complete,
          signature,
          savedMappings: saved.sort((a, b) => b.createdAt - a.createdAt),
          fields: kindFields(),
        };
      } finally {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/uploads",
    tag: "uploads",
    summary: "Recent uploads, newest first",
    query: z.object({ limit: queryInt(1, 500, 50) }),
    responses: { 200: { description: "uploads", schema: z.object({ uploads: z.array(UploadSchema) }) } },
    async handler({ query }, ctx) {
      const uploads = await ctx.deps.store.listUploads({ limit: query.limit });
      return { uploads: await Promise.all(uploads.map((u) => uploadView(ctx, u))) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/uploads/:id",
    tag: "uploads",
    summary: "One upload: status, live progress, and the ingest summary when done",
    params: UploadId,
    responses: { 200: { description: "the upload", schema: UploadSchema } },
    async handler({ params }, ctx) {
      return uploadView(ctx, await findUpload(ctx, params.id));
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/uploads/:id/events",
    tag: "uploads",
    summary:
      "Server-sent events: `progress` (the upload record) now and while running, then `done` or `failed`",
    params: UploadId,
    responses: { 200: { description: "an event stream", contentType: "text/event-stream" } },
    async handler({ params }, ctx) {
      const upload = await findUpload(ctx, params.id);
      const { res, req, deps } = ctx;
      res.status(200).set({
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      res.flushHeaders();
      res.write("retry: 3000\n\n");
      sse(res, "progress", await uploadView(ctx, upload));
      if (!deps.jobs.progress(upload.id)) {
        // Not queued or running in this process: send the final record (read again: it may have just ended).
        const now = await findUpload(ctx, upload.id);
        if (now.status === "done" || now.status === "failed")
          sse(res, now.status, await uploadView(ctx, now));
        res.end();
        return undefined;
      }
      // No await between the check above and subscribing: the job cannot end unseen in between.
      await new Promise<void>((resolve) => {
        const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
        const stop = (): void => {
          clearInterval(heartbeat);
          unsubscribe();
          resolve();
        };
        const unsubscribe = deps.jobs.subscribe(upload.id, (e: JobEvent) => {
          switch (e.type) {
            case "progress":
              sse(res, "progress", { ...e.upload, progress: e.progress });
              return;
            case "closing":
              sse(res, "closing", { message: "server shutting down; reconnect later" });
              res.end();
              stop();
              return;
            default:
              stop();
              void uploadView(ctx, e.upload).then((v) => {
                sse(res, e.type, v);
                res.end();
              });
          }
        });
        req.on("close", stop);
      });
      return undefined;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/uploads/:id/rejects.csv",
    tag: "uploads",
    summary: "The job's rejects report: every rejected row with file, line and reason",
    params: UploadId,
    responses: { 200: { description: "CSV", contentType: "text/csv" } },
    async handler({ params }, ctx) {
      const upload = await findUpload(ctx, params.id);
      const manifest = await ctx.deps.jobs.manifest(upload.id);
      if (!manifest?.rejectsPath) {
        throw new NotFoundError(
          `api: upload "${upload.id}" has no rejects report (status ${upload.status})`,
          "params.id",
        );
      }
      const dir = ctx.deps.jobs.dirOf(upload.id);
      const file = path.resolve(dir, manifest.rejectsPath);
      if (!file.startsWith(dir + path.sep))
        throw new ApiError(500, "internal", "api: rejects path outside the upload");
      await stat(file).catch(() => {
        throw new NotFoundError(`api: the rejects report of upload "${upload.id}" is gone`, "params.id");
      });
      await ctx.audit("upload.rejects", upload.id);
      ctx.res.attachment(`rejects-${upload.id}.csv`);
      ctx.res.type("text/csv; charset=utf-8");
      await new Promise<void>((resolve, reject) =>
        ctx.res.sendFile(file, (err) => (err ? reject(err) : resolve())),
      );
      return undefined;
    },
  }),
];
