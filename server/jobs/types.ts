/**
 * Types of upload jobs: what the API hands to the job runner, and how the runner reaches the ingest pipeline.
 */
import type { GraphWritePort } from "../store/ports/graph.js";
import type { LoadStart } from "../store/ports/loads.js";
import type { UploadRecord } from "../store/ports/records.js";

/** A file received by POST /api/uploads, already on disk. */
export interface UploadFile {
  /** Name as uploaded (safe base name). */
  name: string;
  path: string;
  bytes: number;
  /** This file's own column mapping (POST /api/uploads `mappings`); it replaces the upload's `mapping` for it. */
  mapping?: unknown;
}

/** Live progress of a queued or running job (the shape the web client's upload view reads). */
export interface JobProgress {
  /** Name of the file being ingested. */
  file?: string;
  files: number;
  filesDone: number;
  rowsRead: number;
  bytesRead: number;
  bytesTotal: number;
}

/** What a job reports to subscribers (server-sent events). */
export type JobEvent =
  | { type: "progress"; upload: UploadRecord; progress: JobProgress }
  | { type: "done"; upload: UploadRecord }
  | { type: "failed"; upload: UploadRecord }
  /** The server is shutting down: streams should end. */
  | { type: "closing" };

/** What the job runner needs from ingest/ (bound to the real pipeline in server/jobs/ingest-port.ts). */
export interface IngestPort {
  /**
   * Ingest files into the store; write the rejects report into `reportDir`. Each file is read with its own
   * `mapping` if it has one, else with `opts.mapping` (else detected). Resolves with the summary (the JSON of
   * `mulegraph ingest --json`, files in the order given) and the rejects CSV path, if one was written.
   */
  ingest(
    files: UploadFile[],
    opts: {
      store: GraphWritePort;
      mapping?: unknown;
      /** Rows dated outside it are rejected (ingest/time-window.ts). */
      plausibleTime?: { notBefore?: number; notAfter?: number };
      reportDir: string;
      onProgress?: (p: Partial<JobProgress>) => void;
      /** The load record the ingest writes under (GraphWritePort.bulkLoad): recorded before the first record. */
      load?: LoadStart;
    },
  ): Promise<{ summary: unknown; rejectsPath?: string }>;
  /**
   * Detect one file's format (kind, encoding, delimiter, mapping, first rows). With `incomplete`, a header row that
   * lacks or doubles a required field is still described (with `missing` / `ambiguous`) instead of refused.
   */
  detect(file: UploadFile, mapping?: unknown, opts?: { incomplete?: boolean }): Promise<unknown>;
  /**
   * What kind of user error this is: a file that cannot be read as an export ("unreadable"), a mapping that does
   * not fit the file ("mapping"), or neither (null: a server fault).
   */
  classify(err: unknown): "unreadable" | "mapping" | null;
}
