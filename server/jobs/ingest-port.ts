/**
 * Binds upload jobs to the real ingest pipeline (ingest/): format detection, and ingest into the store through the
 * one ingest runner (ingest-runner.ts, which `mulegraph ingest` runs too) with the same summary.json and rejects.csv
 * as `mulegraph ingest`. Loaded lazily so that the API starts without loading the ingest code until the first upload.
 */
import type { ColumnMapping } from "../../ingest/index.js";
import type { IngestPort } from "./types.js";

export const ingestPort: IngestPort = {
  async ingest(files, { store, mapping, plausibleTime, reportDir, onProgress, load }) {
    const [ingest, runner] = await Promise.all([
      import("../../ingest/index.js"),
      import("./ingest-runner.js"),
    ]);
    const byPath = new Map(files.map((f) => [f.path, f]));
    // ingest reports progress per file; the job reports it over the whole upload.
    const done = { files: 0, bytes: 0, rows: 0 };
    let current: { path: string; bytes: number; rows: number } | null = null;
    const mappings: Record<string, ColumnMapping> = {};
    for (const f of files) if (f.mapping !== undefined) mappings[f.path] = f.mapping as ColumnMapping;
    // One run for the whole upload, so duplicates between its files are found whatever mapping each is read with;
    // one load, so a killed upload is listed as incomplete (GraphWritePort.bulkLoad).
    const { summary } = await runner
      .runIngest(
        store,
        files.map((f) => f.path),
        {
          mapping: mapping as ColumnMapping | undefined,
          mappings,
          plausibleTime,
          load,
          onProgress: (p) => {
            if (current && current.path !== p.file) {
              done.files++;
              done.bytes += current.bytes;
              done.rows += current.rows;
            }
            current = { path: p.file, bytes: p.bytesTotal, rows: p.rowsRead };
            onProgress?.({
              file: byPath.get(p.file)?.name ?? "",
              filesDone: done.files,
              rowsRead: done.rows + p.rowsRead,
              bytesRead: done.bytes + p.bytesRead,
            });
          },
        },
      )
      // An upload reports the store's own error (its name is logged, its message shown).
      .catch((e: unknown) => {
        throw e instanceof runner.StoreWriteError ? e.cause : e;
      });
    // Report the names as uploaded, not the paths on the server's disk.
    for (const f of summary.files) f.file = byPath.get(f.file)?.name ?? f.file;
    const { rejectsPath } = await ingest.writeReport(summary, reportDir);
    return { summary, rejectsPath };
  },
  async detect(file, mapping, opts) {
    const ingest = await import("../../ingest/index.js");
    return ingest.detectFile(file.path, mapping as ColumnMapping | undefined, opts);
  },
  classify(err) {
    if (!(err instanceof Error)) return null;
    if (err.name === "UnreadableFileError") return "unreadable";
    if (err.name === "MappingError") return "mapping";
    return null;
  },
};
