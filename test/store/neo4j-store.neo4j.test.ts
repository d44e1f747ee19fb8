/**
 * The Neo4j store against a real Neo4j (test/support/neo4j-global-setup.ts starts one, or NEO4J_URI names one):
 * the shared GraphStore contract suite, then what only a database reached through Cypher must prove — user text
 * that looks like Cypher stays data.
 *
 * The suite empties the database between blocks: point NEO4J_URI only at a disposable database.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { CanonicalRecord } from "../../model/records.js";
import { openNeo4jStore, type Neo4jGraphStore } from "../../server/store/neo4j/index.js";
import type { GraphStore } from "../../server/store/types.js";
import { storeContract } from "./contract.js";
import { ACC, fixtureBatches } from "./store.fixtures.js";

const skip = inject("neo4jSkip");

function openTestStore(
  tuning: { batchSize?: number; concurrency?: number; atomicLimit?: number } = {},
): Promise<Neo4jGraphStore> {
  return openNeo4jStore({
    uri: inject("neo4jUri"),
    username: inject("neo4jUsername"),
    password: inject("neo4jPassword"),
    database: inject("neo4jDatabase") || undefined,
    ...tuning,
  });
}

if (skip) {
  describe.skip(`neo4j store — ${skip}`, () => {
    it("passes the GraphStore contract against a real Neo4j", () => undefined);
  });
} else {
  storeContract(
    "neo4j",
    () => openTestStore(),
    (s: GraphStore) => (s as Neo4jGraphStore).clear(),
  );

  describe("neo4j store: a neo4j:// routing URI", () => {
    it("writes through the routing table's writer and reads from its readers", async () => {
      const routed = await openNeo4jStore({
        uri: inject("neo4jUri").replace(/^bolt(\+s|\+ssc)?:/, "neo4j$1:"),
        username: inject("neo4jUsername"),
        password: inject("neo4jPassword"),
        database: inject("neo4jDatabase") || undefined,
      });
      try {
        expect(routed.config.uri).toMatch(/^neo4j(\+s|\+ssc)?:\/\//);
        await routed.clear();
        await routed.writeBatch(fixtureBatches[0]!);
        expect((await routed.stats()).transfers).toBe(4);
        expect((await routed.search(ACC.H))[0]).toMatchObject({ id: `account:${ACC.H}`, matched: "iban" });
      } finally {
        await routed.close();
      }
    });
  });

  describe("neo4j store: batch size and concurrency", () => {
    it("writes the same graph in one transaction per step as in one-row transactions four at a time", async () => {
      const whole = await openTestStore();
      const tiny = await openTestStore({ batchSize: 1, concurrency: 4, atomicLimit: 1 });
      try {
        await whole.clear();
        for (const batch of fixtureBatches) await whole.writeBatch(batch);
        const expected = { stats: await whole.stats(), projection: await whole.projection() };
        const hub = await whole.entity(`account:${ACC.H}`);
        await whole.clear();
        for (const batch of fixtureBatches) await tiny.writeBatch(batch);
        expect({ stats: await tiny.stats(), projection: await tiny.projection() }).toEqual(expected);
        expect(await tiny.entity(`account:${ACC.H}`)).toEqual(hub);
        expect(expected.stats.transfers).toBe(6);
      } finally {
        await whole.close();
        await tiny.close();
      }
    });
  });

  describe("neo4j store: user text that looks like Cypher", () => {
    let store: Neo4jGraphStore;
    const src = { file: "ab".repeat(32), line: 2 };
    const NASTY = [
      "x'}) MATCH (n) DETACH DELETE n //",
      '"}) MATCH (n) DETACH DELETE n //',
      "`) DETACH DELETE n //",
      "$values",
      "\\u0027 OR 1=1 --",
      "ИП'; CALL dbms.components() //",
    ];
    const holder = "Bobby'}) DETACH DELETE n; //";

    beforeAll(async () => {
      store = await openTestStore();
      await store.clear();
      const records: CanonicalRecord[] = [
        {
          kind: "account",
          key: "KZ000000000000000042",
          iban: "KZ000000000000000042",
          holderName: holder,
          sources: [src],
        },
        { kind: "person", iin: NASTY[0]!, name: NASTY[1], sources: [src] },
      ];
      await store.writeBatch(records);
    });
    afterAll(async () => {
      await store?.close();
    });

    it.each(NASTY)("searches for %j as plain text and deletes nothing", async (q) => {
      const before = await store.stats();
      const hits = await store.search(q);
      // Every hit holds the query's words (search matches words in any order and fragments): text, not Cypher.
      const words = q
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
      for (const h of hits) {
        const text = `${h.key} ${h.label}`.toLowerCase();
        expect(words.every((w) => text.includes(w))).toBe(true);
      }
      expect(await store.stats()).toEqual(before);
      expect(before.accounts).toBe(1);
      expect(before.persons).toBe(1);
    });

    it("finds a node whose key and name are Cypher-looking text, verbatim", async () => {
      expect(await store.search(NASTY[0]!)).toEqual([
        { id: `person:${NASTY[0]}`, type: "person", key: NASTY[0], label: NASTY[1], matched: "iin" },
      ]);
      expect((await store.search("bobby'})"))[0]).toMatchObject({ label: holder, matched: "name" });
      const e = await store.entity(`person:${NASTY[0]}`);
      expect(e?.node).toEqual({
        id: `person:${NASTY[0]}`,
        type: "person",
        key: NASTY[0],
        label: NASTY[1],
        props: { name: NASTY[1] },
      });
    });

    it.each(NASTY)("reads entity and neighbourhood of an id built from %j without effect", async (q) => {
      const before = await store.stats();
      expect(await store.entity(`account:${q}`)).toBeNull();
      expect((await store.neighbourhood([`account:${q}`, `person:${q}x`])).nodes).toEqual([]);
      expect(await store.transfers({ accounts: [q], direction: "both" })).toEqual([]);
      expect(await store.stats()).toEqual(before);
    });
  });
}
