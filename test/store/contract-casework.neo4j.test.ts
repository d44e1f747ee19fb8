/**
 * The casework contract (test/store/contract-casework.ts) against a real Neo4j (test/support/neo4j-global-setup.ts
 * starts one, or NEO4J_URI names one). The suite empties the database: point NEO4J_URI only at a disposable one.
 */
import { describe, inject, it } from "vitest";
import { openNeo4jStore, type Neo4jGraphStore } from "../../server/store/neo4j/index.js";
import type { GraphStore } from "../../server/store/types.js";
import { caseworkContract } from "./contract-casework.js";

const skip = inject("neo4jSkip");

if (skip) {
  describe.skip(`neo4j casework — ${skip}`, () => {
    it("passes the casework contract against a real Neo4j", () => undefined);
  });
} else {
  caseworkContract(
    "neo4j",
    () =>
      openNeo4jStore({
        uri: inject("neo4jUri"),
        username: inject("neo4jUsername"),
        password: inject("neo4jPassword"),
        database: inject("neo4jDatabase") || undefined,
      }),
    (s: GraphStore) => (s as Neo4jGraphStore).clear(),
  );
}
