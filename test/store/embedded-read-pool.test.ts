import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { ReadPool, ReadWorkerError } from "../../server/store/embedded/read-pool.js";
import { fixtureBatches } from "./store.fixtures.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-read-pool-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("embedded read pool", () => {
  it("fails the reads of a worker that dies and answers the next ones from a new worker", async () => {
    const dataDir = path.join(root, "a");
    const store = await openEmbeddedStore({ dataDir });
    for (const batch of fixtureBatches) await store.writeBatch(batch);
    const expected = await store.search("Болатов");
    expect(expected.length).toBeGreaterThan(0);
    await store.close();
    const pool = new ReadPool(path.join(dataDir, DB_FILE), 1);
    try {
      // A new worker spends about a second loading its code: this read is certainly still pending.
      const pending = pool.run("search", ["Болатов", undefined]);
      const worker = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!
        .worker;
      await worker.terminate();
      await expect(pending).rejects.toBeInstanceOf(ReadWorkerError);
      expect(await pool.run("search", ["Болатов", undefined])).toEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it("refuses reads once closed", async () => {
    const dataDir = path.join(root, "b");
    await (await openEmbeddedStore({ dataDir })).close();
    const pool = new ReadPool(path.join(dataDir, DB_FILE), 1);
    await pool.close();
    await expect(pool.run("search", ["x", undefined])).rejects.toThrow(/closed/);
  });
});
