import type { CanonicalRecord } from "../../model/records.js";

/** `count` batches of 200 transfers among 50 accounts, each transfer from two sources (as both banks report it). */
export function bulkTransfers(count: number): CanonicalRecord[][] {
  const acc = (i: number) => `KZ${String(i % 50).padStart(18, "0")}`;
  const batches: CanonicalRecord[][] = [];
  for (let b = 0; b < count; b++) {
    const batch: CanonicalRecord[] = [];
    for (let i = 0; i < 200; i++) {
      const n = b * 200 + i;
      batch.push({
        kind: "transfer",
        txId: `BULK-${n}`,
        from: acc(n),
        to: acc(n * 7 + 1),
        ts: 1_700_000_000_000 + n * 60_000,
        amount: 1000 + n,
        currency: "KZT",
        amountKzt: 1000 + n,
        sources: [
          { file: "a".repeat(64), line: n + 2 },
          { file: "b".repeat(64), line: n + 2 },
        ],
      });
    }
    batches.push(batch);
  }
  return batches;
}
