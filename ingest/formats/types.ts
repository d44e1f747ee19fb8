/**
 * Types of the non-CSV export readers (ingest/formats/): which format a file is, the table of string rows a reader
 * hands to the shared row mappers, and what the file report adds for such files.
 */
import type { ExportKind } from "../../model/records.js";
import type { Preamble } from "../sniff.js";
import type { AmbiguousField, ColumnGuess, FileReport } from "../types.js";

/** Column guesses of a table whose fields are named by the format itself: each with confidence 1. */
export function exactColumns(headers: string[], fields: (string | undefined)[]): ColumnGuess[] {
  return headers.map((header, index) => {
    const field = fields[index] ?? null;
    return {
      index,
      header,
      field,
      confidence: field ? 1 : 0,
      candidates: field ? [{ field, confidence: 1 }] : [],
    };
  });
}

/** Formats read by ingest/formats (CSV and other delimited text stay with the CSV pipeline). */
export type FormatId = "xlsx" | "1c" | "camt" | "mt940";

/**
 * What the `line` of a reject or a record's source means for a format: a physical line of a text file, a row of a
 * worksheet, or the 1-based position of an entry (`<Ntry>` of a camt message, `:61:` of an MT940 statement).
 */
export type LineMeans = "line" | "sheet row" | "entry";

/** One row handed to a mapper: its cells (in the order of the table's headers) and where it came from. */
export interface TableRow {
  cells: string[];
  /** See LineMeans. */
  line: number;
}

/**
 * A file's content as a table: column headers (as the file names them), the canonical field of each column, and the
 * rows. Structured formats name their fields exactly (confidence 1); an xlsx sheet's header is recognised like a
 * CSV header.
 */
export interface FormatTable {
  format: FormatId;
  /** e.g. "camt.053.001.08", "1CClientBankExchange 1.03", "MT940", "xlsx". */
  variant: string;
  kind: ExportKind;
  /** Text encoding the file was decoded from ("binary" for xlsx). */
  encoding: string;
  headers: string[];
  fields: (string | undefined)[];
  /** Header as in the file → canonical field. */
  mapping: Record<string, string>;
  ignored: string[];
  /** Each column's field and confidence (1 for structured formats, whose fields are named exactly). */
  columns: ColumnGuess[];
  /** xlsx: fields two columns claimed about equally (the first is used). */
  ambiguous?: AmbiguousField[];
  /** xlsx: a time column whose value completes the date of the `ts` column. */
  tsTime?: number;
  /**
   * The header's position: the sheet row for xlsx, 1 (the `1CClientBankExchange` line) for 1C, and 0 for camt and
   * MT940, which have no header row (their entries are counted from 1).
   */
  headerLine: number;
  lineMeans: LineMeans;
  preamble: Preamble;
  rows: TableRow[];
  /** xlsx: the worksheet read. */
  sheet?: string;
  /** File-level remarks (skipped sheets, balances that were not transfers…). */
  notes: string[];
  /** Entries that are not rows of the canonical kind and were left out on purpose, e.g. balance lines. */
  skipped?: { line: number; reason: string }[];
}

/** The file report of a non-CSV file: the common report plus what the format reader adds. */
export interface FormatFileReport extends FileReport {
  /** "xlsx", "1c", "camt" or "mt940". */
  format: FormatId;
  /** The format's own name and version, e.g. "camt.053.001.08". */
  formatVariant: string;
  /** What `line` means in this report's rejects and in the records' sources. */
  lineMeans: LineMeans;
  /** xlsx: the worksheet that held the header. */
  sheet?: string;
}
