/**
 * The tracer on the real Neo4j store (started by test/support/neo4j-global-setup.ts): a small generated case
 * ingested into Neo4j traces every complaint to the generator's truth within 1% (with truth's rules and with the
 * defaults), and to exactly the same result as the embedded store gives for the same files; so does the recovery
 * triage of all complaints. The suite empties the database: point NEO4J_URI only at a
 * disposable one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { buildTriage } from "../../../server/recovery/index.js";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import { openNeo4jStore, type Neo4jGraphStore } from "../../../server/store/neo4j/index.js";
import type { GraphStore } from "../../../server/store/types.js";
import { ingestInto, makeSmallCase, type SmallCase } from "./generated-case.fixtures.js";
import { compareWithTruth, TRUTH_RULES } from "./truth-compare.js";

const skip = inject("neo4jSkip");

if (skip) {
  describe.skip(`tracing on neo4j — ${skip}`, () => {
    it("matches truth and the embedded store", () => undefined);
  });
} else {
  describe("tracing a generated case on the Neo4j store", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-trace-neo4j-"));
    let neo4j: Neo4jGraphStore;
    let embedded: GraphStore;
    let c: SmallCase;

    beforeAll(async () => {
      c = await makeSmallCase(path.join(root, "case"));
      neo4j = await openNeo4jStore({
        uri: inject("neo4jUri"),
        username: inject("neo4jUsername"),
        password: inject("neo4jPassword"),
        database: inject("neo4jDatabase") || undefined,
      });
      await neo4j.clear();
      await ingestInto(neo4j, c);
      embedded = await openEmbeddedStore({ dataDir: path.join(root, "data") });
      await ingestInto(embedded, c);
    }, 600_000);
    afterAll(async () => {
      await neo4j?.close();
      await embedded?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it("matches truth's exits and holdings within 1% for every complaint", async () => {
      const mismatches: string[] = [];
      for (const caseNo of Object.keys(c.truth.complaints)) {
        const r = await traceFunds(neo4j, { ...TRUTH_RULES, complaints: [caseNo], windowMs: c.wholeDataMs });
        mismatches.push(...compareWithTruth(caseNo, r, c.truth.complaints[caseNo]!));
      }
      expect(mismatches).toEqual([]);
    });

    it("matches truth within 1% for every complaint with the default options", async () => {
      const mismatches: string[] = [];
      for (const caseNo of Object.keys(c.truth.complaints)) {
        const r = await traceFunds(neo4j, { complaints: [caseNo] });
        mismatches.push(...compareWithTruth(caseNo, r, c.truth.complaints[caseNo]!));
      }
      expect(mismatches).toEqual([]);
    });

    it("gives the same recovery triage as the embedded store", async () => {
      const [a, b] = await Promise.all([buildTriage(neo4j), buildTriage(embedded)]);
      expect(a.holdings.length).toBeGreaterThan(3);
      expect(a).toEqual(b);
    });

    it("gives the same result, edge for edge, as the embedded store", async () => {
      for (const caseNo of Object.keys(c.truth.complaints)) {
        for (const method of ["fifo", "proportional"] as const) {
          const a = await traceFunds(neo4j, { complaints: [caseNo], method });
          const b = await traceFunds(embedded, { complaints: [caseNo], method });
          expect(a, `${caseNo} ${method}`).toEqual(b);
        }
      }
    });
  });
}
