/**
 * The neighbourhood edge cap on the Neo4j store (neighbourhood-probes.ts).
 *
 * The suite empties the database: point NEO4J_URI only at a disposable database.
 */
import { describe, inject, it } from "vitest";
import { openNeo4jStore } from "../../server/store/neo4j/index.js";
import { neighbourhoodProbes } from "./neighbourhood-probes.js";

const skip = inject("neo4jSkip");

if (skip) {
  describe.skip(`neighbourhood edge cap on neo4j — ${skip}`, () => {
    it("cuts the edges at the cap", () => undefined);
  });
} else {
  neighbourhoodProbes("Neo4j", async () => {
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
