/**
 * Where `check` and `ingest` write their report (summary.json, rejects.csv) when `--report-dir` is not given:
 * under the data directory, `<data dir>/reports/<command>-<UTC time>-<first file>/`, never beside the input. A
 * report inside the folder being ingested would be read back as input by the next run (issue 15).
 */
import path from "node:path";
import { storeConfig } from "../server/config.js";
import type { CliContext } from "./context.js";

/** The default report folder of one run of `command` (a new folder per run: reports are never overwritten). */
export function defaultReportDir(
  ctx: Pick<CliContext<unknown>, "env" | "dataDir">,
  command: "check" | "ingest",
  firstFile: string,
  now = new Date(),
): string {
  const dataDir = storeConfig(ctx.env, ctx.dataDir).dataDir;
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const name = path.basename(firstFile).replace(/[^\p{L}\p{N}._-]+/gu, "_");
  return path.join(dataDir, "reports", `${command}-${stamp}-${name}`);
}
