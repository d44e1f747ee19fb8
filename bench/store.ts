/**
 * `npm run bench:store`: ingest throughput (transfers/s) of both stores on a generated case of about a million
 * transfers, with Neo4j's own LOAD CSV of the same transfers on the same server as the reference.
 *
 * 1. `generateCase` writes the case (BENCH_ACCOUNTS accounts, default 130 000: about a million transfers), and the
 *    ingest pipeline parses it once into memory, keeping its batches (5 000 records each) as they came.
 * 2. Embedded store (fresh folder): the whole case replayed batch by batch through writeBatch inside one bulk load
 *    (store.bulkLoad, as `mulegraph ingest` and uploads write), then the transfer records alone; part
 *    "embedded-batches" adds the transfer records written batch by batch without a bulk load.
 * 3. Neo4j Community 5.26 started by the test harness (test/support/neo4j-server.ts), emptied between runs:
 *    a warm-up of both paths on 20 000 transfers, LOAD CSV of every transfer (cypher/load-csv-transfers.cypher, MERGE
 *    of both accounts and the transfer, sources unioned, 10 000 rows per transaction), then the store's writeBatch on
 *    the same transfer records (the reference's exact work), then the whole case.
 *
 * Each run prints wall-clock transfers/s and transfers per CPU-second (client process + Neo4j JVM, from /proc):
 * on a shared machine the CPU figure is the steadier one. Ratios are against LOAD CSV measured in this same run.
 *
 * Embedded reference, same run: the transfer records inserted with bare better-sqlite3 (same pragmas, same
 * transfers table and indexes, INSERT OR IGNORE, no sources, no account nodes): what SQLite itself does on this
 * machine, so the ratio says what the store's idempotent merge and provenance cost.
 *
 * Env: BENCH_STORE_PARTS (default "embedded,neo4j,neo4j-case": neo4j-case is the whole case into Neo4j; also
 * "embedded-batches"), BENCH_ACCOUNTS (default 130000), BENCH_SEED (default 7), BENCH_DIR (reuse a generated case there),
 * BENCH_NEO4J_HEAP (default 2g), BENCH_NEO4J_PAGECACHE (default 1g), KEEP=1 keeps the temp folder.
 */
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import neo4j from "neo4j-driver";
import { generateCase } from "../generator/index.js";
import { ingestFiles } from "../ingest/index.js";
import type { CanonicalRecord, TransferRecord } from "../model/records.js";
import { openEmbeddedStore } from "../server/store/embedded/index.js";
import { openNeo4jStore, type Neo4jGraphStore } from "../server/store/neo4j/index.js";
import { queryText } from "../server/store/neo4j/queries.js";
import type { GraphStore } from "../server/store/types.js";
import { startNeo4j, type Neo4jServer } from "../test/support/neo4j-server.js";

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 130_000);
const SEED = Number(process.env.BENCH_SEED ?? 7);
const WARMUP = 20_000;
const PARTS = new Set(
  (process.env.BENCH_STORE_PARTS ?? "embedded,neo4j,neo4j-case").split(",").map((p) => p.trim()),
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

/** The reference for the embedded store: the transfer records into bare SQLite, same table, indexes and pragmas. */
function bareSqlite(dataDir: string, batches: CanonicalRecord[][]): Promise<number> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, "bare.db"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("cache_size = -262144");
    db.exec(
      `CREATE TABLE transfers (
         tx_id TEXT PRIMARY KEY, from_key TEXT NOT NULL, to_key TEXT NOT NULL, ts INTEGER NOT NULL,
         amount REAL NOT NULL, currency TEXT NOT NULL, amount_kzt REAL NOT NULL, rate_source TEXT, channel TEXT,
         purpose TEXT, knp TEXT) WITHOUT ROWID;
       CREATE INDEX transfers_from_ts ON transfers (from_key, ts);
       CREATE INDEX transfers_to_ts ON transfers (to_key, ts);
       CREATE INDEX transfers_from_to ON transfers (from_key, to_key);`,
    );
    const insert = db.prepare("INSERT OR IGNORE INTO transfers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const nul = <T>(v: T | undefined) => (v === undefined ? null : v);
    for (const b of batches) {
      db.transaction(() => {
        for (const r of b as TransferRecord[])
          insert.run(
            r.txId,
            r.from,
            r.to,
            r.ts,
            r.amount,
            r.currency,
            r.amountKzt,
            nul(r.rateSource),
            nul(r.channel),
            nul(r.purpose),
            nul(r.knp),
          );
      })();
    }
    const { n } = db.prepare("SELECT count(*) AS n FROM transfers").get() as { n: number };
    return Promise.resolve(n);
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
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
    const batches: CanonicalRecord[][] = [];
    const t0 = performance.now();
    await ingestFiles(files, {
      onBatch: async (records) => {
        batches.push([...records]);
      },
    });
    const records = batches.reduce((n, b) => n + b.length, 0);
    const transfersOnly = transferBatches(batches);
    const transferRecords = transfersOnly.reduce((n, b) => n + b.length, 0);
    log(
      `  parsed ${files.length} files into ${fmt(records)} records (${fmt(transferRecords)} transfer records) in ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const runs: Record<string, Run> = {};
    if (PARTS.has("embedded")) {
      runs.sqlite = await measure("embedded: bare SQLite (reference)", null, () =>
        bareSqlite(path.join(dir, "bare-sqlite"), transfersOnly),
      );
    }
    // Embedded store.
    const embeddedRuns = [
      ...(PARTS.has("embedded")
        ? ([
            ["embeddedCase", "embedded: whole case", batches, true],
            ["embeddedTransfers", "embedded: transfer records only", transfersOnly, true],
          ] as const)
        : []),
      ...(PARTS.has("embedded-batches")
        ? ([["embeddedBatches", "embedded: transfers, no bulk load", transfersOnly, false]] as const)
        : []),
    ];
    for (const [key, label, input, bulk] of embeddedRuns) {
      const dataDir = path.join(dir, `embedded-${key}`);
      await rm(dataDir, { recursive: true, force: true });
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
      await writeTransfersCsv(warmCsv, transferBatches(batches, WARMUP));
      const store: Neo4jGraphStore = await openNeo4jStore({
        uri: server.uri,
        username: server.username,
        password: server.password,
      });
      const pid = server.pid;
      const count = async () => (await store.stats()).transfers;

      await loadCsv(server, warmCsv);
      await store.clear();
      await replay(store, transferBatches(batches, WARMUP));
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
        runs.neo4jCase = await measure("neo4j: store, whole case", pid, () => replay(store, batches));
      }
      await store.close();
    }

    const perS = (r: Run) => (r.transfers * 1000) / r.ms;
    const perCpu = (r: Run) => (r.transfers * 1000) / r.cpuMs;
    log("");
    if (runs.embeddedCase && runs.embeddedTransfers && runs.sqlite) {
      log(
        `  embedded whole case: ${fmt(perS(runs.embeddedCase))} transfers/s, transfer records only: ` +
          `${fmt(perS(runs.embeddedTransfers))} transfers/s (target >= 100,000: ` +
          `${perS(runs.embeddedTransfers) >= 100_000 ? "met" : "missed"}); ` +
          `store / bare SQLite: ${(perS(runs.embeddedTransfers) / perS(runs.sqlite)).toFixed(2)}x`,
      );
    }
    if (runs.embeddedTransfers && runs.embeddedBatches) {
      log(
        `  embedded transfer records, one bulk load / batch by batch: ` +
          `${(perS(runs.embeddedTransfers) / perS(runs.embeddedBatches)).toFixed(2)}x`,
      );
    }
    if (runs.loadCsv && runs.neo4jTransfers) {
      log(
        `  neo4j store / LOAD CSV, same transfers: ${(perS(runs.neo4jTransfers) / perS(runs.loadCsv)).toFixed(2)}x ` +
          `wall-clock, ${(perCpu(runs.neo4jTransfers) / perCpu(runs.loadCsv)).toFixed(2)}x per CPU-second ` +
          `(target >= 1: ${perS(runs.neo4jTransfers) >= perS(runs.loadCsv) ? "met" : "missed"} on wall-clock)`,
      );
    }
    if (runs.loadCsv && runs.neo4jCase) {
      log(
        `  neo4j store whole case / LOAD CSV transfers: ${(perS(runs.neo4jCase) / perS(runs.loadCsv)).toFixed(2)}x`,
      );
    }
  } finally {
    await server?.stop();
    if (!process.env.KEEP && !process.env.BENCH_DIR) await rm(dir, { recursive: true, force: true });
  }
}

await main();
