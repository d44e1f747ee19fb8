/**
 * The transfer records of a bulk load, held back so that every side of a transfer is written in one row.
 *
 * Two banks' registers report most transfers twice, and a load reads one bank's file after the other, so the second
 * side of a transfer arrives thousands of batches after the first. Written as they come, the first side is CREATEd
 * and the second looks the transfer up, reads its sources and rewrites them (cypher/upsert-transfers.cypher): four
 * records in ten cost a lookup and a property rewrite. Held until the hold is full or the load ends (or a read needs
 * them), both sides fold into one row (write-plan.ts) and every transfer is CREATEd once, with all its sources
 * (docs/SCALE.md, "Neo4j: both sides of a transfer in one write"). The result is the same as writing the records as
 * they came: the plan folds a transfer's records in the order they arrived, and transfers leave the hold in the order
 * each was first met.
 */
import type { CanonicalRecord, TransferRecord } from "../../../model/records.js";

export class TransferHold {
  private groups = new Map<string, TransferRecord[]>();
  private records = 0;

  /** @param limit records held at most (memory: about half a KiB each); 0 holds nothing. */
  constructor(private readonly limit: number) {}

  /** Hold the batch's transfers (unless the hold is off); returns the records it did not take, in their order. */
  take(batch: readonly CanonicalRecord[]): CanonicalRecord[] {
    if (this.limit === 0) return [...batch];
    const rest: CanonicalRecord[] = [];
    for (const r of batch) {
      if (r.kind !== "transfer") {
        rest.push(r);
        continue;
      }
      const group = this.groups.get(r.txId);
      if (group) group.push(r);
      else this.groups.set(r.txId, [r]);
      this.records++;
    }
    return rest;
  }

  /** Has the hold reached its limit (time to release it)? */
  get full(): boolean {
    return this.limit > 0 && this.records >= this.limit;
  }

  get size(): number {
    return this.records;
  }

  /** Everything held, one group per transfer (its records in arrival order), groups in first-arrival order. */
  release(): TransferRecord[][] {
    const groups = [...this.groups.values()];
    this.groups = new Map();
    this.records = 0;
    return groups;
  }
}
