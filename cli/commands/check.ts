/**
 * `mulegraph check <files or folders…> [--mapping FILE] [--report-dir DIR]`: detect and validate export files without storing
 * anything. Prints per file the detected kind, encoding, delimiter, column mapping and row counts, and writes
 * summary.json + rejects.csv (default: a new folder under `<data dir>/reports/`, see cli/report-dir.ts).
 */
import {
  ingestFiles,
  MappingError,
  readMappingFile,
  UnreadableFileError,
  writeReport,
  type ColumnMapping,
  type IngestSummary,
} from "../../ingest/index.js";
import { ConfigError, plausibleTime } from "../../server/config.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";
import { printFileReport } from "../file-report.js";
import { expandInputPaths } from "../input-files.js";
import { defaultReportDir } from "../report-dir.js";

export const help = `mulegraph check <files or folders…> [--mapping FILE] [--report-dir DIR] [--json]

Detects each export file's kind (statement, register, linkage, complaints, watchlist), encoding, delimiter and
column mapping, validates every row and reports rows read / accepted / duplicates / rejected. Nothing is stored.
Rejected rows (file, line, reason) go to rejects.csv beside summary.json in the report folder.

  --mapping FILE     column mapping JSON that overrides detection, e.g.
                     {"kind":"register","encoding":"cp1251","delimiter":";","columns":{"Док":"txId"}}
  --not-before DATE  reject rows dated before DATE (default MULEGRAPH_TIME_NOT_BEFORE, else 1990-01-01)
  --not-after DATE   reject rows dated after DATE (default MULEGRAPH_TIME_NOT_AFTER, else now plus one day)
  --report-dir DIR   where to write summary.json and rejects.csv (default: <data dir>/reports/check-<time>-<file>/)
  --json             print the summary as JSON instead of text

Exit status: 0 when every file could be read (even with rejected rows), 1 when a file cannot be read at all.`;

interface CheckArgs {
  files: string[];
  mapping?: string;
  reportDir?: string;
  /** Plausible time window (server/config.ts plausibleTime). */
  notBefore?: string;
  notAfter?: string;
}

function parseArgs(args: string[]): CheckArgs {
  const out: CheckArgs = { files: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const takeValue = (flag: string): string => {
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`check: ${flag} needs a value`);
      return v;
    };
    if (a === "--mapping" || a.startsWith("--mapping=")) out.mapping = takeValue("--mapping");
    else if (a === "--not-before" || a.startsWith("--not-before=")) out.notBefore = takeValue("--not-before");
    else if (a === "--not-after" || a.startsWith("--not-after=")) out.notAfter = takeValue("--not-after");
    else if (a === "--report-dir" || a.startsWith("--report-dir=")) out.reportDir = takeValue("--report-dir");
    else if (a.startsWith("--")) throw new UsageError(`check: unknown option ${a}\n\n${help}`);
    else out.files.push(a);
  }
  out.files = expandInputPaths(out.files);
  if (out.files.length === 0)
    throw new UsageError(`check: name at least one file (or a folder holding export files)\n\n${help}`);
  return out;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const a = parseArgs(args);
  let window;
  try {
    window = plausibleTime(ctx.env, { notBefore: a.notBefore, notAfter: a.notAfter });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`check: ${e.message}`);
    throw e;
  }
  let mapping: ColumnMapping | undefined;
  let summary: IngestSummary;
  try {
    if (a.mapping) mapping = await readMappingFile(a.mapping);
    summary = await ingestFiles(a.files, { mapping, plausibleTime: window });
  } catch (e) {
    if (e instanceof UnreadableFileError || e instanceof MappingError) throw new UserFacingError(e.message);
    throw e;
  }
  const first = a.files[0]!;
  const reportDir = a.reportDir ?? defaultReportDir(ctx, "check", first);
  const { summaryPath, rejectsPath } = await writeReport(summary, reportDir);

  if (ctx.json) {
    ctx.emit(summary);
    return 0;
  }
  for (const f of summary.files) printFileReport(ctx, f);
  const t = summary.totals;
  ctx.say(
    `total: read ${t.rowsRead}, accepted ${t.accepted}, duplicates ${t.duplicates}, rejected ${t.rejected}` +
      (t.footers > 0 ? `, footers ${t.footers}` : ""),
  );
  ctx.say(`report: ${summaryPath}`);
  ctx.say(`rejects: ${rejectsPath}`);
  return 0;
}
