/**
 * Binds upload jobs to the real ingest pipeline (ingest/): format detection, ingest into the store in batches, and
 * the same summary.json and rejects.csv as `mulegraph ingest`. Loaded lazily so that the API starts without loading
 * the ingest code until the first upload.
 */
import type { ColumnMapping, IngestSummary } from "../../ingest/index.js";
import type { IngestPort, UploadFile } from "./types.js";

export const ingestPort: IngestPort = {
  async ingest(files, { store, mapping, reportDir, onProgress }) {
    const ingest = await import("../../ingest/index.js");
    const byPath = new Map(files.map((f) => [f.path, f]));
    // ingest reports progress per file; the job reports it over the whole upload.
    const done = { files: 0, bytes: 0, rows: 0 };
    let current: { path: string; bytes: number; rows: number } | null = null;
    const reports: IngestSummary["files"] = [];
    // ingestFiles takes one mapping for all its files, so files with different mappings go in separate calls.
    // Dedupe spans one call: duplicates between groups are settled by the store, as for two uploads.
    for (const group of groupByMapping(files, mapping)) {
      const summary = await ingest.ingestFiles(
        group.files.map((f) => f.path),
        {
          mapping: group.mapping,
          onBatch: (records) => store.writeBatch(records),
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
      );
      reports.push(...summary.files);
    }
    // The summary lists the files in upload order, named as uploaded (not by their paths on the server's disk).
    const order = new Map(files.map((f, i) => [f.path, i]));
    reports.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
    for (const f of reports) f.file = byPath.get(f.file)?.name ?? f.file;
    const summary: IngestSummary = {
      files: reports,
      totals: {
        rowsRead: sum(reports, "rowsRead"),
        accepted: sum(reports, "accepted"),
        duplicates: sum(reports, "duplicates"),
        rejected: sum(reports, "rejected"),
      },
    };
    const { rejectsPath } = await ingest.writeReport(summary, reportDir);
    return { summary, rejectsPath };
  },
  async detect(file, mapping) {
    const ingest = await import("../../ingest/index.js");
    return ingest.detectFile(file.path, mapping as ColumnMapping | undefined);
  },
  classify(err) {
    if (!(err instanceof Error)) return null;
    if (err.name === "UnreadableFileError") return "unreadable";
    if (err.name === "MappingError") return "mapping";
    return null;
  },
};

/**
 * Files grouped by the mapping each is read with (its own, else the upload's), groups in order of first appearance.
 * Equal mappings share a group, so an upload without per-file mappings is one ingestFiles call as before.
 */
function groupByMapping(
  files: UploadFile[],
  common: unknown,
): { mapping: ColumnMapping | undefined; files: UploadFile[] }[] {
  const groups = new Map<string, { mapping: ColumnMapping | undefined; files: UploadFile[] }>();
  for (const f of files) {
    const mapping = (f.mapping ?? common) as ColumnMapping | undefined;
    const key = JSON.stringify(mapping) ?? "";
    const group = groups.get(key) ?? { mapping, files: [] };
    group.files.push(f);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function sum(
  reports: IngestSummary["files"],
  key: "rowsRead" | "accepted" | "duplicates" | "rejected",
): number {
  return reports.reduce((s, r) => s + r[key], 0);
}
