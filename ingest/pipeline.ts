/**
 * One file through the pipeline: open and detect (prepareFile), then ingest (ingestPrepared):
 *
 * 1. a first streaming pass computes the SHA-256 (provenance names the file by its hash, and every record must
 *    carry it from the first batch on; buffering records until the end would break flat memory);
 * 2. a second streaming pass starts at the header row's byte offset, decodes cp1251 when needed, and feeds
 *    csv-parse chunk by chunk. We call the parser's own `api.parse` rather than going through its Transform
 *    stream: same parser, but rows arrive synchronously with `info.lines` live, which gives each row's line number
 *    without csv-parse's per-record `info` objects (docs/DETECTION.md, "Measured": map array rows yourself on the hot path);
 * 3. each row goes to the kind's mapper; records collect into batches handed to `onBatch`, awaited, so a slow
 *    store slows parsing and memory stays flat.
 *
 * Every data row ends up accepted, duplicate or rejected (with line and reason). Rows whose cells are all empty
 * (`;;;;` lines that spreadsheets leave) carry no data and are not counted as rows.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { Parser } from "csv-parse";
import iconv from "iconv-lite";
import type { ExportKind, Source } from "../model/records.js";
import { isUsable, matchHeader } from "./columns.js";
import { ChunkEncodingCheck, DETECT_BYTES, rowEncodingProblem } from "./encoding.js";
import { Batch, EntitySink } from "./entities.js";
import { isFooterRow } from "./footers.js";
import { RowRejected, UnreadableFileError } from "./errors.js";
import { FieldReader } from "./fields.js";
import { detectFormat, ingestStructured, prepareStructured, type StructuredFile } from "./formats/index.js";
import type { Ledger } from "./ledger.js";
import type { MapContext, RowMapper } from "./map-common.js";
import { complaintsMapper } from "./map-complaints.js";
import { linkageMapper } from "./map-linkage.js";
import { registerMapper } from "./map-register.js";
import { statementMapper } from "./map-statement.js";
import { watchlistMapper } from "./map-watchlist.js";
import { checkMappedFields } from "./mapping.js";
import { headerProblems, kindName, sniff, type Sniffed } from "./sniff.js";
import { TimeWindow } from "./time-window.js";
import type { ColumnMapping, FileReport, FooterEntry, IngestOptions, RejectEntry } from "./types.js";

/** A CSV record longer than this is a runaway quoted field, not data. */
const MAX_RECORD_BYTES = 1 << 20;
const READ_CHUNK = 256 * 1024;
/** Footer lines kept in a report (all are counted). */
const FOOTER_LINES_KEPT = 100;

const MAPPERS: Record<ExportKind, (ctx: MapContext) => RowMapper> = {
  register: registerMapper,
  statement: statementMapper,
  linkage: linkageMapper,
  complaints: complaintsMapper,
  watchlist: watchlistMapper,
};

/** A file opened and detected, ready to ingest. */
export interface PreparedFile {
  path: string;
  bytes: number;
  mtimeMs: number;
  sniffed: Sniffed;
  mapping?: ColumnMapping;
  /** A non-CSV file (xlsx, 1C, camt, MT940) parsed at prepare time by ingest/formats. */
  structured?: StructuredFile;
}

function unreadable(path: string, err: unknown): UnreadableFileError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return new UnreadableFileError(`"${path}" does not exist. Check the file name and folder.`, path);
  if (code === "EISDIR") return new UnreadableFileError(`"${path}" is a folder, not a file.`, path);
  if (code === "EACCES" || code === "EPERM") {
    return new UnreadableFileError(`"${path}" cannot be opened: permission denied.`, path);
  }
  return new UnreadableFileError(`"${path}" cannot be read (${(err as Error).message}).`, path);
}

/** Open a file, read its first 64 KiB and detect its format. Throws UnreadableFileError. */
export async function prepareFile(path: string, mapping?: ColumnMapping): Promise<PreparedFile> {
  let fh;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (st.size === 0) throw new UnreadableFileError(`"${path}" is empty: there is nothing to read.`, path);
    fh = await open(path, "r");
    const head = Buffer.alloc(Math.min(DETECT_BYTES, st.size));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const sample = head.subarray(0, bytesRead);
    checkMappedFields(mapping, mapping?.kind);
    const format = detectFormat(sample);
    if (format !== null) {
      const s = await prepareStructured(path, format, mapping);
      checkMappedFields(mapping, s.sniffed.match.kind);
      return {
        path,
        bytes: s.bytes,
        mtimeMs: st.mtimeMs,
        sniffed: s.sniffed,
        mapping,
        structured: s.structured,
      };
    }
    const sniffed = sniff(sample, path, st.size > bytesRead, mapping);
    checkMappedFields(mapping, sniffed.match.kind);
    return { path, bytes: st.size, mtimeMs: st.mtimeMs, sniffed, mapping };
  } catch (e) {
    if (e instanceof UnreadableFileError || (e as Error).name === "MappingError") throw e;
    throw unreadable(path, e);
  } finally {
    await fh?.close();
  }
}

/** Physical lines of a file (LF-terminated, plus a last line without LF), streamed; used only after a runaway quote. */
async function countLines(path: string): Promise<number> {
  let n = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
    if (b.length > 0) last = b[b.length - 1]!;
  }
  return last === 10 ? n : n + 1;
}

/** SHA-256 (hex) of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  } catch (e) {
    throw unreadable(path, e);
  }
  return h.digest("hex");
}

/** csv-parse's synchronous core, which its Transform stream drives (lib/index.js `this.api`). */
interface CsvApi {
  parse(
    buf: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

function csvApi(parser: Parser): CsvApi {
  const api = (parser as unknown as { api?: CsvApi }).api;
  if (!api || typeof api.parse !== "function") {
    throw new Error("ingest/pipeline: this csv-parse version has no api.parse; pin csv-parse 7");
  }
  return api;
}

/** Plain words for csv-parse's errors. */
function csvProblem(err: Error & { code?: string }, startLine: number, lines?: number): string {
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return lines === undefined || lines <= startLine
        ? `a quoted value that starts here is never closed, so this line could not be read as a row`
        : `a quoted value that starts here is never closed, so lines ${startLine}–${lines} could not be read as rows`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `malformed quotes: a value has text right after its closing quote`;
    default:
      return `malformed CSV: ${err.message}`;
  }
}

function isBlank(row: string[]): boolean {
  for (let i = 0; i < row.length; i++) if (row[i]!.trim() !== "") return false;
  return true;
}

/**
 * Line breaks inside a record's values (a CSV row can span lines inside quotes): `lines` physical ones (CRLF, LF or
 * a lone CR each count once) and `crlf`, the CRLF pairs, which csv-parse's `info.lines` counts twice inside quotes.
 */
function breaksIn(row: string[]): { lines: number; crlf: number } {
  let lines = 0;
  let crlf = 0;
  for (const f of row) {
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 10) lines++;
      else if (c === 13) {
        if (f.charCodeAt(i + 1) === 10) crlf++;
        else lines++;
      }
    }
  }
  return { lines, crlf };
}

/** Rows csv-parse emitted and not yet mapped: the row (null for a CSV error), its first physical line, the error. */
interface ParsedRows {
  rows: (string[] | null)[];
  lines: number[];
  errors: string[];
}

/**
 * csv-parse over one file's chunks, telling each row's first physical line: csv-parse counts lines its own way (a
 * row over several lines, CRLF inside quotes, a skipped bad row), so each row's line is worked out here and the rows
 * queue up for mapping with their lines.
 */
function csvRowReader(path: string, sniffed: Sniffed) {
  let queue: ParsedRows = { rows: [], lines: [], errors: [] };
  const base = sniffed.headerLine - 1;
  let prevEnd = 0;
  let prevEmpty = 0;
  let exact = true; // prevEnd is the end line of the previous record (false right after a CSV error)
  let drift = 0; // how far csv-parse's line count has run ahead of physical lines (CRLF inside quotes)
  let runawayFrom: number | undefined; // line where a never-closed quote starts, once it outgrew MAX_RECORD_BYTES

  const parser = new Parser({
    delimiter: sniffed.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (err) => {
      const start = base + prevEnd + 1 + (parser.info.empty_lines - prevEmpty) - drift;
      if (err?.code === "CSV_MAX_RECORD_SIZE") {
        // A runaway quoted value: the parser cannot find row boundaries any more (see the read loop).
        runawayFrom ??= start;
        return undefined;
      }
      const errLines = typeof err?.lines === "number" ? base + err.lines - drift : undefined;
      queue.rows.push(null);
      queue.lines.push(start);
      queue.errors.push(err ? csvProblem(err, start, errLines) : "malformed CSV");
      exact = false;
      return undefined;
    },
  });
  const info = parser.info;
  const api = csvApi(parser);
  const push = (record: string[]) => {
    const end = info.lines;
    const empty = info.empty_lines;
    let start: number;
    if (exact && end - prevEnd - (empty - prevEmpty) === 1) start = end - drift;
    else {
      // A row over several lines (or right after a CSV error): count its line breaks.
      const b = breaksIn(record);
      drift += b.crlf;
      start = end - drift - b.lines;
    }
    prevEnd = end;
    prevEmpty = empty;
    exact = true;
    queue.rows.push(record);
    queue.lines.push(base + start);
    queue.errors.push("");
  };
  const noop = () => undefined;

  return {
    /** Parse one chunk (undefined: end of input); csv-parse errors that are not per-row make the file unreadable. */
    parse(buf: Buffer | undefined): void {
      const err = api.parse(buf, buf === undefined, push, noop);
      if (err) throw new UnreadableFileError(`"${path}" cannot be parsed as CSV: ${err.message}`, path);
    },
    /** Rows parsed and not yet taken. */
    get pending(): number {
      return queue.rows.length;
    },
    /** Hand over the queued rows (the queue starts empty again). */
    take(): ParsedRows {
      const taken = queue;
      queue = { rows: [], lines: [], errors: [] };
      return taken;
    },
    /** Line where a never-closed quote starts, once it outgrew MAX_RECORD_BYTES: no rows can be found after it. */
    get runawayFrom(): number | undefined {
      return runawayFrom;
    },
  };
}

/** What a file's header row decided: its mapper, its columns and where the timestamp is. */
interface HeaderState {
  mapper: RowMapper;
  match: ReturnType<typeof matchHeader>;
  row: string[];
  /** Columns of the header row (a longer row has values without a column). */
  count: number;
  /** Column of the timestamp, and of a separate time of day (-1: none). */
  tsIdx: number;
  tsTime: number;
}

/**
 * Read the header row: its columns' fields (detection, with the mapping's overrides) and the kind's row mapper.
 * @throws UnreadableFileError when the header lacks or doubles a field the kind needs
 */
function readHeader(
  kind: ExportKind,
  row: string[],
  line: number,
  path: string,
  overrides: ColumnMapping["columns"],
  ctx: Omit<MapContext, "reader">,
): HeaderState {
  const m = matchHeader(kind, row, overrides);
  if (!isUsable(m)) {
    throw new UnreadableFileError(
      `"${path}": the header row on line ${line} is not usable as a ${kindName(kind)}: ${headerProblems(m)}`,
      path,
    );
  }
  return {
    mapper: MAPPERS[kind]({ ...ctx, reader: new FieldReader(row, m.fields) }),
    match: m,
    row,
    count: row.length,
    tsIdx: m.fields.indexOf("ts"),
    tsTime: m.tsTime ?? -1,
  };
}

/** Shared across the files of one ingestFiles call. */
export interface IngestRun {
  ledger: Ledger;
  fx: Readonly<Record<string, number>>;
  zone: string;
  batchSize: number;
  opts: IngestOptions;
  /** The file's currency where no column says (its mapping's `currency`). */
  currency?: string;
}

/** Ingest one prepared file; emits its records through opts.onBatch and returns its report. */
export async function ingestPrepared(prep: PreparedFile, run: IngestRun): Promise<FileReport> {
  if (prep.structured) return ingestStructured({ ...prep, structured: prep.structured }, run, MAPPERS);
  const { path, sniffed } = prep;
  const sha256 = await hashFile(path);
  const kind = sniffed.match.kind;
  const overrides = prep.mapping?.columns;

  const batch = new Batch();
  const flush = async () => {
    if (batch.records.length === 0) return;
    const records = batch.records;
    batch.records = [];
    if (run.opts.onBatch) await run.opts.onBatch(records);
  };
  const ctxBase = {
    entities: new EntitySink(() => batch),
    batch: () => batch,
    ledger: run.ledger,
    fx: run.fx,
    zone: run.zone,
    currency: run.currency,
    preamble: sniffed.preamble,
    notes: [] as string[],
    time: new TimeWindow(run.zone, run.opts.plausibleTime),
  };
  let header = null as HeaderState | null; // set by drain() at the header row

  let rowsRead = 0,
    accepted = 0,
    duplicates = 0,
    rejected = 0,
    footers = 0;
  const footerLines: FooterEntry[] = [];
  const rejects: RejectEntry[] = [];
  const reject = (line: number, reason: string) => {
    rejected++;
    rejects.push({ line, reason });
  };

  const csv = csvRowReader(path, sniffed);

  let rowsSuspect = true; // may the rows drain() maps next hold another encoding's bytes?
  const drain = async () => {
    const { rows, lines, errors } = csv.take();
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      const line = lines[k]!;
      if (row === null) {
        rowsRead++;
        reject(line, errors[k]!);
        continue;
      }
      if (header === null) {
        header = readHeader(kind, row, line, path, overrides, ctxBase);
        continue;
      }
      const { mapper, count: headerCount, row: headerRow, tsIdx, tsTime } = header;
      if (isBlank(row)) continue;
      rowsRead++;
      if (isFooterRow(row, tsIdx)) {
        footers++;
        if (footerLines.length < FOOTER_LINES_KEPT)
          footerLines.push({ line, text: row.join(sniffed.delimiter) });
        continue;
      }
      if (row.length > headerCount && !isBlank(row.slice(headerCount))) {
        reject(
          line,
          `row has ${row.length} values but the header has ${headerCount} columns: a value probably contains ` +
            `the delimiter ${JSON.stringify(sniffed.delimiter)} without quotes`,
        );
        continue;
      }
      // Checked per row: a row in another encoding than the file's is rejected, never stored garbled.
      const garbled = rowsSuspect ? rowEncodingProblem(row, sniffed.encoding, headerRow) : undefined;
      if (garbled !== undefined) {
        reject(line, garbled);
        continue;
      }
      const src: Source = { file: sha256, line };
      // Split date and time columns: the mappers read one timestamp.
      if (tsTime >= 0 && (row[tsTime] ?? "").trim() !== "" && (row[tsIdx] ?? "").trim() !== "")
        row[tsIdx] = `${row[tsIdx]!.trim()} ${row[tsTime]!.trim()}`;
      ctxBase.time.startRow();
      try {
        if (mapper(row, src) === "accepted") accepted++;
        else duplicates++;
        ctxBase.time.keepRow();
      } catch (e) {
        if (e instanceof RowRejected) reject(line, e.message);
        else throw e;
      }
      if (batch.records.length >= run.batchSize) await flush();
    }
  };

  const decoder = sniffed.encoding === "cp1251" ? iconv.getDecoder("win1251") : null;
  // Rows are checked for another encoding only when they may hold bytes of a suspect chunk: the rows one parse call
  // emits end in that chunk, and what it leaves unparsed (the start of the next row) lies wholly in it when it emitted
  // any row, else it also holds what was left before.
  const chunkCheck = new ChunkEncodingCheck(sniffed.encoding);
  let leftoverSuspect = false;
  let bytesRead = sniffed.headerOffset;
  const stream = createReadStream(path, { start: sniffed.headerOffset, highWaterMark: READ_CHUNK });
  const chunks = stream[Symbol.asyncIterator]();
  // Errors from onBatch / onProgress propagate as they are (the caller reports a lost database connection);
  // only reading errors become UnreadableFileError.
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = (await chunks.next()) as IteratorResult<Buffer>;
      } catch (e) {
        throw unreadable(path, e);
      }
      if (next.done) break;
      const raw = next.value;
      bytesRead += raw.length;
      if (csv.runawayFrom === undefined) {
        const decoded = decoder ? decoder.write(raw) : undefined;
        const suspect = chunkCheck.suspect(raw, decoded);
        csv.parse(decoded !== undefined ? Buffer.from(decoded, "utf8") : raw);
        rowsSuspect = suspect || leftoverSuspect;
        leftoverSuspect = csv.pending > 0 ? suspect : leftoverSuspect || suspect;
        await drain();
      }
      // Past a never-closed quote nothing can be split into rows any more: the rest is only read to the end.
      run.opts.onProgress?.({ file: path, bytesRead, bytesTotal: prep.bytes, rowsRead });
    }
    const runawayFrom = csv.runawayFrom;
    if (runawayFrom === undefined) {
      csv.parse(undefined);
      rowsSuspect = leftoverSuspect || chunkCheck.suspectAtEnd();
      await drain();
    } else {
      await drain();
      rowsRead++;
      reject(
        runawayFrom,
        `a quoted value that starts here is never closed (it runs past ${MAX_RECORD_BYTES} bytes), so lines ` +
          `${runawayFrom}–${await countLines(path)} could not be read as rows. Fix the quote and ingest again.`,
      );
    }
  } finally {
    stream.destroy();
  }

  const after = await stat(path).catch((e: unknown) => {
    throw unreadable(path, e);
  });
  if (after.size !== prep.bytes || after.mtimeMs !== prep.mtimeMs) {
    throw new UnreadableFileError(
      `"${path}" changed while it was being read. Copy it somewhere stable and retry.`,
      path,
    );
  }

  batch.push({
    kind: "sourceFile",
    sha256,
    name: basename(path),
    bytes: prep.bytes,
    exportKind: kind,
    rowsRead,
  });
  await flush();
  run.opts.onProgress?.({ file: path, bytesRead: prep.bytes, bytesTotal: prep.bytes, rowsRead });

  const match = header?.match ?? sniffed.match;
  const report: FileReport = {
    file: path,
    sha256,
    kind,
    encoding: sniffed.encoding,
    delimiter: sniffed.delimiter,
    mapping: match.mapping,
    ignoredColumns: match.ignored,
    columns: match.columns,
    headerLine: sniffed.headerLine,
    rowsRead,
    accepted,
    duplicates,
    rejected,
    rejects,
    footers,
  };
  if (footerLines.length > 0) report.footerLines = footerLines;
  if (match.ambiguous.length > 0) report.ambiguous = match.ambiguous;
  if (Object.keys(sniffed.preamble).length > 0) report.preamble = sniffed.preamble;
  const timeRange = ctxBase.time.range();
  if (timeRange) report.timeRange = timeRange;
  if (ctxBase.notes.length > 0) report.notes = ctxBase.notes;
  return report;
}
