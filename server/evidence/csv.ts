/**
 * CSV writing for spreadsheets (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, UTF-8 with a BOM so Excel shows Cyrillic. Text cells a spreadsheet would run as a formula
 * are neutralised (OWASP "CSV Injection"): a leading = + - @ (or their full-width forms), tab or carriage return,
 * also after leading spaces, gets a single quote in front. Numbers are written as numbers and left alone.
 */

export type CsvCell = string | number | boolean | null | undefined;

const BOM = "\uFEFF";
const FORMULA_START = /^[\s\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/** Prefix a formula-like text cell with a single quote so spreadsheets show it as text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, neutralised and quoted as RFC 4180 requires. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  const text = typeof cell === "string" ? neutraliseFormula(cell) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: header row, then one line per row, each ending in CRLF. */
export function csvDocument(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(","));
  return BOM + lines.map((l) => l + "\r\n").join("");
}
