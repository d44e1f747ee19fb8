/**
 * The ingest pipeline's public API: bank CSV exports in, canonical records (model/records.ts) out, with a report
 * of every row (accepted, duplicate, or rejected with line and reason).
 *
 *   const summary = await ingestFiles(["kaspi.csv", "halyk.csv"], { onBatch: (records) => store.writeBatch(records) });
 *
 * Files are all detected first (an unreadable one stops the call before any record is emitted), then ingested one
 * after another; dedupe spans every file of the call. No database code here: the caller's onBatch writes.
 */
import { DEFAULT_FX_TABLE, normaliseCurrency } from "../model/money.js";
import { DEFAULT_ZONE } from "../model/time.js";
import { IncompleteHeaderError, MappingError } from "./errors.js";
import { Ledger } from "./ledger.js";
import { ingestPrepared, prepareFile, type PreparedFile } from "./pipeline.js";
import type { Sniffed } from "./sniff.js";
import type { DetectedFile, IngestOptions, IngestSummary } from "./types.js";

export { UnreadableFileError, IncompleteHeaderError, MappingError } from "./errors.js";
export { writeReport, rejectsCsv } from "./report.js";
export { parseMapping, readMappingFile, ColumnMappingSchema } from "./mapping.js";
export { SYNONYMS, fieldsOf, type CanonicalField } from "./columns.js";
export { kindName } from "./sniff.js";
export type {
  AmbiguousField,
  ColumnGuess,
  ColumnMapping,
  DetectedFile,
  FileReport,
  FooterEntry,
  PreambleFacts,
  IngestOptions,
  IngestProgress,
  IngestSummary,
  RejectEntry,
} from "./types.js";

const DEFAULT_BATCH_SIZE = 5000;

/** The configured FX table over the defaults; throws MappingError-like messages for bad entries. */
function resolveFx(
  table: Record<string, number> | undefined,
  base: Readonly<Record<string, number>> = DEFAULT_FX_TABLE,
): Record<string, number> {
  const out: Record<string, number> = { ...base };
  for (const [code, rate] of Object.entries(table ?? {})) {
    if (!/^[A-Za-z]{3}$/.test(code) || !(typeof rate === "number" && rate > 0 && Number.isFinite(rate))) {
      throw new MappingError(
        `ingest: fxTable entry ${code}=${String(rate)} is not a currency code with a rate above 0`,
      );
    }
    out[code.toUpperCase()] = rate;
  }
  return out;
}

/**
 * Ingest export files: detect each (encoding, delimiter, header, kind, mapping), validate every row, and hand the
 * canonical records to `opts.onBatch` in batches (awaited; if it throws, ingest stops and rethrows). Each file ends
 * with one SourceFileRecord. Throws UnreadableFileError before emitting anything when a file cannot be read.
 */
export async function ingestFiles(paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`ingest: batchSize must be a positive integer`);
  const run = {
    ledger: new Ledger(),
    fx: resolveFx(opts.fxTable),
    zone: opts.zone ?? DEFAULT_ZONE,
    batchSize,
    opts,
  };
  const prepared: PreparedFile[] = [];
  for (const p of paths) prepared.push(await prepareFile(p, opts.mappings?.[p] ?? opts.mapping));
  // A mapping's currency is checked before any file emits a record.
  const currencies = prepared.map((prep) => fileCurrency(prep.mapping?.currency));
  const summary: IngestSummary = {
    files: [],
    totals: { rowsRead: 0, accepted: 0, duplicates: 0, rejected: 0, footers: 0 },
  };
  for (const [i, prep] of prepared.entries()) {
    // A file's own zone, rates and currency (its mapping) apply to that file alone.
    const own = prep.mapping;
    const fileRun =
      own?.zone || own?.fx || own?.currency
        ? {
            ...run,
            zone: own.zone ?? run.zone,
            fx: resolveFx(own.fx, run.fx),
            currency: currencies[i],
          }
        : run;
    const report = await ingestPrepared(prep, fileRun);
    summary.files.push(report);
    summary.totals.rowsRead += report.rowsRead;
    summary.totals.accepted += report.accepted;
    summary.totals.duplicates += report.duplicates;
    summary.totals.rejected += report.rejected;
    summary.totals.footers += report.footers;
  }
  return summary;
}

/** A mapping's `currency` as an ISO 4217 code; a MappingError names it when it is none. */
function fileCurrency(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return normaliseCurrency(raw);
  } catch {
    throw new MappingError(`mapping: currency: "${raw}" is not an ISO 4217 code`);
  }
}

/**
 * Detect a file's format without ingesting it (for the upload UI): kind, encoding, delimiter, header, each
 * column's field and confidence, preview. With `{ incomplete: true }`, a header row that lacks a required field or
 * has two columns claiming one is returned as found, with `missing` and `ambiguous` saying what a mapping must
 * decide, instead of throwing (the upload page lets a person choose); other unreadable files still throw.
 */
export async function detectFile(
  path: string,
  mapping?: IngestOptions["mapping"],
  opts: { incomplete?: boolean } = {},
): Promise<DetectedFile & { ignoredColumns: string[] }> {
  let sniffed: Sniffed;
  try {
    ({ sniffed } = await prepareFile(path, mapping));
  } catch (e) {
    if (!(opts.incomplete && e instanceof IncompleteHeaderError)) throw e;
    sniffed = e.sniffed;
  }
  const m = sniffed.match;
  const ambiguous = [...m.ambiguous];
  for (const c of m.conflicts) if (!ambiguous.some((a) => a.field === c.field)) ambiguous.push(c);
  return {
    kind: m.kind,
    encoding: sniffed.encoding,
    delimiter: sniffed.delimiter,
    headerLine: sniffed.headerLine,
    mapping: m.mapping,
    ignoredColumns: m.ignored,
    columns: m.columns,
    ...(m.missing.length > 0 ? { missing: m.missing } : {}),
    ...(ambiguous.length > 0 ? { ambiguous } : {}),
    ...(Object.keys(sniffed.preamble).length > 0 ? { preamble: sniffed.preamble } : {}),
    preview: sniffed.preview,
  };
}
