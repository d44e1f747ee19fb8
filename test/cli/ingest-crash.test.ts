/**
 * Crash safety of `mulegraph ingest` on the embedded store, for real: a child process is killed with SIGKILL in the
 * middle of an ingest, the store is reopened and checked for consistency, the same command is run again, and the
 * result must equal a clean single run exactly.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { Projection } from "../../model/analysis.js";
import type { StoreStats } from "../../server/store/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/mulegraph.js");
const tmp = mkdtempSync(path.join(os.tmpdir(), "mulegraph-ingest-crash-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// The ingest is a bulk load: left alone it would commit once, at the end (a kill before that leaves nothing, which
// test/store/embedded-bulk-load.test.ts pins). Small groups make the kill land between commits, mid-load.
const env = { ...process.env, NEO4J_URI: "", MULEGRAPH_BULK_GROUP_RECORDS: "500" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function snapshot(dataDir: string): Promise<{ stats: StoreStats; projection: Projection }> {
  const store = await openEmbeddedStore({ dataDir });
  try {
    return { stats: await store.stats(), projection: await store.projection() };
  } finally {
    await store.close();
  }
}

/** Transfers stored so far, read through a second connection while the ingest writes (WAL allows it). */
function storedTransfers(dataDir: string): number {
  const file = path.join(dataDir, DB_FILE);
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM transfers").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the schema is not there yet
  }
}

describe("an ingest killed with SIGKILL", () => {
  let files: string[];
  let clean: { stats: StoreStats; projection: Projection };
  const ingestArgs = (dataDir: string) => [
    "ingest",
    ...files,
    "--batch-size",
    "20",
    "--data-dir",
    dataDir,
    "--json",
    "--report-dir",
    path.join(tmp, "report"),
  ];

  beforeAll(() => {
    const caseDir = path.join(tmp, "case");
    const g = spawnSync(
      process.execPath,
      [BIN, "generate", "--out", caseDir, "--seed", "11", "--accounts", "400"],
      {
        cwd: ROOT,
        env,
        encoding: "utf8",
      },
    );
    expect(g.status, g.stderr).toBe(0);
    files = readdirSync(path.join(caseDir, "exports"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".csv"))
      .map((f) => path.join(caseDir, "exports", f))
      .sort();
  });

  it("leaves a consistent store, and the same command then finishes with exactly a clean run's counts", async () => {
    const cleanDir = path.join(tmp, "clean");
    const once = spawnSync(process.execPath, [BIN, ...ingestArgs(cleanDir)], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    expect(once.status, once.stderr).toBe(0);
    clean = await snapshot(cleanDir);
    expect(clean.stats.transfers).toBeGreaterThan(1000);

    const dir = path.join(tmp, "killed");
    const child = spawn(process.execPath, [BIN, ...ingestArgs(dir)], { cwd: ROOT, env, stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    const deadline = Date.now() + 120_000;
    while (storedTransfers(dir) === 0 && Date.now() < deadline) await sleep(10);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // Consistent: whole batches only, every transfer with its accounts and a source, the file intact.
    const db = new Database(path.join(dir, DB_FILE));
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const q = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(
        q(
          "SELECT count(*) AS n FROM transfers t WHERE NOT EXISTS (SELECT 1 FROM transfer_sources s WHERE s.tx_id = t.tx_id)",
        ),
      ).toBe(0);
      expect(
        q(
          "SELECT count(*) AS n FROM transfers t WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.key = t.from_key) OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.key = t.to_key)",
        ),
      ).toBe(0);
      expect(
        q(
          "SELECT count(*) AS n FROM transfer_sources s WHERE NOT EXISTS (SELECT 1 FROM transfers t WHERE t.tx_id = s.tx_id)",
        ),
      ).toBe(0);
      expect(db.prepare("SELECT first, last FROM transfer_range").get()).toEqual(
        db.prepare("SELECT min(ts) AS first, max(ts) AS last FROM transfers").get(),
      );
    } finally {
      db.close();
    }
    const partial = await snapshot(dir);
    expect(partial.stats.transfers).toBeGreaterThan(0);
    expect(partial.stats.transfers).toBeLessThan(clean.stats.transfers);

    const again = spawnSync(process.execPath, [BIN, ...ingestArgs(dir)], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    expect(again.status, again.stderr).toBe(0);
    const after = await snapshot(dir);
    expect(after.stats).toEqual(clean.stats);
    expect(after.projection).toEqual(clean.projection);
    expect(JSON.parse(again.stdout).store).toEqual(clean.stats);
  });
});
