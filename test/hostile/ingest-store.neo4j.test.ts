/**
 * Hostile input through uploads on the Neo4j store: mixed encodings and implausible dates (ingest-probes.ts).
 *
 * The suite empties the database: point NEO4J_URI only at a disposable database.
 */
import { describe, inject, it } from "vitest";
import { openNeo4jStore } from "../../server/store/neo4j/index.js";
import { ingestProbes } from "./ingest-probes.js";

const skip = inject("neo4jSkip");

if (skip) {
  describe.skip(`hostile input on neo4j — ${skip}`, () => {
    it("rejects mixed encodings and implausible dates", () => undefined);
  });
} else {
  ingestProbes("Neo4j", async () => {
    const store = await openNeo4jStore({
      uri: inject("neo4jUri"),
      username: inject("neo4jUsername"),
      password: inject("neo4jPassword"),
      database: inject("neo4jDatabase") || undefined,
    });
    await store.clear();
    return store;
  });
}
