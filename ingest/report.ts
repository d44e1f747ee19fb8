/**
 * Writing an ingest summary to disk: `summary.json` (the IngestSummary) and `rejects.csv` (file, line, reason),
 * the latter with a UTF-8 BOM so that Excel shows Cyrillic reasons correctly.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { IngestSummary } from "./types.js";

/** Quote a CSV value when it needs it (RFC 4180). */
function csvValue(v: string | number): string {
  const s = String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rejects of a summary as CSV text: header `file,line,reason`, one row per reject. */
export function rejectsCsv(summary: IngestSummary): string {
  const lines = ["file,line,reason"];
  for (const f of summary.files) {
    for (const r of f.rejects) lines.push(`${csvValue(f.file)},${r.line},${csvValue(r.reason)}`);
  }
  return lines.join("\r\n") + "\r\n";
}

/** Write summary.json and rejects.csv into `outDir` (created when missing). */
export async function writeReport(
  summary: IngestSummary,
  outDir: string,
): Promise<{ summaryPath: string; rejectsPath: string }> {
  await mkdir(outDir, { recursive: true });
  const summaryPath = join(outDir, "summary.json");
  const rejectsPath = join(outDir, "rejects.csv");
  await writeFile(summaryPath, JSON.stringify(summary, null, 2) + "\n", "utf8");
  await writeFile(rejectsPath, "\ufeff" + rejectsCsv(summary), "utf8");
  return { summaryPath, rejectsPath };
}
