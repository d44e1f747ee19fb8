import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  audit,
  auditHash,
  AuditWriteError,
  canonicalJson,
  GENESIS_HASH,
  verifyChain,
} from "../../server/audit/index.js";
import { AuditStoreFake, BatchingAuditStoreFake } from "./audit-store.fake.js";

async function filled(n: number): Promise<AuditStoreFake> {
  const fake = new AuditStoreFake();
  for (let i = 0; i < n; i++) {
    await audit(fake.asStore(), {
      actor: "aida",
      action: "entity.view",
      target: `account:KZ${i}`,
      params: { i },
    });
  }
  return fake;
}

describe("audit chain", () => {
  it("links each entry to the previous one by SHA-256 over its canonical JSON", async () => {
    const fake = await filled(3);
    const [first, second] = fake.entries;
    expect(first!.seq).toBe(1);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.prevHash).toBe(first!.hash);
    const { hash, ...rest } = second!;
    const expected = createHash("sha256").update(canonicalJson(rest)).digest("hex");
    expect(hash).toBe(expected);
    expect(auditHash(rest)).toBe(expected);
  });

  it("keeps a hundred concurrent appends in one unbroken chain", async () => {
    const fake = new AuditStoreFake();
    fake.delayMs = 1;
    const store = fake.asStore();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        audit(store, { actor: `u${i % 7}`, action: "search", params: { i } }),
      ),
    );
    expect(fake.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 100 });
  });

  it("writes appends that queue during a write together, in one batch when the store can", async () => {
    const fake = new BatchingAuditStoreFake();
    fake.delayMs = 5;
    const store = fake.asStore();
    const entries = await Promise.all(
      Array.from({ length: 100 }, (_, i) => audit(store, { actor: "a", action: "search", params: { i } })),
    );
    // Each caller gets its own entry back, in call order.
    expect(entries.map((e) => e.params.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(fake.writes).toBeLessThan(10);
    expect(fake.batchSizes.reduce((a, b) => a + b, 0) + (fake.writes - fake.batchSizes.length)).toBe(100);
    expect(await verifyChain(store)).toMatchObject({ ok: true, entries: 100 });
  });

  it("retries a refused batch after re-reading the tail, keeping the chain unbroken", async () => {
    const fake = new BatchingAuditStoreFake();
    await audit(fake.asStore(), { actor: "a", action: "first" });
    fake.failNext = 2;
    fake.delayMs = 2;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => audit(fake.asStore(), { actor: "a", action: "x", params: { i } })),
    );
    expect(fake.entries).toHaveLength(11);
    expect(await verifyChain(fake.asStore())).toMatchObject({ ok: true, entries: 11 });
  });

  it("gives up with AuditWriteError when the store keeps refusing", async () => {
    const fake = new BatchingAuditStoreFake();
    fake.failNext = 100;
    const failing = Promise.all([
      audit(fake.asStore(), { actor: "a", action: "one" }),
      audit(fake.asStore(), { actor: "a", action: "two" }),
    ]);
    await expect(failing).rejects.toBeInstanceOf(AuditWriteError);
  });

  it("recovers when another writer appended behind its back (a CLI next to the server)", async () => {
    const fake = await filled(2);
    const other = new AuditStoreFake();
    other.entries.push(...fake.entries);
    // The "other process" appends entry 3 directly into the same entries array.
    await audit(other.asStore(), { actor: "cli", action: "user.create", target: "bek" });
    fake.entries.push(other.entries[2]!);
    const entry = await audit(fake.asStore(), { actor: "aida", action: "search" });
    expect(entry.seq).toBe(4);
    expect(await verifyChain(fake.asStore())).toMatchObject({ ok: true, entries: 4 });
  });

  it("drops undefined params so that what is hashed is what is stored", async () => {
    const fake = new AuditStoreFake();
    await audit(fake.asStore(), {
      actor: "a",
      action: "trace",
      params: { method: undefined, when: new Date(0) },
    });
    expect(fake.entries[0]!.params).toEqual({ when: "1970-01-01T00:00:00.000Z" });
    expect((await verifyChain(fake.asStore())).ok).toBe(true);
  });

  it("names an edited entry as the first broken one", async () => {
    const fake = await filled(5);
    fake.entries[2]!.params = { i: 99 };
    expect(await verifyChain(fake.asStore())).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: expect.stringMatching(/edited/) },
    });
  });

  it("names a removed entry by its sequence number", async () => {
    const fake = await filled(5);
    fake.entries.splice(1, 1);
    expect(await verifyChain(fake.asStore())).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it("detects an entry whose hash was recomputed after an edit, at the next entry", async () => {
    const fake = await filled(5);
    const e = fake.entries[1]!;
    e.actor = "someone-else";
    const { hash: _old, ...rest } = e;
    e.hash = auditHash(rest);
    expect(await verifyChain(fake.asStore())).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it("verifies an empty trail as intact", async () => {
    expect(await verifyChain(new AuditStoreFake().asStore())).toEqual({
      ok: true,
      entries: 0,
      lastHash: GENESIS_HASH,
    });
  });
});
