/**
 * What only the embedded store must prove about loads (the shared cases are in contract.ts): a writer that remembers
 * which accounts are stored forgets them when another process rolls a load back (the data generation in meta,
 * write.ts), and a read-only database from before loads were recorded lists none.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { cli } from "../hostile/hostile.fixtures.js";
import { fixtureBatches } from "./store.fixtures.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-embedded-loads-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(root, `store-${++n}`);
const start = (id: string) => ({ id, by: "test", origin: "cli", inputs: [] });

describe("embedded store: loads", () => {
  it("writes accounts again that another process rolled back while this writer remembered them", async () => {
    // Transfers alone: their accounts exist only because the writer ensured them (and then remembered them).
    const transfersOnly = fixtureBatches[0]!.filter((r) => r.kind === "transfer");
    expect(transfersOnly.length).toBeGreaterThan(0);
    const reference = await openEmbeddedStore({ dataDir: fresh() });
    await reference.writeBatch(transfersOnly);
    const expected = await reference.stats();
    await reference.close();

    const dir = fresh();
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      const failing = store.bulkLoad(async () => {
        await store.writeBatch(transfersOnly);
        throw new Error("embedded-loads.test: the next file is unreadable");
      }, start("load-remembered"));
      await expect(failing).rejects.toThrow("unreadable");
      // Another process rolls it back: this store's writer still remembers their accounts as stored.
      const rolled = await cli(["--data-dir", dir, "loads", "rollback", "load-remembered"]);
      expect(rolled.code, rolled.stderr).toBe(0);
      expect((await store.stats()).accounts).toBe(0);
      await store.bulkLoad(async () => store.writeBatch(transfersOnly), start("load-again"));
      expect(await store.stats()).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it("lists no loads on a read-only database from before loads were recorded", async () => {
    const dir = fresh();
    const store = await openEmbeddedStore({ dataDir: dir });
    await store.writeBatch(fixtureBatches[0]!);
    await store.close();
    const db = new Database(path.join(dir, DB_FILE));
    db.exec("DROP TABLE load_files; DROP TABLE loads;");
    db.close();
    const old = await openEmbeddedStore({ dataDir: dir, readOnly: true });
    try {
      expect(await old.listLoads({ incomplete: true })).toEqual([]);
      expect(await old.getLoad("load-any")).toBeNull();
      await expect(old.rollbackLoad("load-any")).rejects.toMatchObject({ name: "EmbeddedReadOnlyError" });
    } finally {
      await old.close();
    }
  });
});
