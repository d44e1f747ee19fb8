/**
 * How `check` and `ingest` print one file's report: what detection found (kind, encoding, delimiter, header, column
 * mapping with the confidence of columns recognised by meaning), the row counts, totals lines read as footers, and
 * the first rejected rows with their line and reason.
 */
import type { FormatFileReport } from "../ingest/formats/index.js";
import { kindName, type FileReport } from "../ingest/index.js";
import type { CliContext } from "./context.js";

/** Rejected rows printed per file; the rest are in rejects.csv. */
const REJECTS_SHOWN = 10;

/** What a report's `line` counts, in the words printed before it (ingest/formats: sheet rows, entries). */
const LINE_WORD = { line: "line", "sheet row": "row", entry: "entry" } as const;

export function printFileReport(ctx: CliContext<unknown>, f: FileReport | FormatFileReport): void {
  const format = "format" in f ? f : undefined;
  const unit = format ? LINE_WORD[format.lineMeans] : "line";
  ctx.say(`${f.file}`);
  ctx.say(`  kind        ${f.kind} (${kindName(f.kind)})`);
  if (format) {
    const sheet = format.sheet !== undefined ? `, sheet "${format.sheet}"` : "";
    ctx.say(`  format      ${format.formatVariant}${sheet} (rejects name the ${format.lineMeans})`);
  }
  ctx.say(`  encoding    ${f.encoding}`);
  // Excel, 1C, camt and MT940 files have no delimiter; only a sheet has a header row of its own.
  if (!format) ctx.say(`  delimiter   ${f.delimiter === "\t" ? "tab" : `"${f.delimiter}"`}`);
  if (!format || format.format === "xlsx") ctx.say(`  header      ${unit} ${f.headerLine ?? 1}`);
  ctx.say(`  mapping`);
  if (f.columns.length > 0) {
    // Confidence below 1 means the column was recognised by meaning, not by a documented header.
    for (const c of f.columns) {
      if (c.field === null) continue;
      const sure = c.confidence < 1 ? ` (${Math.round(c.confidence * 100)}%)` : "";
      ctx.say(`    ${c.header.padEnd(28)} → ${c.field}${sure}`);
    }
  } else {
    for (const [header, field] of Object.entries(f.mapping)) ctx.say(`    ${header.padEnd(28)} → ${field}`);
  }
  for (const a of f.ambiguous ?? [])
    ctx.say(`  ambiguous   ${a.field}: ${a.columns.join(", ")} (the first is used; a mapping can choose)`);
  if (f.ignoredColumns && f.ignoredColumns.length > 0)
    ctx.say(`  not read    ${f.ignoredColumns.join(", ")}`);
  ctx.say(
    `  rows        read ${f.rowsRead}, accepted ${f.accepted}, duplicates ${f.duplicates}, rejected ${f.rejected}` +
      (f.footers > 0 ? `, footers ${f.footers}` : ""),
  );
  for (const l of f.footerLines ?? [])
    ctx.say(`  footer      ${unit} ${l.line}: ${l.text.replace(/[;,\t|]+$/, "")}`);
  if (f.timeRange) {
    const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    ctx.say(`  time range  ${utc(f.timeRange.first)} … ${utc(f.timeRange.last)} UTC`);
  }
  for (const note of f.notes ?? []) ctx.say(`  note        ${note}`);
  const shown = f.rejects.slice(0, REJECTS_SHOWN);
  for (const r of shown) ctx.say(`    ${unit} ${r.line}: ${r.reason}`);
  if (f.rejects.length > shown.length)
    ctx.say(`    … ${f.rejects.length - shown.length} more in rejects.csv`);
}
