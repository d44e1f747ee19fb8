/**
 * The embedded store's bulk load (write.ts, beginBulk): indexes of empty tables are built once at commit, and no
 * reader, no reopened store and no process killed mid-load ever sees one missing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { readEnv, storeConfig } from "../../server/config.js";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { GROUP_MS } from "../../server/store/embedded/write.js";
import { bulkTransfers } from "./bulk-load.fixtures.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-bulk-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${++n}`);

/** Index names as one connection sees them. */
function indexNames(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
  return (rows as { name: string }[]).map((r) => r.name);
}

/** The store's own connection, inside its open bulk transaction. */
const ownIndexes = (store: unknown) => indexNames((store as { db: Database.Database }).db);

/** Indexes and transfers as another connection (another process, the server's read workers) sees them. */
function outside(dataDir: string) {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  return {
    indexes: () => indexNames(db),
    transfers: () => (db.prepare("SELECT count(*) AS n FROM transfers").get() as { n: number }).n,
    close: () => db.close(),
  };
}

async function schemaIndexes(): Promise<string[]> {
  const dir = freshDir();
  await (await openEmbeddedStore({ dataDir: dir })).close();
  const o = outside(dir);
  try {
    return o.indexes();
  } finally {
    o.close();
  }
}

describe("embedded bulk load", () => {
  it("defers the indexes of empty tables inside its open transaction and builds them all before commit", async () => {
    const expected = await schemaIndexes();
    expect(expected).toEqual(
      expect.arrayContaining(["transfers_from_ts", "transfers_to_ts", "accounts_iban"]),
    );
    const dir = freshDir();
    const store = await openEmbeddedStore({ dataDir: dir });
    const other = outside(dir);
    try {
      await store.bulkLoad(async () => {
        for (const batch of bulkTransfers(5)) await store.writeBatch(batch);
        expect(ownIndexes(store)).not.toContain("transfers_from_ts");
        // Another connection still sees the last commit: no transfers yet, every index.
        expect(other.transfers()).toBe(0);
        expect(other.indexes()).toEqual(expected);
      });
      expect(other.transfers()).toBe(1000);
      expect(other.indexes()).toEqual(expected);
    } finally {
      other.close();
      await store.close();
    }
  });

  it("keeps the indexes of tables that already hold rows", async () => {
    const dir = freshDir();
    const store = await openEmbeddedStore({ dataDir: dir });
    const [first, ...rest] = bulkTransfers(3);
    await store.writeBatch(first!);
    await store.stats();
    await store.bulkLoad(async () => {
      for (const batch of rest) await store.writeBatch(batch);
      expect(ownIndexes(store)).toContain("transfers_from_ts");
    });
    expect((await store.stats()).transfers).toBe(600);
    await store.close();
  });

  it("commits every MULEGRAPH_BULK_GROUP_RECORDS records, and refuses a value that is not a count", async () => {
    const expected = await schemaIndexes();
    const dir = freshDir();
    const { bulkGroupRecords } = storeConfig(readEnv({ MULEGRAPH_BULK_GROUP_RECORDS: "400" }), dir);
    const store = await openEmbeddedStore({ dataDir: dir, bulkGroupRecords });
    const other = outside(dir);
    try {
      await store.bulkLoad(async () => {
        const batches = bulkTransfers(5);
        await store.writeBatch(batches[0]!);
        expect(other.transfers()).toBe(0);
        await store.writeBatch(batches[1]!);
        expect(other.transfers()).toBe(400);
        expect(other.indexes()).toEqual(expected);
        for (const batch of batches.slice(2)) await store.writeBatch(batch);
        expect(other.transfers()).toBe(800);
      });
      expect(other.transfers()).toBe(1000);
      expect(() => readEnv({ MULEGRAPH_BULK_GROUP_RECORDS: "lots" })).toThrow(
        /MULEGRAPH_BULK_GROUP_RECORDS.*"lots"/,
      );
      // The load left no bulk mode behind: a lone batch is committed within GROUP_MS again.
      await store.writeBatch(bulkTransfers(6)[5]!);
      await new Promise((r) => setTimeout(r, GROUP_MS + 300));
      expect(other.transfers()).toBe(1200);
    } finally {
      other.close();
      await store.close();
    }
  });

  it("killed with SIGKILL mid-load leaves every index and no part of the load; loading again gives the full data", async () => {
    const expected = await schemaIndexes();
    const dir = freshDir();
    const child = spawn(process.execPath, ["--import", "tsx", "test/store/bulk-load-child.ts", dir, "20"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_c, signal) => resolve(signal)),
    );
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line === "written") break;
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const db = new Database(path.join(dir, DB_FILE));
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
    const o = outside(dir);
    try {
      expect(o.indexes()).toEqual(expected);
      expect(o.transfers()).toBe(0);
    } finally {
      o.close();
    }

    const store = await openEmbeddedStore({ dataDir: dir });
    await store.bulkLoad(async () => {
      for (const batch of bulkTransfers(20)) await store.writeBatch(batch);
    });
    expect(await store.stats()).toMatchObject({ transfers: 4000, transferSources: 8000, accounts: 50 });
    await store.close();
  });
});
