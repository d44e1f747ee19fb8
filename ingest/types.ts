/**
 * Public types of the ingest pipeline (re-exported by ingest/index.ts).
 */
import type { CanonicalRecord, ExportKind } from "../model/records.js";
import type { PlausibleTime, TimeRange } from "./time-window.js";

/**
 * An explicit mapping (`--mapping FILE`, docs/FORMATS.md) overriding detection; every key optional.
 * `columns` maps a header as it appears in the file to a canonical field ("" or "-" ignores the column).
 */
export interface ColumnMapping {
  kind?: ExportKind;
  encoding?: "utf8" | "cp1251";
  delimiter?: string;
  columns?: Record<string, string>;
  /** IANA zone of this file's zone-less timestamps (a UTC register: "UTC"); default the run's zone (Asia/Almaty). */
  zone?: string;
  /** KZT per unit of currencies this file holds that have no rate column (e.g. { "GBP": 600 }). */
  fx?: Record<string, number>;
  /** The currency of this file's amounts where no currency column or cell says (a USD register: "USD"). */
  currency?: string;
}

export interface RejectEntry {
  /** 1-based line of the row in the file. */
  line: number;
  /** Names the column and what is wrong with its value. */
  reason: string;
}

/**
 * What header recognition made of one column (docs/FORMATS.md, "Recognition by meaning"): the field chosen, how
 * sure it is, and the best alternatives. The upload preview shows these and lets the user change the choice.
 */
export interface ColumnGuess {
  /** 0-based column index in the header row. */
  index: number;
  /** The header cell as in the file. */
  header: string;
  /** Canonical field chosen for the column, or null when it is not read. */
  field: string | null;
  /** 0..1: 1 for an exact known header or a mapping file's choice, lower for a match by meaning. */
  confidence: number;
  /** Best first, up to 3, including the chosen field. */
  candidates: { field: string; confidence: number }[];
}

/** A field that two or more columns claim with about the same confidence (a mapping must decide). */
export interface AmbiguousField {
  field: string;
  /** Headers as in the file. */
  columns: string[];
}

/** A totals, turnover or balance line of a statement (not a transfer): counted and reported, not rejected. */
export interface FooterEntry {
  /** 1-based line in the file. */
  line: number;
  /** The line's cells joined with the file's delimiter. */
  text: string;
}

/** What a statement's preamble (the lines above its header) says about the statement itself. */
export interface PreambleFacts {
  /** The statement's own account: an IBAN, or a plain number after an "Account number" label. */
  account?: string;
  holderName?: string;
  holderId?: string;
  /** A BIC or sort code. */
  bank?: string;
  currency?: string;
  /** As printed. */
  period?: { from: string; to: string };
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
  /** Each column's field and confidence, in header order. */
  columns: ColumnGuess[];
  /** Never set by ingest: a file lacking a required field is refused before its rows are read (see DetectedFile). */
  missing?: string[];
  /** Fields several columns claimed; the first listed column was used. */
  ambiguous?: AmbiguousField[];
  /** 1-based line of the header row (lines before it are preamble). */
  headerLine?: number;
  /** rowsRead = accepted + duplicates + rejected + footers. */
  rowsRead: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejects: RejectEntry[];
  /** Totals / turnover / balance lines (not transfers, not rejected). */
  footers: number;
  footerLines?: FooterEntry[];
  /** File-level remarks (e.g. a statement preamble value that failed validation and was ignored). */
  notes?: string[];
  /** First and last timestamp of the rows kept (accepted or duplicate); absent when none was kept. */
  timeRange?: TimeRange;
  /** What the preamble said (statements; only when it said something). */
  preamble?: PreambleFacts;
}

export interface IngestSummary {
  files: FileReport[];
  totals: { rowsRead: number; accepted: number; duplicates: number; rejected: number; footers: number };
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
  /**
   * Rows with a timestamp outside this window are rejected (ingest/time-window.ts); default from 1990-01-01 (local
   * time in `zone`) to the ingest time plus one day.
   */
  plausibleTime?: PlausibleTime;
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
  /** Each column's field and confidence, in header order. */
  columns: ColumnGuess[];
  /** Required or optional fields no column was found for (a required one makes the file unreadable). */
  missing?: string[];
  /** Fields several columns claimed with about the same confidence. */
  ambiguous?: AmbiguousField[];
  /** Header row then up to 10 data rows. */
  preview: string[][];
  /** What the preamble said (statements; only when it said something). */
  preamble?: PreambleFacts;
}
