/**
 * Public types of the ingest pipeline (re-exported by ingest/index.ts).
 */
import type { CanonicalRecord, ExportKind } from "../model/records.js";

/**
 * An explicit mapping (`--mapping FILE`, docs/FORMATS.md) overriding detection; every key optional.
 * `columns` maps a header as it appears in the file to a canonical field ("" or "-" ignores the column).
 */
export interface ColumnMapping {
  kind?: ExportKind;
  encoding?: "utf8" | "cp1251";
  delimiter?: string;
  columns?: Record<string, string>;
}

export interface RejectEntry {
  /** 1-based line of the row in the file. */
  line: number;
  /** Names the column and what is wrong with its value. */
  reason: string;
}

export interface FileReport {
  /** The path as given. */
  file: string;
  sha256: string;
  kind: ExportKind;
  /** "utf8", "utf8-bom" or "cp1251". */
  encoding: string;
  delimiter: string;
  /** Header as in the file → canonical field. */
  mapping: Record<string, string>;
  /** Headers that map to no field (their values are not read). */
  ignoredColumns?: string[];
  /** 1-based line of the header row (lines before it are preamble). */
  headerLine?: number;
  rowsRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejects: RejectEntry[];
  /** File-level remarks (e.g. a statement preamble value that failed validation and was ignored). */
  notes?: string[];
}

export interface IngestSummary {
  files: FileReport[];
  totals: { rowsRead: number; accepted: number; duplicates: number; rejected: number };
}

export interface IngestProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
}

export interface IngestOptions {
  /** Applies to every file without an entry in `mappings`. */
  mapping?: ColumnMapping;
  /** A file's own mapping, keyed by its path as given to ingestFiles; overrides `mapping` for that file. */
  mappings?: Record<string, ColumnMapping>;
  /** Records per onBatch call; default 5000. */
  batchSize?: number;
  /** Awaited before parsing goes on (backpressure). If it throws, ingest stops and rethrows. */
  onBatch?: (records: CanonicalRecord[]) => Promise<void>;
  onProgress?: (p: IngestProgress) => void;
  /** KZT per unit for currencies without a rate column; merged over DEFAULT_FX_TABLE (model/money.ts). */
  fxTable?: Record<string, number>;
  /** IANA zone of zone-less timestamps; default Asia/Almaty. */
  zone?: string;
}

/** What detection found in a file (also what the upload UI shows before ingest). */
export interface DetectedFile {
  kind: ExportKind;
  encoding: string;
  delimiter: string;
  /** 1-based line of the header row. */
  headerLine: number;
  /** Header as in the file → canonical field. */
  mapping: Record<string, string>;
  /** Header row then up to 10 data rows. */
  preview: string[][];
}
