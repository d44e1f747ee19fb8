/**
 * Neo4j's own offline importer (`neo4j-admin database import full`) run on a case's transfers, for bench:store: the
 * fastest first load into an empty Neo4j there is, reported beside the store's ingest and LOAD CSV.
 *
 * It runs from the same Maven Central jars as the test server (test/support/neo4j-server.ts): the `neo4j-admin` entry
 * point is org.neo4j.cli.AdminTool (neo4j-command-line), and `database import full` comes from neo4j-import-tool.
 * The importer only takes fault-free input, so the two-sided records are folded here first (one row per txId, the
 * first non-null value of each field, sources unioned), exactly as the store folds them; the folding and the CSV
 * writing are part of the time. Then the server starts on the imported folder and the store's schema (uniqueness
 * constraints, search indexes) is built, as the store needs it before its first read.
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import type { TransferRecord } from "../model/records.js";
import { neo4jCacheDir } from "../test/support/neo4j-server.js";

/** One transfer as the importer writes it: the records of one txId folded together. */
interface Folded {
  r: TransferRecord;
  sources: Set<string>;
  wallets: string[] | undefined;
}

/** Fold the records of each txId: the first non-null value of each optional field wins; sources are unioned. */
function fold(records: Iterable<TransferRecord>): Map<string, Folded> {
  const byTx = new Map<string, Folded>();
  for (const r of records) {
    const sources = r.sources.map((s) => `${s.file}:${s.line}`);
    const wallets = r.wallets && r.wallets.length > 0 ? r.wallets.map((w) => w.address) : undefined;
    const f = byTx.get(r.txId);
    if (!f) {
      byTx.set(r.txId, { r: { ...r }, sources: new Set(sources), wallets });
      continue;
    }
    for (const s of sources) f.sources.add(s);
    f.r.rateSource ??= r.rateSource;
    f.r.channel ??= r.channel;
    f.r.purpose ??= r.purpose;
    f.r.knp ??= r.knp;
    f.wallets ??= wallets;
  }
  return byTx;
}

/** CPU seconds of the children this process has waited for (/proc/self/stat cutime + cstime, Linux). */
function childCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const q = (v: unknown) => (v === undefined || v === null ? "" : `"${String(v).replace(/"/g, '""')}"`);

async function writeLines(file: string, header: string, rows: Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  out.write(header + "\n");
  let chunk = "";
  for (const row of rows) {
    chunk += row + "\n";
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

export interface AdminImportResult {
  transfers: number;
  accounts: number;
  /** Seconds folding and writing the CSV files. */
  prepareSeconds: number;
  /** Seconds the importer ran, and its CPU seconds. */
  importSeconds: number;
  importCpuSeconds: number;
}

/**
 * Import `records`' transfers and their accounts into a new database in `homeDir` (the folder a test server is then
 * started on with `dataDir: homeDir`). Throws with the importer's output when it fails.
 */
export async function adminImport(
  homeDir: string,
  records: Iterable<TransferRecord>,
  log: (line: string) => void,
): Promise<AdminImportResult> {
  const t0 = performance.now();
  const input = path.join(homeDir, "admin-import");
  mkdirSync(input, { recursive: true });
  const byTx = fold(records);
  const accounts = new Set<string>();
  for (const { r } of byTx.values()) {
    accounts.add(r.from);
    accounts.add(r.to);
  }
  const nodesFile = path.join(input, "accounts.csv");
  const relsFile = path.join(input, "transfers.csv");
  // The importer's header format: id space, labels and typed properties (arrays split on ";").
  await writeLines(
    nodesFile,
    "nid:ID,key,sources:string[],:LABEL",
    (function* () {
      for (const a of accounts) yield `${q(`account:${a}`)},${q(a)},,Entity;Account`;
    })(),
  );
  await writeLines(
    relsFile,
    ":START_ID,:END_ID,:TYPE,txId,ts:long,amount:double,currency,amountKzt:double,rateSource,channel,purpose,knp," +
      "wallets:string[],sources:string[]",
    (function* () {
      for (const { r, sources, wallets } of byTx.values()) {
        yield [
          `account:${r.from}`,
          `account:${r.to}`,
          "TRANSFER",
          r.txId,
          r.ts,
          r.amount,
          r.currency,
          r.amountKzt,
          r.rateSource,
          r.channel,
          r.purpose,
          r.knp,
          wallets?.join(";"),
          [...sources].join(";"),
        ]
          .map(q)
          .join(",");
      }
    })(),
  );
  const prepareSeconds = (performance.now() - t0) / 1000;

  // neo4j-admin reads $NEO4J_CONF/neo4j.conf; data lands in $NEO4J_HOME/data, where the test server keeps its own.
  const conf = path.join(homeDir, "admin-conf");
  mkdirSync(conf, { recursive: true });
  writeFileSync(path.join(conf, "neo4j.conf"), "server.memory.pagecache.size=512m\n");
  const lib = path.join(neo4jCacheDir(), "lib");
  log(`  neo4j-admin database import full: ${byTx.size} transfers, ${accounts.size} accounts`);
  const cpu0 = childCpuSeconds();
  const t1 = performance.now();
  const r = spawnSync(
    "java",
    [
      "-Xmx1g",
      "-cp",
      `${lib}/*`,
      "org.neo4j.cli.AdminTool",
      "database",
      "import",
      "full",
      `--nodes=${nodesFile}`,
      `--relationships=${relsFile}`,
      "--overwrite-destination=true",
      "--threads=2",
      // Its report goes beside the import's own files, not into the working directory.
      `--report-file=${path.join(homeDir, "import.report")}`,
      "neo4j",
    ],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NEO4J_HOME: homeDir, NEO4J_CONF: conf },
    },
  );
  const importSeconds = (performance.now() - t1) / 1000;
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
    throw new Error(
      `bench/neo4j-admin-import: the importer failed (${r.error?.message ?? `exit ${r.status}`}):\n${out}`,
    );
  }
  return {
    transfers: byTx.size,
    accounts: accounts.size,
    prepareSeconds,
    importSeconds,
    importCpuSeconds: childCpuSeconds() - cpu0,
  };
}
