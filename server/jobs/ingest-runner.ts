/**
 * The one ingest runner: export files through the ingest pipeline (ingest/) into a store, as one recorded bulk load.
 * `mulegraph ingest` and the upload jobs both run it, so both write the same load record, in the same batches, and
 * tell a store failure from an unreadable file the same way.
 */
import {
  ingestFiles,
  type ColumnMapping,
  type IngestOptions,
  type IngestProgress,
  type IngestSummary,
} from "../../ingest/index.js";
import type { CanonicalRecord } from "../../model/records.js";
import type { GraphWritePort } from "../store/ports/graph.js";
import type { LoadStart } from "../store/ports/loads.js";

/** A store write failed (a batch, or the bulk load's last commit): carries the store's error as `cause`. */
export class StoreWriteError extends Error {
  override name = "StoreWriteError";
}

export interface IngestRunOptions {
  /** Applies to every file without an entry in `mappings`. */
  mapping?: ColumnMapping;
  /** A file's own mapping, keyed by its path as given. */
  mappings?: Record<string, ColumnMapping>;
  /** Rows dated outside it are rejected (ingest/time-window.ts). */
  plausibleTime?: IngestOptions["plausibleTime"];
  /** Records per store write; ingest's default when absent. */
  batchSize?: number;
  /** The load record the ingest writes under (GraphWritePort.bulkLoad): recorded before the first record. */
  load?: LoadStart;
  onProgress?: (p: IngestProgress) => void;
  /** After each batch the store accepted: records and batches stored so far. */
  onStored?: (stored: { records: number; batches: number }) => void;
}

/** What an ingest did: the pipeline's summary, and what the store accepted. */
export interface IngestRun {
  summary: IngestSummary;
  records: number;
  batches: number;
}

/** A store's error as one line: its name and code (a driver's, such as ServiceUnavailable) before the message. */
export function describeStoreError(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string };
  const what = [e?.name, e?.code].filter(Boolean).join(" ");
  return `${what ? `${what}: ` : ""}${e?.message ?? String(err)}`;
}

/**
 * Ingest `files` into `store` as one bulk load. A store failure, during a batch or at the load's final commit, is
 * thrown as StoreWriteError; an unreadable file or a mapping that does not fit as the pipeline's own error
 * (UnreadableFileError, MappingError). `stored` on the error-free path; on failure the caller's onStored has seen
 * what was stored before it.
 */
export async function runIngest(
  store: GraphWritePort,
  files: string[],
  opts: IngestRunOptions = {},
): Promise<IngestRun> {
  const stored = { records: 0, batches: 0 };
  // A store may commit a bulk load's last batches when it ends: a failure there is the store's too.
  let parsed = false;
  const summary = await store
    .bulkLoad(async () => {
      const s = await ingestFiles(files, {
        mapping: opts.mapping,
        mappings: opts.mappings,
        plausibleTime: opts.plausibleTime,
        batchSize: opts.batchSize,
        onBatch: async (records: CanonicalRecord[]) => {
          try {
            await store.writeBatch(records);
          } catch (e) {
            throw new StoreWriteError(describeStoreError(e), { cause: e });
          }
          stored.records += records.length;
          stored.batches++;
          opts.onStored?.({ ...stored });
        },
        onProgress: opts.onProgress,
      });
      parsed = true;
      return s;
    }, opts.load)
    .catch((e: unknown) => {
      throw parsed && !(e instanceof StoreWriteError)
        ? new StoreWriteError(describeStoreError(e), { cause: e })
        : e;
    });
  return { summary, ...stored };
}
