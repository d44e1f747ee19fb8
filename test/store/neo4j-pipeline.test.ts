import { describe, expect, it } from "vitest";
import type { CanonicalRecord } from "../../model/records.js";
import { orderKeys, WritePipeline } from "../../server/store/neo4j/pipeline.js";

/** A write that finishes (or fails) when the test says so, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    write: () => {
      log.push(`start ${name}`);
      return done;
    },
    finish,
    fail,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("neo4j write pipeline", () => {
  it("keeps at most `window` batches in flight and starts the next when one commits", async () => {
    const log: string[] = [];
    const p = new WritePipeline(2);
    const [a, b, c] = ["a", "b", "c"].map((n) => gate(log, n));
    await p.submit(new Set(["tx:1"]), a!.write);
    await p.submit(new Set(["tx:2"]), b!.write);
    const third = p.submit(new Set(["tx:3"]), c!.write);
    await tick();
    expect(log).toEqual(["start a", "start b"]);
    b!.finish();
    await third;
    expect(log).toEqual(["start a", "start b", "start c"]);
    a!.finish();
    c!.finish();
    await p.drain();
  });

  it("holds back a batch that shares a key with one in flight, even with room", async () => {
    const log: string[] = [];
    const p = new WritePipeline(4);
    const [a, b] = ["a", "b"].map((n) => gate(log, n));
    await p.submit(new Set(["tx:1", "account:K1"]), a!.write);
    const second = p.submit(new Set(["account:K1"]), b!.write);
    await tick();
    expect(log).toEqual(["start a"]);
    a!.finish();
    await second;
    expect(log).toEqual(["start a", "start b"]);
    b!.finish();
    await p.drain();
  });

  it("reports a failed batch from the next submit and from drain, and starts nothing after it", async () => {
    const log: string[] = [];
    const p = new WritePipeline(2);
    const [a, b] = ["a", "b"].map((n) => gate(log, n));
    await p.submit(new Set(["tx:1"]), a!.write);
    a!.fail(new Error("server went away"));
    await tick();
    await expect(p.submit(new Set(["tx:2"]), b!.write)).rejects.toThrow("server went away");
    await expect(p.drain()).rejects.toThrow("server went away");
    await p.idle();
    expect(log).toEqual(["start a"]);
  });

  it("lets a reader wait for the batches in flight when it asks, not for those submitted after", async () => {
    const log: string[] = [];
    const p = new WritePipeline(2);
    const [a, b] = ["a", "b"].map((n) => gate(log, n));
    await p.submit(new Set(["tx:1"]), a!.write);
    const reader = p.idle().then(() => log.push("read"));
    await p.submit(new Set(["tx:2"]), b!.write);
    a!.finish();
    await reader;
    expect(log).toEqual(["start a", "start b", "read"]);
    b!.finish();
    await p.drain();
  });

  it("ends one load without waiting for the batches another load submits after it", async () => {
    const log: string[] = [];
    const p = new WritePipeline(2);
    const [a, b] = ["a", "b"].map((n) => gate(log, n));
    await p.submit(new Set(["tx:1"]), a!.write);
    const firstLoadEnds = p.drain().then(() => log.push("first load ended"));
    await p.submit(new Set(["tx:2"]), b!.write);
    a!.finish();
    await firstLoadEnds;
    expect(log).toEqual(["start a", "start b", "first load ended"]);
    b!.finish();
    await p.drain();
  });

  it("orders by txId, by nodes with fields, and by relationships whose sources are unioned; not by bare nodes", () => {
    const src = [{ file: "f".repeat(64), line: 2 }];
    const records: CanonicalRecord[] = [
      {
        kind: "transfer",
        txId: "T1",
        from: "KZ1",
        to: "KZ2",
        ts: 1,
        amount: 1,
        currency: "KZT",
        amountKzt: 1,
        sources: src,
      },
      { kind: "account", key: "KZ3", sources: src },
      { kind: "ownership", ownerType: "person", ownerId: "900101300123", account: "KZ3", sources: src },
    ];
    expect([...orderKeys(records)].sort()).toEqual(["account:KZ3", "owns:person:900101300123->KZ3", "tx:T1"]);
  });
});
