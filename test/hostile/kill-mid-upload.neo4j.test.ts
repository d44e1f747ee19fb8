/**
 * kill -9 mid-upload on the Neo4j store (kill-mid-upload-probes.ts): the CLI child writes to the same Neo4j through
 * NEO4J_URI; fresh() empties the database.
 *
 * The suite empties the database: point NEO4J_URI only at a disposable database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, inject, it } from "vitest";
import { openNeo4jStore } from "../../server/store/neo4j/index.js";
import { killMidUploadProbes } from "./kill-mid-upload-probes.js";

const skip = inject("neo4jSkip");
// Reports, uploads and the audit head log of the CLI and server children: never the checkout's ./data.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-kill-neo4j-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const open = () =>
  openNeo4jStore({
    uri: inject("neo4jUri"),
    username: inject("neo4jUsername"),
    password: inject("neo4jPassword"),
    database: inject("neo4jDatabase") || undefined,
  });

if (skip) {
  describe.skip(`kill -9 mid-upload on neo4j — ${skip}`, () => {
    it("lists the killed load, rolls it back and resumes it", () => undefined);
  });
} else {
  killMidUploadProbes("Neo4j", {
    cliArgs: () => ({
      env: {
        NEO4J_URI: inject("neo4jUri"),
        NEO4J_USERNAME: inject("neo4jUsername"),
        NEO4J_PASSWORD: inject("neo4jPassword"),
        ...(inject("neo4jDatabase") ? { NEO4J_DATABASE: inject("neo4jDatabase") } : {}),
      },
      flags: ["--data-dir", dataDir],
    }),
    async fresh() {
      const store = await open();
      await store.clear();
      return store;
    },
    reopen: open,
  });
}
