/**
 * `mulegraph ingest <files or folders…> [--mapping FILE] [--report-dir DIR] [--batch-size N]`: read export files through the
 * ingest pipeline and write their records into the configured store (embedded, or Neo4j when NEO4J_URI is set).
 * Prints the same summary and rejects report as `check`, plus the store's counts afterwards.
 */
import { stat } from "node:fs/promises";
import os from "node:os";
import { basename, resolve } from "node:path";
import {
  MappingError,
  readMappingFile,
  UnreadableFileError,
  writeReport,
  type ColumnMapping,
  type IngestSummary,
} from "../../ingest/index.js";
import { OfflineImportStore } from "../../server/store/neo4j/offline-import/index.js";
import { describeStoreError, runIngest, StoreWriteError } from "../../server/jobs/ingest-runner.js";
import { newLoadId } from "../../server/store/loads.js";
import type { LoadStart } from "../../server/store/ports/loads.js";
import type { GraphReadPort, GraphWritePort, StoreStats } from "../../server/store/ports/graph.js";
import type { StoreLifecycle } from "../../server/store/ports/lifecycle.js";
import { ConfigError, plausibleTime, processEnvironment } from "../../server/config.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";
import { createProgressBar } from "../progress.js";
import { printFileReport } from "../file-report.js";
import { expandInputPaths } from "../input-files.js";
import { defaultReportDir } from "../report-dir.js";

export const help = `mulegraph ingest <files or folders…> [--mapping FILE] [--report-dir DIR] [--batch-size N] [--json]

Reads export files (statements, transfer registers, card-linkage logs, complaint registers, watch-lists), validates
every row like \`mulegraph check\`, and writes the accepted records into the store: the embedded store in --data-dir
(default ./data), or Neo4j when NEO4J_URI is set. Ingesting the same files again changes nothing; a transfer seen in
both banks' files is stored once with both sources.

  --mapping FILE     column mapping JSON that overrides detection (see \`mulegraph check --help\`)
  --not-before DATE  reject rows dated before DATE (default MULEGRAPH_TIME_NOT_BEFORE, else 1990-01-01)
  --not-after DATE   reject rows dated after DATE (default MULEGRAPH_TIME_NOT_AFTER, else now plus one day)
  --report-dir DIR   where to write summary.json and rejects.csv (default: <data dir>/reports/ingest-<time>-<file>/)
  --batch-size N     records per store write (default 5000); each batch is stored all or nothing
  --json             print { files, totals, store } as JSON instead of text
  --offline-import   a first load into an empty Neo4j database through Neo4j's offline importer
                     (neo4j-admin database import): the server in NEO4J_HOME must be stopped; NEO4J_ADMIN names
                     the program if it is not $NEO4J_HOME/bin/neo4j-admin, NEO4J_DATABASE the database (neo4j)
  --overwrite-database  with --offline-import: replace the database if it exists (what it holds is lost)

Every ingest is a load (\`mulegraph loads\`): recorded before its first record and complete only once its last is
stored. An ingest that was killed or failed stays listed as incomplete until the same command is run again (which
completes it) or it is rolled back with \`mulegraph loads rollback ID\`.

A progress bar is drawn on stderr when it is a terminal. Exit status: 0 when every file was read and stored (even
with rejected rows), 1 when a file cannot be read or the store fails (re-running the same command is safe), 2 for
bad usage.`;

interface IngestArgs {
  files: string[];
  mapping?: string;
  reportDir?: string;
  /** Plausible time window (server/config.ts plausibleTime). */
  notBefore?: string;
  notAfter?: string;
  batchSize?: number;
  offlineImport: boolean;
  overwriteDatabase: boolean;
}

export { StoreWriteError };

/** What the command needs of a store: writing the graph, its counts afterwards, and which store it is. */
export type IngestStore = GraphWritePort & Pick<GraphReadPort, "stats"> & Pick<StoreLifecycle, "kind">;

function parseArgs(args: string[]): IngestArgs {
  const out: IngestArgs = { files: [], offlineImport: false, overwriteDatabase: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const takeValue = (flag: string): string => {
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`ingest: ${flag} needs a value`);
      return v;
    };
    if (a === "--mapping" || a.startsWith("--mapping=")) out.mapping = takeValue("--mapping");
    else if (a === "--not-before" || a.startsWith("--not-before=")) out.notBefore = takeValue("--not-before");
    else if (a === "--not-after" || a.startsWith("--not-after=")) out.notAfter = takeValue("--not-after");
    else if (a === "--report-dir" || a.startsWith("--report-dir=")) out.reportDir = takeValue("--report-dir");
    else if (a === "--batch-size" || a.startsWith("--batch-size=")) {
      const v = takeValue("--batch-size");
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1_000_000)
        throw new UsageError(`ingest: --batch-size needs a whole number from 1 to 1000000, got "${v}"`);
      out.batchSize = Number(v);
    } else if (a === "--offline-import") out.offlineImport = true;
    else if (a === "--overwrite-database") out.overwriteDatabase = true;
    else if (a.startsWith("--")) throw new UsageError(`ingest: unknown option ${a}\n\n${help}`);
    else out.files.push(a);
  }
  if (out.overwriteDatabase && !out.offlineImport)
    throw new UsageError("ingest: --overwrite-database goes with --offline-import only");
  out.files = expandInputPaths(out.files);
  if (out.files.length === 0)
    throw new UsageError(`ingest: name at least one file (or a folder holding export files)\n\n${help}`);
  return out;
}

function printStats(ctx: CliContext<IngestStore>, kind: IngestStore["kind"], s: StoreStats): void {
  const iso = (t: number | null) => (t === null ? "—" : new Date(t).toISOString());
  ctx.say(`store (${kind}):`);
  ctx.say(`  accounts ${s.accounts}, persons ${s.persons}, companies ${s.companies}, cards ${s.cards}`);
  ctx.say(`  phones ${s.phones}, devices ${s.devices}, IPs ${s.ips}, wallets ${s.wallets}`);
  ctx.say(
    `  transfers ${s.transfers} (${s.transferSources} sources), withdrawals ${s.withdrawals}, complaints ${s.complaints}`,
  );
  ctx.say(`  transfers from ${iso(s.firstTransferAt)} to ${iso(s.lastTransferAt)}`);
}

export async function run(args: string[], ctx: CliContext<IngestStore>): Promise<number> {
  const a = parseArgs(args);
  let window;
  try {
    window = plausibleTime(ctx.env, { notBefore: a.notBefore, notAfter: a.notAfter });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`ingest: ${e.message}`);
    throw e;
  }
  let mapping: ColumnMapping | undefined;
  try {
    if (a.mapping) mapping = await readMappingFile(a.mapping);
  } catch (e) {
    if (e instanceof UnreadableFileError || e instanceof MappingError) throw new UserFacingError(e.message);
    throw e;
  }
  let bytesTotal = 0;
  const inputs: LoadStart["inputs"] = [];
  for (const f of a.files) {
    const bytes = (await stat(f).catch(() => ({ size: 0 }))).size;
    bytesTotal += bytes;
    inputs.push({ name: resolve(f), bytes });
  }
  const load: LoadStart = { id: newLoadId(), by: `cli:${os.userInfo().username}`, origin: "cli", inputs };

  let store: IngestStore;
  let offline: OfflineImportStore | null = null;
  if (a.offlineImport) {
    const home = ctx.env.NEO4J_HOME;
    if (!home)
      throw new UsageError(
        "ingest: --offline-import needs NEO4J_HOME, the folder of the (stopped) Neo4j server",
      );
    store = offline = new OfflineImportStore({
      home,
      command: ctx.env.NEO4J_ADMIN,
      database: ctx.env.NEO4J_DATABASE,
      overwrite: a.overwriteDatabase,
      env: processEnvironment(),
    });
  } else {
    try {
      store = await ctx.store();
    } catch (e) {
      throw new UserFacingError(`ingest: cannot open the store: ${describeStoreError(e)}`);
    }
  }

  const bar = createProgressBar({
    stream: process.stderr,
    bytesTotal,
    enabled: !ctx.json && process.stderr.isTTY === true,
  });
  const bytesByFile = new Map<string, number>();
  const rowsByFile = new Map<string, number>();
  const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  let stored = 0;
  let batches = 0;

  let summary: IngestSummary;
  try {
    ({ summary } = await runIngest(store, a.files, {
      mapping,
      plausibleTime: window,
      batchSize: a.batchSize,
      load,
      onStored: (s) => {
        stored = s.records;
        batches = s.batches;
        bar.update({ stored });
      },
      onProgress: (p) => {
        bytesByFile.set(p.file, p.bytesRead);
        rowsByFile.set(p.file, p.rowsRead);
        bar.update({ bytesDone: sum(bytesByFile), rowsRead: sum(rowsByFile), file: basename(p.file) });
      },
    }));
  } catch (e) {
    bar.clear();
    if (e instanceof UnreadableFileError || e instanceof MappingError) {
      throw new UserFacingError(
        batches > 0
          ? `${e.message}\nThe files before it were stored (load ${load.id}, listed as failed): re-run once fixed, ` +
              `or remove them with mulegraph loads rollback ${load.id}`
          : e.message,
      );
    }
    if (e instanceof StoreWriteError && offline) {
      throw new UserFacingError(
        `ingest: the offline import failed: ${e.message}\nNo database was made from these files; fix the cause ` +
          "and run the same command again (with --overwrite-database if the importer left a database behind).",
      );
    }
    if (e instanceof StoreWriteError) {
      throw new UserFacingError(
        `ingest: the ${store.kind} store failed after accepting ${batches} batches (${stored} records): ${e.message}\n` +
          `Every batch is stored all or nothing, so nothing is half-written; load ${load.id} is listed as ` +
          "incomplete. Fix the store and re-run the same command (records already stored are merged, never " +
          `duplicated, and the load is then complete), or remove what it stored: mulegraph loads rollback ${load.id}`,
      );
    }
    throw e;
  }
  bar.done();

  const first = a.files[0]!;
  const reportDir = a.reportDir ?? defaultReportDir(ctx, "ingest", first);
  const { summaryPath, rejectsPath } = await writeReport(summary, reportDir);
  let stats: StoreStats;
  try {
    stats = await store.stats();
  } catch (e) {
    throw new UserFacingError(
      `ingest: every file was stored, but reading the store's counts failed: ${describeStoreError(e)}`,
    );
  }

  const imported = offline?.imported
    ? { database: ctx.env.NEO4J_DATABASE ?? "neo4j", home: ctx.env.NEO4J_HOME, ...offline.imported }
    : undefined;
  if (ctx.json) {
    ctx.emit({
      files: summary.files,
      totals: summary.totals,
      store: stats,
      load: load.id,
      ...(imported ? { offlineImport: imported } : {}),
    });
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
  printStats(ctx, store.kind, stats);
  ctx.say(`load: ${load.id} (complete)`);
  if (imported)
    ctx.say(
      `imported offline into database "${imported.database}" of ${imported.home} in ` +
        `${imported.seconds.toFixed(1)} s (files written in ${imported.prepareSeconds.toFixed(1)} s): start the ` +
        "server; the first mulegraph command that opens it builds the constraints and indexes",
    );
  return 0;
}
