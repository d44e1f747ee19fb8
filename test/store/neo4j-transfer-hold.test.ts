import { describe, expect, it } from "vitest";
import type { CanonicalRecord, TransferRecord } from "../../model/records.js";
import { readEnv, storeConfig } from "../../server/config.js";
import { resolveNeo4jStoreConfig } from "../../server/store/neo4j/config.js";
import { TransferHold } from "../../server/store/neo4j/transfer-hold.js";

const side = (txId: string, file: string): TransferRecord => ({
  kind: "transfer",
  txId,
  from: "KZ01",
  to: "KZ02",
  ts: 1_700_000_000_000,
  amount: 100,
  currency: "KZT",
  amountKzt: 100,
  sources: [{ file, line: 2 }],
});
const account: CanonicalRecord = { kind: "account", key: "KZ01", sources: [{ file: "f", line: 3 }] };

describe("neo4j transfer hold", () => {
  it("keeps a bulk load's transfers and hands back every other record in its order", () => {
    const hold = new TransferHold(10);
    const a = side("T1", "bank-a");
    expect(hold.take([a, account])).toEqual([account]);
    expect(hold.size).toBe(1);
  });

  it("releases each transfer's sides together, in the order transfers were first met, and empties itself", () => {
    const hold = new TransferHold(10);
    hold.take([side("T1", "a"), side("T2", "a")]);
    hold.take([side("T3", "b"), side("T1", "b")]);
    const groups = hold.release();
    expect(groups.map((g) => g.map((r) => `${r.txId}@${r.sources[0]!.file}`))).toEqual([
      ["T1@a", "T1@b"],
      ["T2@a"],
      ["T3@b"],
    ]);
    expect(hold.size).toBe(0);
    expect(hold.release()).toEqual([]);
  });

  it("says it is full at its limit of records, counting every side", () => {
    const hold = new TransferHold(3);
    hold.take([side("T1", "a"), side("T1", "b")]);
    expect(hold.full).toBe(false);
    hold.take([side("T2", "a")]);
    expect(hold.full).toBe(true);
  });

  it("holds nothing when its limit is 0", () => {
    const hold = new TransferHold(0);
    const batch = [side("T1", "a"), account];
    expect(hold.take(batch)).toEqual(batch);
    expect(hold.size).toBe(0);
    expect(hold.full).toBe(false);
  });

  it("takes its limit from NEO4J_BULK_HOLD_RECORDS, 1 000 000 by default, and refuses a value that is not a count", () => {
    const env = { NEO4J_URI: "bolt://127.0.0.1:7687", NEO4J_PASSWORD: "x" };
    const resolved = (extra: Record<string, string>) =>
      resolveNeo4jStoreConfig(storeConfig(readEnv({ ...env, ...extra }), "/tmp/unused").neo4j!)
        .bulkHoldRecords;
    expect(resolved({})).toBe(1_000_000);
    expect(resolved({ NEO4J_BULK_HOLD_RECORDS: "0" })).toBe(0);
    expect(resolved({ NEO4J_BULK_HOLD_RECORDS: "500" })).toBe(500);
    expect(() => readEnv({ ...env, NEO4J_BULK_HOLD_RECORDS: "lots" })).toThrow(/NEO4J_BULK_HOLD_RECORDS/);
    expect(() => readEnv({ ...env, NEO4J_BULK_HOLD_RECORDS: "-1" })).toThrow(/NEO4J_BULK_HOLD_RECORDS/);
  });
});
