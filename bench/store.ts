/**
 * `npm run bench:store`: ingest throughput (transfers/s) of both stores on a generated case of about a million
 * transfers, each beside a reference measured in this same run (a shared machine's load changes from one minute to the
 * next, so a ratio to a figure taken at another time says little).
 *
 * 1. `generateCase` writes the case (BENCH_ACCOUNTS accounts, default 130 000: about a million transfers), and the
 *    ingest pipeline parses it into memory, keeping the transfer records in batches of 5 000 as they came (the
 *    whole-case parts parse it again, whole, just before they run: see main).
 * 2. Embedded: the SQLite floor (bench/sqlite-floor.ts: the least work SQLite does to hold that many transfers in the
 *    store's schema) on as many transfers as the case holds; then the store (fresh folder) takes the transfer records
 *    (both banks' sides of each transfer, deduplicated into one transfer with every source) through writeBatch inside
 *    one bulk load, as `mulegraph ingest` and uploads write; part embedded-case then the whole case (accounts,
 *    persons, usages …). Part "embedded-batches" adds the transfer records written batch by batch without a bulk load.
 * 3. Neo4j Community 5.26 started by the test harness (test/support/neo4j-server.ts), emptied between runs:
 *    a warm-up of both paths on 20 000 transfers, LOAD CSV of every transfer (cypher/load-csv-transfers.cypher, MERGE
 *    of both accounts and the transfer, sources unioned, 10 000 rows per transaction), then the store's writeBatch on
 *    the same transfer records (the reference's exact work), then the whole case (part neo4j-case).
 * 4. Part neo4j-admin: `mulegraph ingest --offline-import`'s path (server/store/neo4j/offline-import/: the load folded,
 *    written as the importer's CSV, `neo4j-admin database import full` through tools/neo4j/neo4j-admin) on the same
 *    transfer batches into a new database, then the server started on it and the store's schema built.
 *
 * Each run prints wall-clock transfers/s and transfers per CPU-second (this process + the Neo4j JVM, from /proc):
 * on a shared machine the CPU figure is the steadier one. The closing lines give every ratio with its reference.
 *
 * Env: BENCH_STORE_PARTS (default "embedded,embedded-case,neo4j,neo4j-case,neo4j-admin"; also "embedded-batches"),
 * BENCH_ACCOUNTS (default 130000), BENCH_SEED (default 7), BENCH_DIR (reuse a generated case there),
 * BENCH_NEO4J_HEAP (default 2g), BENCH_NEO4J_PAGECACHE (default 1g), KEEP=1 keeps the temp folder.
 */
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { generateCase } from "../generator/index.js";
import { ingestFiles } from "../ingest/index.js";
import type { CanonicalRecord, TransferRecord } from "../model/records.js";
import { openEmbeddedStore } from "../server/store/embedded/index.js";
import { openNeo4jStore, type Neo4jGraphStore } from "../server/store/neo4j/index.js";
import { queryText } from "../server/store/neo4j/queries.js";
import type { GraphStore } from "../server/store/types.js";
import { startNeo4j, type Neo4jServer } from "../test/support/neo4j-server.js";
import { fileURLToPath } from "node:url";
import { OfflineImportStore } from "../server/store/neo4j/offline-import/index.js";
import { newLoadId } from "../server/store/loads.js";
import { sqliteFloor } from "./sqlite-floor.js";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 130_000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const WARMUP = 20_000;
const PARTS = new Set(
  (process.env.BENCH_STORE_PARTS ?? "embedded,embedded-case,neo4j,neo4j-case,neo4j-admin")
    .split(",")
    .map((p) => p.trim()),
);

interface Run {
  name: string;
  transfers: number;
  ms: number;
  cpuMs: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const log = (line: string) => process.stdout.write(line + "\n");

/** CPU milliseconds (user + system) used so far by a process, from /proc (Linux). */
function procCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return 0;
  }
}

/** CPU milliseconds of the child processes this process has waited for (the offline importer), from /proc. */
function childCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Time `work`, counting this process's CPU and, when given, the Neo4j JVM's. */
async function measure(name: string, serverPid: number | null, work: () => Promise<number>): Promise<Run> {
  const cpu0 = selfCpuMs() + (serverPid ? procCpuMs(serverPid) : 0);
  const t0 = performance.now();
  const transfers = await work();
  const ms = performance.now() - t0;
  const cpuMs = selfCpuMs() + (serverPid ? procCpuMs(serverPid) : 0) - cpu0;
  const run = { name, transfers, ms, cpuMs };
  log(
    `  ${name.padEnd(34)} ${fmt(transfers).padStart(10)} transfers in ${(ms / 1000).toFixed(1).padStart(6)} s = ` +
      `${fmt((transfers * 1000) / ms).padStart(8)} transfers/s, ${fmt((transfers * 1000) / cpuMs).padStart(8)} per CPU-s`,
  );
  return run;
}

/** The batches through writeBatch inside one bulk load, as `mulegraph ingest` and uploads write them. */
async function replay(store: GraphStore, batches: CanonicalRecord[][], bulk = true): Promise<number> {
  const write = async () => {
    for (const b of batches) await store.writeBatch(b);
  };
  await (bulk ? store.bulkLoad(write) : write());
  return (await store.stats()).transfers;
}

/** Transfer records in batches of the pipeline's size. */
function transferBatches(batches: CanonicalRecord[][], limit = Infinity): CanonicalRecord[][] {
  const out: CanonicalRecord[][] = [];
  let current: CanonicalRecord[] = [];
  let n = 0;
  for (const b of batches) {
    for (const r of b) {
      if (r.kind !== "transfer" || n >= limit) continue;
      current.push(r);
      n++;
      if (current.length === 5000) {
        out.push(current);
        current = [];
      }
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The transfer records as the CSV that LOAD CSV reads (RFC 4180 quoting). */
async function writeTransfersCsv(file: string, batches: CanonicalRecord[][]): Promise<void> {
  const out = createWriteStream(file);
  const q = (v: unknown) => (v === undefined || v === null ? "" : `"${String(v).replace(/"/g, '""')}"`);
  out.write("txId,from,to,ts,amount,currency,amountKzt,rateSource,channel,purpose,knp,sources\n");
  for (const b of batches) {
    let chunk = "";
    for (const r of b as TransferRecord[]) {
      chunk +=
        [
          r.txId,
          r.from,
          r.to,
          r.ts,
          r.amount,
          r.currency,
          r.amountKzt,
          r.rateSource,
          r.channel,
          r.purpose,
          r.knp,
          r.sources.map((s) => `${s.file}:${s.line}`).join("|"),
        ]
          .map(q)
          .join(",") + "\n";
    }
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function loadCsv(server: Neo4jServer, file: string): Promise<void> {
  const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.username, server.password));
  const session = driver.session();
  try {
    // CALL … IN TRANSACTIONS needs an auto-commit transaction.
    await session.run(queryText("loadCsvTransfers"), { url: `file:///${path.basename(file)}` });
  } finally {
    await session.close();
    await driver.close();
  }
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR ?? (await mkdtemp(path.join(tmpdir(), "mulegraph-bench-store-")));
  log(`bench:store — ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, folder ${dir}`);
  let server: Neo4jServer | null = null;
  try {
    const caseDir = path.join(dir, "case");
    if (!existsSync(path.join(caseDir, "truth.json"))) {
      const t0 = performance.now();
      await generateCase({ out: caseDir, seed: SEED, accounts: ACCOUNTS });
      log(
        `  generated ${ACCOUNTS} accounts (seed ${SEED}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const files = readdirSync(path.join(caseDir, "exports"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".csv"))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    // Only the transfer records stay in memory while the transfer parts are measured: the whole case (5.2M records
    // at 1M transfers, several GiB of heap) made every garbage collection of the measured process mark it, work that
    // a real ingest, which streams, never does. The whole-case parts parse the case again, each for itself.
    const parseCase = async (keep: (r: CanonicalRecord) => boolean): Promise<CanonicalRecord[][]> => {
      const out: CanonicalRecord[][] = [];
      await ingestFiles(files, {
        onBatch: async (records) => {
          out.push(records.filter(keep));
        },
      });
      return out;
    };
    const t0 = performance.now();
    const transfersOnly = transferBatches(await parseCase((r) => r.kind === "transfer"));
    const transferRecords = transfersOnly.reduce((n, b) => n + b.length, 0);
    log(
      `  parsed ${files.length} files into ${fmt(transferRecords)} transfer records in ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const wholeCase = async (): Promise<CanonicalRecord[][]> => {
      const t = performance.now();
      const batches = await parseCase(() => true);
      const n = batches.reduce((k, b) => k + b.length, 0);
      log(
        `  parsed the whole case again: ${fmt(n)} records in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      return batches;
    };

    const runs: Record<string, Run> = {};
    const distinct = new Set(transfersOnly.flatMap((b) => b.map((r) => (r as TransferRecord).txId))).size;
    if (PARTS.has("embedded")) {
      const floorDir = path.join(dir, "sqlite-floor");
      mkdirSync(floorDir, { recursive: true });
      const f = sqliteFloor(distinct, floorDir);
      rmSync(floorDir, { recursive: true, force: true });
      // Its stages only (not the making of its rows in memory), as bench:sqlite-floor reports it.
      runs.floor = {
        name: "SQLite floor",
        transfers: f.transfers,
        ms: f.seconds * 1000,
        cpuMs: f.cpuSeconds * 1000,
      };
      log(
        `  ${"embedded: SQLite floor (reference)".padEnd(34)} ${fmt(f.transfers).padStart(10)} transfers in ` +
          `${f.seconds.toFixed(1).padStart(6)} s = ${fmt(f.rate).padStart(8)} transfers/s, ` +
          `${fmt(f.transfers / f.cpuSeconds).padStart(8)} per CPU-s`,
      );
    }
    // Embedded store.
    const embeddedRuns = [
      ...(PARTS.has("embedded")
        ? ([["embeddedTransfers", "embedded: transfer records only", false, true]] as const)
        : []),
      ...(PARTS.has("embedded-batches")
        ? ([["embeddedBatches", "embedded: transfers, no bulk load", false, false]] as const)
        : []),
      ...(PARTS.has("embedded-case")
        ? ([["embeddedCase", "embedded: whole case", true, true]] as const)
        : []),
    ];
    for (const [key, label, whole, bulk] of embeddedRuns) {
      const dataDir = path.join(dir, `embedded-${key}`);
      await rm(dataDir, { recursive: true, force: true });
      const input = whole ? await wholeCase() : transfersOnly;
      const store = await openEmbeddedStore({ dataDir });
      runs[key] = await measure(label, null, () => replay(store, input, bulk));
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }

    if (PARTS.has("neo4j")) {
      // Neo4j: one server, emptied between runs.
      server = await startNeo4j({
        heap: process.env.BENCH_NEO4J_HEAP ?? "2g",
        pageCache: process.env.BENCH_NEO4J_PAGECACHE ?? "1g",
        log: (l) => log(`  ${l}`),
      });
      const csv = path.join(server.importDir, "transfers.csv");
      const warmCsv = path.join(server.importDir, "warmup.csv");
      await writeTransfersCsv(csv, transfersOnly);
      await writeTransfersCsv(warmCsv, transferBatches(transfersOnly, WARMUP));
      const store: Neo4jGraphStore = await openNeo4jStore({
        uri: server.uri,
        username: server.username,
        password: server.password,
      });
      const pid = server.pid;
      const count = async () => (await store.stats()).transfers;

      await loadCsv(server, warmCsv);
      await store.clear();
      await replay(store, transferBatches(transfersOnly, WARMUP));
      await store.clear();
      log(`  warmed up both paths on ${fmt(WARMUP)} transfers`);

      runs.loadCsv = await measure("neo4j: LOAD CSV (reference)", pid, async () => {
        await loadCsv(server!, csv);
        return count();
      });
      await store.clear();
      runs.neo4jTransfers = await measure("neo4j: store, transfer records only", pid, () =>
        replay(store, transfersOnly),
      );
      if (PARTS.has("neo4j-case")) {
        await store.clear();
        const batches = await wholeCase();
        runs.neo4jCase = await measure("neo4j: store, whole case", pid, () => replay(store, batches));
      }
      await store.close();
      await server.stop();
      server = null;
    }

    if (PARTS.has("neo4j-admin")) {
      // The offline importer writes a new database while no server runs on it; the server then starts on it.
      const home = path.join(dir, "neo4j-admin");
      await rm(home, { recursive: true, force: true });
      mkdirSync(home, { recursive: true });
      const cpu0 = selfCpuMs() + childCpuMs();
      const t0 = performance.now();
      const offline = new OfflineImportStore({
        home,
        command: fileURLToPath(new URL("../tools/neo4j/neo4j-admin", import.meta.url)),
        env: process.env,
        log,
      });
      await offline.bulkLoad(
        async () => {
          for (const b of transfersOnly) await offline.writeBatch(b);
        },
        { id: newLoadId(), by: "bench:store", origin: "cli", inputs: [] },
      );
      const imported = { ...offline.imported!, accounts: (await offline.stats()).accounts };
      const started = performance.now();
      server = await startNeo4j({
        dataDir: home,
        heap: process.env.BENCH_NEO4J_HEAP ?? "2g",
        pageCache: process.env.BENCH_NEO4J_PAGECACHE ?? "1g",
      });
      // Opening the store builds its schema (the nid and txId uniqueness constraints, search indexes) and waits for it.
      const store = await openNeo4jStore({
        uri: server.uri,
        username: server.username,
        password: server.password,
      });
      const transfers = (await store.stats()).transfers;
      const ms = performance.now() - t0;
      const cpuMs = selfCpuMs() + childCpuMs() + procCpuMs(server.pid) - cpu0;
      await store.close();
      runs.neo4jAdmin = { name: "neo4j-admin import", transfers, ms, cpuMs };
      log(
        `  neo4j-admin import: ${fmt(transfers)} transfers, ${fmt(imported.accounts)} accounts: fold + CSV ` +
          `${imported.prepareSeconds.toFixed(1)} s, import ${imported.seconds.toFixed(1)} s, server start + schema ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s; in all ${(ms / 1000).toFixed(1)} s = ` +
          `${fmt((transfers * 1000) / ms)} transfers/s, ${fmt((transfers * 1000) / cpuMs)} per CPU-s`,
      );
    }

    const perS = (r: Run) => (r.transfers * 1000) / r.ms;
    const perCpu = (r: Run) => (r.transfers * 1000) / r.cpuMs;
    /** "X/s = R× <reference> Y/s (same run)", wall-clock and per CPU-second. */
    const ratio = (what: string, run: Run, refName: string, ref: Run) =>
      log(
        `  ${what} ${fmt(perS(run))}/s = ${(perS(run) / perS(ref)).toFixed(2)}× ${refName} ${fmt(perS(ref))}/s ` +
          `(same run); per CPU-second ${fmt(perCpu(run))} = ${(perCpu(run) / perCpu(ref)).toFixed(2)}× ` +
          `${fmt(perCpu(ref))}`,
      );
    log("");
    if (runs.floor && runs.embeddedTransfers)
      ratio("embedded ingest", runs.embeddedTransfers, "SQLite floor", runs.floor);
    if (runs.floor && runs.embeddedCase)
      ratio("embedded ingest, whole case", runs.embeddedCase, "SQLite floor", runs.floor);
    if (runs.embeddedTransfers && runs.embeddedBatches) {
      log(
        `  embedded transfer records, one bulk load / batch by batch: ` +
          `${(perS(runs.embeddedTransfers) / perS(runs.embeddedBatches)).toFixed(2)}x`,
      );
    }
    if (runs.loadCsv && runs.neo4jTransfers)
      ratio("neo4j ingest", runs.neo4jTransfers, "LOAD CSV", runs.loadCsv);
    if (runs.loadCsv && runs.neo4jCase)
      ratio("neo4j ingest, whole case", runs.neo4jCase, "LOAD CSV", runs.loadCsv);
    if (runs.neo4jAdmin) {
      log(
        `  neo4j-admin import ${fmt(perS(runs.neo4jAdmin))}/s (fold + CSV + import + schema; ${fmt(perCpu(runs.neo4jAdmin))} per CPU-second)` +
          (runs.loadCsv ? ` = ${(perS(runs.neo4jAdmin) / perS(runs.loadCsv)).toFixed(2)}× LOAD CSV` : ""),
      );
    }
  } finally {
    await server?.stop();
    if (!process.env.KEEP && !process.env.BENCH_DIR) await rm(dir, { recursive: true, force: true });
  }
}

await main();
