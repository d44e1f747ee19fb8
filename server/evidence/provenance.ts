/**
 * provenance.csv and sources.csv: every transfer and withdrawal of the subgraph tied to the source files (by
 * SHA-256) and the line numbers it was read from, and the list of those files with name, size and kind.
 */
import type { Subgraph } from "../../model/graph.js";
import { csvDocument, type CsvCell } from "./csv.js";
import type { SourceFileInfo } from "./types.js";

/** The SHA-256s of every file the subgraph's relationships cite, sorted. */
export function citedFiles(sub: Subgraph): string[] {
  const shas = new Set<string>();
  for (const e of sub.edges) for (const s of e.sources ?? []) shas.add(s.file);
  return [...shas].sort();
}

function iso(ms: unknown): string | undefined {
  return typeof ms === "number" && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** One row per (relationship, source): which file and line each transfer came from. */
export function provenanceCsv(sub: Subgraph, files: SourceFileInfo[]): string {
  const names = new Map(files.map((f) => [f.sha256, f.name]));
  const rows: CsvCell[][] = [];
  const edges = [...sub.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const e of edges) {
    const sources = [...(e.sources ?? [])].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    for (const s of sources) {
      rows.push([
        e.id,
        e.type,
        e.props.txId as CsvCell,
        e.source,
        e.target,
        iso(e.props.ts),
        e.props.amount as CsvCell,
        e.props.currency as CsvCell,
        e.props.amountKzt as CsvCell,
        e.props.tracedKzt as CsvCell,
        s.file,
        names.get(s.file) ?? "",
        s.line,
      ]);
    }
  }
  return csvDocument(
    [
      "edgeId",
      "type",
      "txId",
      "source",
      "target",
      "timeUtc",
      "amount",
      "currency",
      "amountKzt",
      "tracedKzt",
      "fileSha256",
      "fileName",
      "line",
    ],
    rows,
  );
}

/** The source files with their hashes, and how many rows of provenance.csv cite each. */
export function sourcesCsv(sub: Subgraph, files: SourceFileInfo[]): string {
  const cited = new Map<string, number>();
  for (const e of sub.edges) for (const s of e.sources ?? []) cited.set(s.file, (cited.get(s.file) ?? 0) + 1);
  const known = new Set(files.map((f) => f.sha256));
  const rows: CsvCell[][] = files.map((f) => [
    f.sha256,
    f.name,
    f.bytes,
    f.exportKind,
    f.rowsRead,
    cited.get(f.sha256) ?? 0,
  ]);
  // A file cited by a transfer but unknown to the store still gets a row: its hash is the evidence.
  for (const sha of citedFiles(sub))
    if (!known.has(sha)) rows.push([sha, "", "", "", "", cited.get(sha) ?? 0]);
  return csvDocument(["sha256", "name", "bytes", "exportKind", "rowsRead", "citedRows"], rows);
}
