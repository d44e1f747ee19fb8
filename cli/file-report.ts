/**
 * How `check` and `ingest` print one file's report: what detection found (kind, encoding, delimiter, header, column
 * mapping), the row counts, and the first rejected rows with their line and reason.
 */
import { kindName, type FileReport } from "../ingest/index.js";
import type { CliContext } from "./context.js";

/** Rejected rows printed per file; the rest are in rejects.csv. */
const REJECTS_SHOWN = 10;

export function printFileReport(ctx: CliContext, f: FileReport): void {
  ctx.say(`${f.file}`);
  ctx.say(`  kind        ${f.kind} (${kindName(f.kind)})`);
  ctx.say(`  encoding    ${f.encoding}`);
  ctx.say(`  delimiter   ${f.delimiter === "\t" ? "tab" : `"${f.delimiter}"`}`);
  ctx.say(`  header      line ${f.headerLine ?? 1}`);
  ctx.say(`  mapping`);
  for (const [header, field] of Object.entries(f.mapping)) ctx.say(`    ${header.padEnd(28)} → ${field}`);
  if (f.ignoredColumns && f.ignoredColumns.length > 0)
    ctx.say(`  not read    ${f.ignoredColumns.join(", ")}`);
  ctx.say(
    `  rows        read ${f.rowsRead}, accepted ${f.accepted}, duplicates ${f.duplicates}, rejected ${f.rejected}`,
  );
  if (f.timeRange) {
    const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    ctx.say(`  time range  ${utc(f.timeRange.first)} … ${utc(f.timeRange.last)} UTC`);
  }
  for (const note of f.notes ?? []) ctx.say(`  note        ${note}`);
  const shown = f.rejects.slice(0, REJECTS_SHOWN);
  for (const r of shown) ctx.say(`    line ${r.line}: ${r.reason}`);
  if (f.rejects.length > shown.length)
    ctx.say(`    … ${f.rejects.length - shown.length} more in rejects.csv`);
}
