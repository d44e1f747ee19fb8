/**
 * `npm run bench:sqlite-floor`: the least work SQLite can do to hold 1M transfers the way the embedded store must
 * (its own schema: the transfers table and the three indexes the explorer and tracing read by), on this machine. It
 * is the ceiling of any ingest into the embedded store, measured next to bench:store's real figure.
 *
 * Everything that makes a real ingest slower is left out on purpose: no parsing, no validation, no deduplication
 * (rows are unique and handed over already sorted by txId, the table's key), one transaction, indexes built once by
 * sorting after the rows, the same pragmas as the store's bulk load (WAL, synchronous NORMAL, 1.5 GiB cache, two
 * sorter threads). Each transfer gets one source row (file, line), the least provenance the evidence needs.
 *
 * bench:store runs the same floor (sqliteFloor) in its own run, so its ratio never compares figures taken under
 * different loads of a shared machine.
 *
 * Env: BENCH_FLOOR_TRANSFERS (default 1 000 000); BENCH_FLOOR_DIR (default a temporary folder, removed afterwards).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { applySchema, deferrableIndexes } from "../server/store/embedded/schema.js";

const ACCOUNTS = 130_000;

type TransferRow = [string, string, string, number, number, string, number, null, string, string, string];

/** Deterministic transfers shaped like generated ones, in txId order. */
function transferRows(n: number): TransferRow[] {
  const account = (i: number) =>
    `KZ${String(10_000_000 + ((i * 2_654_435_761) % ACCOUNTS)).padStart(18, "0")}`;
  const purposes = ["Перевод между счетами физических лиц", "Оплата товаров и услуг", "Возврат долга"];
  return Array.from({ length: n }, (_, i) => [
    `TX${String(i).padStart(12, "0")}`,
    account(i),
    account(i * 7 + 3),
    1_700_000_000_000 + i * 1000,
    10_000 + (i % 500) * 37,
    "KZT",
    10_000 + (i % 500) * 37,
    null,
    "online",
    purposes[i % purposes.length]!,
    "119",
  ]);
}

/** One floor measurement: its stages (name, seconds), the total and the rate in transfers per second. */
export interface SqliteFloor {
  transfers: number;
  sqliteVersion: string;
  stages: [string, number][];
  seconds: number;
  rate: number;
  /** Transfers per second of the bare table insert alone (no index, no source row). */
  tableRate: number;
  /** CPU seconds of this process over the stages. */
  cpuSeconds: number;
}

/**
 * Measure the floor: `transfers` rows into a fresh embedded schema in `dir` (a temporary folder, removed afterwards,
 * when absent).
 */
export function sqliteFloor(transfers: number, dir?: string): SqliteFloor {
  const folder = dir ?? mkdtempSync(path.join(os.tmpdir(), "mulegraph-sqlite-floor-"));
  const db = new Database(path.join(folder, "floor.db"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("temp_store = MEMORY");
    db.pragma("cache_size = -1572864");
    db.pragma("threads = 2");
    applySchema(db);
    const fileId = Number(
      db.prepare("INSERT INTO files (sha256) VALUES (?)").run("f".repeat(64)).lastInsertRowid,
    );
    const rows = transferRows(transfers);
    const indexes = deferrableIndexes().filter((i) => i.table === "transfers");
    const insertTransfer = db.prepare(
      `INSERT INTO transfers (tx_id, from_key, to_key, ts, amount, currency, amount_kzt, rate_source, channel,
         purpose, knp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertSource = db.prepare("INSERT INTO transfer_sources (tx_id, file, line) VALUES (?, ?, ?)");

    const stages: [string, number][] = [];
    const stage = (name: string, work: () => void) => {
      const t = performance.now();
      work();
      stages.push([name, (performance.now() - t) / 1000]);
    };
    const cpu0 = process.cpuUsage();
    db.exec("BEGIN");
    stage(`drop the ${indexes.length} transfer indexes`, () => {
      for (const i of indexes) db.exec(`DROP INDEX ${i.name}`);
    });
    stage(`insert ${transfers} transfer rows (sorted by key)`, () => {
      for (const r of rows) insertTransfer.run(...r);
    });
    stage(`insert ${transfers} source rows (sorted by key)`, () => {
      for (let i = 0; i < rows.length; i++) insertSource.run(rows[i]![0], fileId, i + 2);
    });
    stage(`build ${indexes.map((i) => i.name).join(", ")}`, () => {
      for (const i of indexes) db.exec(i.sql);
    });
    stage("commit", () => db.exec("COMMIT"));
    const cpu = process.cpuUsage(cpu0);

    const seconds = stages.reduce((s, [, t]) => s + t, 0);
    return {
      transfers,
      sqliteVersion: (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v,
      stages,
      seconds,
      rate: transfers / seconds,
      tableRate: transfers / stages[1]![1],
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    db.close();
    if (!dir) rmSync(folder, { recursive: true, force: true });
  }
}

function main(): void {
  const n = Number(process.env.BENCH_FLOOR_TRANSFERS ?? 1_000_000);
  const f = sqliteFloor(n, process.env.BENCH_FLOOR_DIR);
  console.log(`\nsqlite floor: ${n} transfers into the embedded store's schema, SQLite ${f.sqliteVersion}`);
  for (const [name, t] of f.stages) console.log(`  ${name.padEnd(64)} ${t.toFixed(2).padStart(7)} s`);
  console.log(
    `  ${"total".padEnd(64)} ${f.seconds.toFixed(2).padStart(7)} s (${f.cpuSeconds.toFixed(2)} CPU-s)`,
  );
  console.log(`ceiling: ${Math.round(f.rate)} transfers/s on this machine`);
  console.log(`without any index or source row (the table alone): ${Math.round(f.tableRate)} transfers/s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
