/**
 * The embedded store's search index follows every write path: a field filled by a later record, a bulk load, and a
 * load rollback that removes what it brought (server/store/embedded/search-schema.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { FILE, src } from "./store.fixtures.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-search-index-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => openEmbeddedStore({ dataDir: path.join(root, `store-${++n}`) });
const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe("the embedded search index", () => {
  it("finds a field that a later record fills, by a fragment of it", async () => {
    const store = await fresh();
    try {
      await store.writeBatch([{ kind: "account", key: "ACC-1", sources: [src(FILE.REG, 1)] }]);
      expect(await store.search("4455667")).toEqual([]);
      await store.writeBatch([
        {
          kind: "account",
          key: "ACC-1",
          iban: "KZ12344556677889900",
          holderName: "Әлия Сейтқали",
          sources: [src(FILE.REG, 2)],
        },
      ]);
      expect(ids(await store.search("4455667"))).toEqual(["account:ACC-1"]);
      expect(ids(await store.search("Сейткали Алия"))).toEqual(["account:ACC-1"]);
    } finally {
      await store.close();
    }
  });

  it("indexes a load as it goes, and forgets what a rolled-back load brought", async () => {
    const store = await fresh();
    try {
      const load = { id: "load-1", by: "test", origin: "cli", inputs: [{ name: "a.csv", bytes: 1 }] };
      // The load fails after its batch (a file it could not read): its data stays until rolled back.
      const failed = store.bulkLoad(async () => {
        await store.writeBatch([
          {
            kind: "account",
            key: "KZ99000000000SEARCH1",
            iban: "KZ99000000000SEARCH1",
            sources: [src(FILE.REG, 1)],
          },
        ]);
        throw new Error("file 2 unreadable");
      }, load);
      await expect(failed).rejects.toThrow("file 2 unreadable");
      expect(ids(await store.search("SEARCH1"))).toEqual(["account:KZ99000000000SEARCH1"]);
      await store.rollbackLoad("load-1");
      expect(await store.search("SEARCH1")).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("indexes a database written before the index existed when it is opened", async () => {
    const dir = path.join(root, "old");
    const store = await openEmbeddedStore({ dataDir: dir });
    await store.writeBatch([
      { kind: "person", iin: "900101300123", name: "Ахметова Айгерим", sources: [src(FILE.REG, 1)] },
    ]);
    await store.close();
    // Take the index away, as in a file from before it.
    const db = new Database(path.join(dir, "mulegraph.db"));
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'")
      .all();
    for (const { name } of triggers as { name: string }[]) db.exec(`DROP TRIGGER ${name}`);
    db.exec("DROP TABLE search_fts; DROP TABLE search_terms; DROP TABLE search_queue;");
    db.close();
    const reopened = await openEmbeddedStore({ dataDir: dir });
    try {
      expect(ids(await reopened.search("Айгерим Ахметова"))).toEqual(["person:900101300123"]);
      expect(ids(await reopened.search("0101300"))).toEqual(["person:900101300123"]);
    } finally {
      await reopened.close();
    }
  });
});
