/**
 * Ingest of a non-CSV file: the format's reader turns the whole file into a table of string rows once, at
 * prepare time (so an unreadable file stops the call before any record is emitted, as for CSV), and ingest feeds
 * those rows to the same row mappers as CSV rows: validation, dedupe, entities and reports are shared.
 *
 * The file is read into memory once; its SHA-256 is taken over exactly the bytes that were parsed, so provenance
 * (file hash + line, sheet row or entry position) names what was read even if the file changes afterwards.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { ExportKind, Source } from "../../model/records.js";
import { Batch, EntitySink } from "../entities.js";
import { RowRejected, UnreadableFileError } from "../errors.js";
import { FieldReader } from "../fields.js";
import { isFooterRow } from "../footers.js";
import type { MapContext, RowMapper } from "../map-common.js";
import type { IngestRun, PreparedFile } from "../pipeline.js";
import type { Sniffed } from "../sniff.js";
import { TimeWindow } from "../time-window.js";
import type { ColumnMapping, FooterEntry, RejectEntry } from "../types.js";
import { readCamt } from "./camt.js";
import { readMt940 } from "./mt940.js";
import { readOneC } from "./one-c.js";
import type { FormatFileReport, FormatId, FormatTable } from "./types.js";
import { readXlsx } from "./xlsx.js";

/** What prepare keeps of a non-CSV file for ingest. */
export interface StructuredFile {
  table: FormatTable;
  sha256: string;
}

/** Rows mapped between two progress reports. */
const PROGRESS_ROWS = 5000;
/** Footer lines kept in a report (all are counted), as for CSV. */
const FOOTER_LINES_KEPT = 100;

async function readTable(
  format: FormatId,
  buf: Buffer,
  path: string,
  mapping?: ColumnMapping,
): Promise<FormatTable> {
  switch (format) {
    case "xlsx":
      return readXlsx(buf, path, mapping);
    case "1c":
      return readOneC(buf);
    case "camt":
      return readCamt(buf, path);
    case "mt940":
      return readMt940(buf);
  }
}

/**
 * Read and parse a file of a detected non-CSV format. Returns the prepared file (with a `sniffed` that describes
 * the table, for the upload preview and detectFile) and the parsed table.
 */
export async function prepareStructured(
  path: string,
  format: FormatId,
  mapping: ColumnMapping | undefined,
): Promise<{ sniffed: Sniffed; structured: StructuredFile; bytes: number }> {
  const buf = await readFile(path);
  const sha256 = createHash("sha256").update(buf).digest("hex");
  const table = await readTable(format, buf, path, mapping);
  if (mapping?.kind && mapping.kind !== table.kind) {
    throw new UnreadableFileError(
      `ingest/${format}: "${path}" is a ${table.variant} file, which holds a ${table.kind}; the mapping says ` +
        `${mapping.kind}. Drop "kind" from the mapping for this file.`,
      path,
    );
  }
  if (format !== "xlsx" && mapping?.columns && Object.keys(mapping.columns).length > 0) {
    table.notes.push(
      `${table.variant} fields are read by name; the mapping's columns were not needed and not used`,
    );
  }
  const sniffed: Sniffed = {
    // The CSV decoder never sees these files: the encoding is only reported.
    encoding: table.encoding as Sniffed["encoding"],
    delimiter: "",
    headerLine: table.headerLine,
    headerOffset: 0,
    headers: table.headers,
    match: {
      kind: table.kind,
      fields: table.fields,
      mapping: table.mapping,
      ignored: table.ignored,
      missing: [],
      columns: table.columns,
      ambiguous: table.ambiguous ?? [],
      conflicts: [],
    },
    preamble: table.preamble,
    preview: [table.headers, ...table.rows.slice(0, 10).map((r) => r.cells)],
  };
  return { sniffed, structured: { table, sha256 }, bytes: buf.length };
}

function isBlank(row: string[]): boolean {
  for (const c of row) if (c.trim() !== "") return false;
  return true;
}

/** Ingest a prepared non-CSV file through the kind's row mapper; emits records via run.opts.onBatch. */
export async function ingestStructured(
  prep: PreparedFile & { structured: StructuredFile },
  run: IngestRun,
  mappers: Readonly<Record<ExportKind, (ctx: MapContext) => RowMapper>>,
): Promise<FormatFileReport> {
  const { table, sha256 } = prep.structured;
  const path = prep.path;
  const batch = new Batch();
  const flush = async () => {
    if (batch.records.length === 0) return;
    const records = batch.records;
    batch.records = [];
    if (run.opts.onBatch) await run.opts.onBatch(records);
  };
  const notes = [...table.notes];
  const time = new TimeWindow(run.zone, run.opts.plausibleTime);
  const mapper = mappers[table.kind]({
    reader: new FieldReader(table.headers, table.fields),
    entities: new EntitySink(() => batch),
    batch: () => batch,
    ledger: run.ledger,
    fx: run.fx,
    zone: run.zone,
    preamble: table.preamble,
    notes,
    time,
  });

  let rowsRead = 0,
    accepted = 0,
    duplicates = 0,
    rejected = 0,
    footers = 0;
  const footerLines: FooterEntry[] = [];
  const tsIdx = table.fields.indexOf("ts");
  const tsTime = table.tsTime ?? -1;
  const rejects: RejectEntry[] = [];
  const reject = (line: number, reason: string) => {
    rejected++;
    rejects.push({ line, reason });
  };
  // Entries the reader left out on purpose (e.g. pending camt entries) are rows all the same: reported, not lost.
  for (const s of table.skipped ?? []) {
    rowsRead++;
    reject(s.line, s.reason);
  }
  const total = table.rows.length;
  for (let k = 0; k < total; k++) {
    const { cells, line } = table.rows[k]!;
    if (isBlank(cells)) continue;
    rowsRead++;
    // A totals line of a sheet ("Итого", "Total") is a footer, as in CSV; structured formats have none in rows.
    if (table.format === "xlsx" && isFooterRow(cells, tsIdx)) {
      footers++;
      if (footerLines.length < FOOTER_LINES_KEPT) footerLines.push({ line, text: cells.join("\t") });
      continue;
    }
    // Split date and time columns: the mappers read one timestamp.
    if (tsTime >= 0 && (cells[tsTime] ?? "").trim() !== "" && (cells[tsIdx] ?? "").trim() !== "")
      cells[tsIdx] = `${cells[tsIdx]!.trim()} ${cells[tsTime]!.trim()}`;
    const src: Source = { file: sha256, line };
    time.startRow();
    try {
      if (mapper(cells, src) === "accepted") accepted++;
      else duplicates++;
      time.keepRow();
    } catch (e) {
      if (e instanceof RowRejected) reject(line, e.message);
      else throw e;
    }
    if (batch.records.length >= run.batchSize) await flush();
    if (k % PROGRESS_ROWS === PROGRESS_ROWS - 1) {
      // Parsing is done up front: progress is the share of rows mapped, in bytes of the file.
      const bytesRead = Math.floor((prep.bytes * (k + 1)) / total);
      run.opts.onProgress?.({ file: path, bytesRead, bytesTotal: prep.bytes, rowsRead });
    }
  }
  rejects.sort((a, b) => a.line - b.line);
  // The rows are not needed again: free them before the next file of the call is ingested.
  table.rows = [];

  batch.push({
    kind: "sourceFile",
    sha256,
    name: basename(path),
    bytes: prep.bytes,
    exportKind: table.kind,
    rowsRead,
  });
  await flush();
  run.opts.onProgress?.({ file: path, bytesRead: prep.bytes, bytesTotal: prep.bytes, rowsRead });

  const report: FormatFileReport = {
    file: path,
    sha256,
    kind: table.kind,
    encoding: table.encoding,
    delimiter: "",
    mapping: table.mapping,
    ignoredColumns: table.ignored,
    columns: table.columns,
    headerLine: table.headerLine,
    rowsRead,
    accepted,
    duplicates,
    rejected,
    rejects,
    footers,
    format: table.format,
    formatVariant: table.variant,
    lineMeans: table.lineMeans,
  };
  if (table.sheet !== undefined) report.sheet = table.sheet;
  if (footerLines.length > 0) report.footerLines = footerLines;
  if (table.ambiguous && table.ambiguous.length > 0) report.ambiguous = table.ambiguous;
  const timeRange = time.range();
  if (timeRange) report.timeRange = timeRange;
  if (notes.length > 0) report.notes = notes;
  return report;
}
