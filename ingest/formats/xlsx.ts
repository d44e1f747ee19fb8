/**
 * Excel workbooks (.xlsx, Office Open XML) read with exceljs: every cell becomes the string a CSV export of the same
 * sheet would hold, so the sheet's rows go through the same header recognition and row mappers as CSV.
 *
 * - The sheet read is the first one (in the file's order) whose first 100 rows hold a header row of a known kind; the
 *   rows above it are the preamble (statement account, holder) as in CSV.
 * - Date cells become `YYYY-MM-DD[ HH:MM:SS]` (exceljs gives them as UTC instants of the local wall time written in
 *   the cell); numbers in a date column (a date typed into a cell formatted "General") are Excel serial days of the
 *   1900 date system and are converted the same way. (Workbooks in the 1904 system, which Mac Excel wrote by
 *   default until 2011, are not told apart in streaming: their serial-number dates would be 4 years early.) Other
 *   numbers are written out in full (`String(n)`).
 * - A formula cell contributes its cached `result` (what Excel last computed and showed); a formula never computed
 *   has none and reads as empty.
 * - Rich text is its runs joined; a hyperlink its text; an error value (`#N/A`) reads as empty.
 *
 * A row's `line` is its row number in the sheet (as Excel shows it).
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { ExportKind } from "../../model/records.js";
import {
  detectKind,
  EXPORT_KINDS,
  isUsable,
  matchHeader,
  recognisedCount,
  type HeaderMatch,
} from "../columns.js";
import { UnreadableFileError } from "../errors.js";
import { headerProblems, readPreamble } from "../sniff.js";
import type { ColumnMapping } from "../types.js";
import type { FormatTable, TableRow } from "./types.js";

/** Rows searched for the header, as in CSV detection. */
const MAX_HEADER_SEARCH = 100;
/** Fields holding dates: numbers there are Excel serial days. */
const DATE_FIELDS = new Set(["ts", "registeredAt", "incidentAt"]);
/** Excel's day 0 of the 1900 system is 1899-12-30 (its 1900-02-29 never existed); of the 1904 system 1904-01-01. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const DAY_MS = 86_400_000;
/**
 * Excel's own limits (a sheet has at most 1 048 576 rows and 16 384 columns): a file past them was not written by
 * Excel, and a compressed one could expand into more rows than memory holds.
 */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const p2 = (n: number) => String(n).padStart(2, "0");

/** Excel stores a time of day alone as a fraction of day 0: exceljs gives it as a Date on 1899-12-30/31. */
const DAY_ONE = Date.UTC(1900, 0, 1);

/** A UTC instant as the zone-less local time it stands for (a time alone for a time-of-day cell). */
function wallTime(d: Date): string {
  if (d.getTime() < DAY_ONE)
    return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const day = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${p2(h)}:${p2(m)}:${p2(s)}`;
}

/** An Excel serial day number (with fraction for the time) as a local time. */
export function serialToWallTime(serial: number, date1904 = false): string {
  // Rounded to the second: serials are binary fractions of a day.
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000;
  return wallTime(new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + ms));
}

/** The text of one cell value (see module header). */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : wallTime(v);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) {
      const r = (v as { result?: ExcelJS.CellValue }).result;
      return r === undefined || (typeof r === "object" && r !== null && "error" in r) ? "" : cellText(r);
    }
    if ("hyperlink" in v) return cellText((v as { text?: ExcelJS.CellValue }).text ?? "");
    if ("error" in v) return "";
  }
  return "";
}

/** The number behind a cell (its value or a formula's cached result), for serial dates. */
function cellNumber(v: ExcelJS.CellValue): number | undefined {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && ("formula" in v || "sharedFormula" in v)) {
    const r = (v as { result?: unknown }).result;
    return typeof r === "number" ? r : undefined;
  }
  return undefined;
}

/** A sheet row: its cell values (0-based) and their text. */
interface SheetRow {
  line: number;
  values: ExcelJS.CellValue[];
  cells: string[];
}

function sheetRow(row: ExcelJS.Row): SheetRow {
  // row.values is 1-based (index 0 unused) and sparse. The streaming reader gives a merged range's value once, in
  // its first cell, as Excel shows it and a CSV export of the sheet holds it.
  const raw = row.values as ExcelJS.CellValue[];
  const values: ExcelJS.CellValue[] = [];
  const n = Math.min(raw.length, MAX_COLUMNS + 1);
  for (let i = 1; i < n; i++) values.push(raw[i] ?? null);
  return { line: row.number, values, cells: values.map(cellText) };
}

/** How far a header is from usable: required fields missing or claimed by several columns. */
const gap = (m: HeaderMatch) => m.missing.length + m.conflicts.length;

/** The kind a header row comes closest to (for explaining what it lacks). */
function closest(cells: string[], overrides?: Record<string, string>): HeaderMatch {
  const all = EXPORT_KINDS.map((k: ExportKind) => matchHeader(k, cells, overrides));
  return all.reduce((a, b) =>
    gap(b) < gap(a) || (gap(b) === gap(a) && Object.keys(b.mapping).length > Object.keys(a.mapping).length)
      ? b
      : a,
  );
}

/**
 * Is this row the header, as CSV detection decides (ingest/sniff.ts)? A usable match, or a near miss (a row that
 * looks like a header but lacks or confuses required fields), or null.
 */
function headerMatch(
  cells: string[],
  mapping?: ColumnMapping,
): { match: HeaderMatch; usable: boolean } | null {
  const overrides = mapping?.columns;
  const recognised = recognisedCount(cells, overrides);
  const nonEmpty = cells.filter((c) => c.trim() !== "").length;
  if (recognised < 2 || recognised * 2 < nonEmpty) return null;
  const match = mapping?.kind ? matchHeader(mapping.kind, cells, overrides) : detectKind(cells, overrides);
  if (match && isUsable(match)) return { match, usable: true };
  return { match: match ?? closest(cells, overrides), usable: false };
}

/**
 * Read a workbook into the rows of the sheet that holds a known header. Streamed with exceljs's WorkbookReader:
 * memory holds the shared strings and the rows' text, not a model of every cell with its style. Throws
 * UnreadableFileError.
 */
export async function readXlsx(buf: Buffer, path: string, mapping?: ColumnMapping): Promise<FormatTable> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
  });
  const tried: string[] = [];
  let miss: { sheet: string; m: HeaderMatch & { line: number } } | undefined;
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name ?? `sheet ${tried.length + 1}`;
      tried.push(name);
      const before: SheetRow[] = [];
      let header: { row: SheetRow; match: HeaderMatch } | undefined;
      let dateCols: number[] = [];
      let timeCol: number | undefined;
      const rows: TableRow[] = [];
      // Every row of every sheet is iterated: the stream only moves on that way.
      for await (const row of ws) {
        const r = sheetRow(row);
        if (!header) {
          if (before.length >= MAX_HEADER_SEARCH) continue;
          const h = headerMatch(r.cells, mapping);
          if (h?.usable) {
            header = { row: r, match: h.match };
            dateCols = h.match.fields.flatMap((f, i) => (f !== undefined && DATE_FIELDS.has(f) ? [i] : []));
            timeCol = h.match.tsTime;
          } else {
            if (h && (!miss || gap(h.match) < gap(miss.m)))
              miss = { sheet: name, m: { ...h.match, line: r.line } };
            before.push(r);
          }
          continue;
        }
        const cells = r.cells;
        for (const c of dateCols) {
          const n = cellNumber(r.values[c] ?? null);
          // Serial days of 1950..2100: a plain number there is a date typed into a "General" cell.
          if (n !== undefined && n > 18_000 && n < 73_000) cells[c] = serialToWallTime(n);
        }
        if (timeCol !== undefined) {
          // A time typed into a "General" cell is a fraction of a day.
          const n = cellNumber(r.values[timeCol] ?? null);
          if (n !== undefined && n >= 0 && n < 1) cells[timeCol] = serialToWallTime(n).slice(-8);
        }
        if (r.line > MAX_ROWS) {
          throw new UnreadableFileError(
            `ingest/xlsx: "${path}": sheet "${name}" goes past row ${MAX_ROWS}, the most an Excel sheet has: ` +
              `this is not a workbook Excel wrote`,
            path,
          );
        }
        rows.push({ cells, line: r.line });
      }
      if (!header) continue;
      const { match } = header;
      const notes =
        tried.length > 1
          ? [`sheets before "${name}" hold no known header: ${tried.slice(0, -1).join(", ")}`]
          : [];
      return {
        format: "xlsx",
        variant: "xlsx",
        kind: match.kind,
        encoding: "xlsx",
        headers: header.row.cells,
        fields: match.fields,
        mapping: match.mapping,
        ignored: match.ignored,
        columns: match.columns,
        ambiguous: match.ambiguous,
        ...(match.tsTime !== undefined ? { tsTime: match.tsTime } : {}),
        headerLine: header.row.line,
        lineMeans: "sheet row",
        preamble:
          match.kind === "statement"
            ? readPreamble(
                before.map((b) => b.cells.join("\t")),
                "\t",
              )
            : {},
        rows,
        sheet: name,
        notes,
      };
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    throw new UnreadableFileError(
      `ingest/xlsx: "${path}" cannot be opened as an Excel workbook: ${(e as Error).message}`,
      path,
    );
  }
  if (miss) {
    throw new UnreadableFileError(
      `ingest/xlsx: "${path}": sheet "${miss.sheet}", row ${miss.m.line} looks like a header but ` +
        `${headerProblems(miss.m)}. Rename the column, or give a mapping file (--mapping) that says which ` +
        `column holds it (see docs/FORMATS.md).`,
      path,
    );
  }
  throw new UnreadableFileError(
    `ingest/xlsx: "${path}": no sheet (${tried.map((t) => `"${t}"`).join(", ") || "none"}) has a header row with ` +
      `known column names in its first ${MAX_HEADER_SEARCH} rows. Give a mapping file (--mapping) that names the columns.`,
    path,
  );
}
