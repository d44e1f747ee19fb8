/**
 * The Neo4j store's bulk loads hold transfer records back so that both banks' sides of a transfer are written in one
 * row (server/store/neo4j/transfer-hold.ts). Against a real Neo4j: whatever the hold's size, a bulk load stores
 * exactly what the same batches written one by one store, and a read inside the load sees every transfer already
 * acknowledged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { CanonicalRecord, TransferRecord } from "../../model/records.js";
import { openNeo4jStore, type Neo4jGraphStore } from "../../server/store/neo4j/index.js";

const skip = inject("neo4jSkip");

function openTestStore(bulkHoldRecords?: number): Promise<Neo4jGraphStore> {
  return openNeo4jStore({
    uri: inject("neo4jUri"),
    username: inject("neo4jUsername"),
    password: inject("neo4jPassword"),
    database: inject("neo4jDatabase") || undefined,
    ...(bulkHoldRecords !== undefined ? { bulkHoldRecords } : {}),
  });
}

const BANK_A = "a1".repeat(32);
const BANK_B = "b2".repeat(32);
const acc = (n: number) => `KZ${String(n).padStart(18, "0")}`;

/** Transfer `i` as bank `file` reports it (the receiving bank may not know the channel). */
function side(i: number, file: string): TransferRecord {
  return {
    kind: "transfer",
    txId: `TX-${i}`,
    from: acc(i % 40),
    to: acc((i * 7 + 1) % 40),
    ts: 1_700_000_000_000 + i * 60_000,
    amount: 1000 + i,
    currency: "KZT",
    amountKzt: 1000 + i,
    ...(file === BANK_A ? { channel: "mobile" } : { purpose: `invoice ${i}` }),
    sources: [{ file, line: i + 2 }],
  };
}

/** Bank A's register, then bank B's: B reports every other transfer of A's and some of its own. */
function twoRegisters(): CanonicalRecord[][] {
  const a = Array.from({ length: 120 }, (_, i) => side(i, BANK_A));
  const b = Array.from({ length: 90 }, (_, k) => side(k < 60 ? k * 2 : 200 + k, BANK_B));
  const batches = (rs: CanonicalRecord[]) =>
    Array.from({ length: rs.length / 30 }, (_, j) => rs.slice(j * 30, j * 30 + 30));
  return [...batches(a), ...batches(b)];
}

async function snapshot(store: Neo4jGraphStore) {
  const projection = await store.projection();
  const byKey = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return {
    stats: await store.stats(),
    accounts: [...projection.accounts].sort((x, y) => byKey(x.key, y.key)),
    transfers: [...projection.transfers].sort((x, y) => byKey(x.txId, y.txId)),
  };
}

if (skip) {
  describe.skip(`neo4j store: transfers held in a bulk load — ${skip}`, () => {
    it("stores what the batches written one by one store", () => undefined);
  });
} else {
  describe("neo4j store: transfers held back in a bulk load", () => {
    let reference: Neo4jGraphStore;
    let expected: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      reference = await openTestStore(0);
      await reference.clear();
      for (const b of twoRegisters()) await reference.writeBatch(b);
      expected = await snapshot(reference);
      await reference.clear();
    });
    afterAll(async () => {
      await reference?.close();
    });
    beforeEach(async () => {
      await reference.clear();
    });

    for (const hold of [1_000_000, 7, 0]) {
      it(`stores exactly what the batches written one by one store, with a hold of ${hold} records`, async () => {
        const store = await openTestStore(hold);
        try {
          await store.bulkLoad(async () => {
            for (const b of twoRegisters()) await store.writeBatch(b);
          });
          const got = await snapshot(store);
          expect(got).toEqual(expected);
          expect(got.stats.transfers).toBe(150);
          expect(got.stats.transferSources).toBe(210);
        } finally {
          await store.close();
        }
      });
    }

    it("lets a read inside the load see every transfer acknowledged so far, then goes on holding", async () => {
      const store = await openTestStore(1_000_000);
      try {
        const batches = twoRegisters();
        await store.bulkLoad(async () => {
          for (const b of batches.slice(0, 4)) await store.writeBatch(b);
          expect((await store.stats()).transfers).toBe(120);
          for (const b of batches.slice(4)) await store.writeBatch(b);
        });
        expect(await snapshot(store)).toEqual(expected);
      } finally {
        await store.close();
      }
    });
  });
}
