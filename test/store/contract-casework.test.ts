/**
 * The casework contract (test/store/contract-casework.ts) on the embedded store, each run in a fresh folder, and a
 * database written before casework existed gaining its tables.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { caseFixture, caseworkContract } from "./contract-casework.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-casework-contract-"));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

caseworkContract("embedded", () => openEmbeddedStore({ dataDir: path.join(root, `store-${++n}`) }));

describe("embedded store: a database from before casework", () => {
  it("gains the casework tables when this build opens it, keeping its data", async () => {
    const dataDir = path.join(root, `store-${++n}`);
    const before = await openEmbeddedStore({ dataDir });
    await before.putUser({ username: "kept", role: "analyst", passwordHash: "x", createdAt: 1 });
    await before.close();
    const db = new Database(path.join(dataDir, DB_FILE));
    for (const table of ["alerts", "cases", "case_links", "approvals"]) db.exec(`DROP TABLE ${table}`);
    db.close();
    const after = await openEmbeddedStore({ dataDir });
    try {
      expect((await after.getUser("kept"))?.role).toBe("analyst");
      await after.createCase(caseFixture());
      expect(await after.getCase("CASE-1")).toEqual(caseFixture());
      expect(await after.listAlerts()).toEqual([]);
    } finally {
      await after.close();
    }
  });
});
