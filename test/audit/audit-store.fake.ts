/**
 * A fake of the audit records port (AuditRecords: appendAudit, lastAudit, auditEntries), in memory, enforcing the
 * contract that `seq` must be the last seq + 1. For unit tests of the chain logic; the API tests use the real embedded store.
 */
import type { AuditEntry, AuditHeadLogLocation, AuditRecords } from "../../server/store/ports/records.js";

export class AuditStoreFake implements AuditRecords {
  auditHeadLog?: AuditHeadLogLocation;
  readonly entries: AuditEntry[] = [];
  /** Milliseconds each append takes, to let concurrent callers overlap. */
  delayMs = 0;

  async appendAudit(entry: AuditEntry): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const last = this.entries.at(-1);
    if (entry.seq !== (last?.seq ?? 0) + 1) throw new Error(`audit-store fake: seq ${entry.seq} is not next`);
    this.entries.push(structuredClone(entry));
    this.writes++;
  }

  async lastAudit(): Promise<AuditEntry | null> {
    return structuredClone(this.entries.at(-1) ?? null);
  }

  async auditEntries(opts: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    const after = opts.afterSeq ?? 0;
    return structuredClone(this.entries.filter((e) => e.seq > after).slice(0, opts.limit ?? Infinity));
  }

  /** Store calls that wrote entries (appendAudit or appendAuditBatch). */
  writes = 0;

  /** The fake as the port audit() takes. */
  asStore(): AuditRecords {
    return this;
  }
}

/** The same fake with the optional all-or-nothing appendAuditBatch. */
export class BatchingAuditStoreFake extends AuditStoreFake {
  batchSizes: number[] = [];
  /** Fail this many write calls with a seq conflict before accepting (as if another process appended). */
  failNext = 0;

  override async appendAudit(entry: AuditEntry): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("audit-store fake: seq taken");
    }
    return super.appendAudit(entry);
  }

  async appendAuditBatch(entries: AuditEntry[]): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("audit-store fake: seq taken");
    }
    const last = this.entries.at(-1);
    entries.forEach((e, i) => {
      if (e.seq !== (last?.seq ?? 0) + 1 + i) throw new Error(`audit-store fake: seq ${e.seq} is not next`);
    });
    this.entries.push(...structuredClone(entries));
    this.batchSizes.push(entries.length);
    this.writes++;
  }
}
