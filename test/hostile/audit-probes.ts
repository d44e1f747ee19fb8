/**
 * The hostile probes of the audit trail as a suite that runs on either store (audit-trail.test.ts on the embedded
 * one, audit-trail.neo4j.test.ts on Neo4j): an insider with write access to the database, but not to the head log
 * kept outside it, deletes the newest entry, deletes every entry, or edits one and re-hashes the chain after it.
 * verifyTrail must name each. The store-specific part is how the insider edits the database (a Tamper).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { audit, auditHash, verifyTrail } from "../../server/audit/index.js";
import type { AuditEntry, GraphStore } from "../../server/store/types.js";

/** Direct writes to a store's audit entries, behind the product's back. */
export interface Tamper {
  /** Delete the entries with these seqs (all when absent). */
  remove(seqs?: number[]): Promise<void>;
  /** Overwrite stored entries (matched by seq) with these values. */
  overwrite(entries: AuditEntry[]): Promise<void>;
}

export interface AuditProbeTarget {
  store: GraphStore;
  tamper: Tamper;
  close(): Promise<void>;
}

const ENTRIES = 9;

export function auditProbes(storeName: string, open: () => Promise<AuditProbeTarget>): void {
  describe(`a hostile edit of the audit trail on the ${storeName} store`, () => {
    let target: AuditProbeTarget;
    let dir: string;
    let n = 0;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-audit-probes-"));
      target = await open();
    });
    afterAll(async () => {
      await target?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    // Each probe starts from a fresh trail of ENTRIES entries, one signed head per entry, in its own head log.
    beforeEach(async () => {
      await target.tamper.remove();
      const folder = path.join(dir, `probe-${++n}`);
      target.store.auditHeadLog = {
        headLog: path.join(folder, "audit-heads.log"),
        keyFile: path.join(folder, "audit-signing.key"),
      };
      for (let i = 1; i <= ENTRIES; i++) {
        await audit(target.store, {
          actor: "aida",
          action: "entity.view",
          target: `account:KZ${i}`,
          params: { i },
        });
      }
      expect(await verifyTrail(target.store)).toMatchObject({ ok: true, problems: [] });
    });

    it("names a missing tail when the newest entry is deleted", async () => {
      await target.tamper.remove([ENTRIES]);
      const r = await verifyTrail(target.store);
      expect(r.firstBroken).toBeUndefined();
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([
        expect.objectContaining({
          kind: "missing-tail",
          seq: ENTRIES,
          message: expect.stringContaining(`covers ${ENTRIES} entries, the store has ${ENTRIES - 1}`),
        }),
      ]);
    });

    it("names a missing tail when every entry is deleted", async () => {
      await target.tamper.remove();
      const r = await verifyTrail(target.store);
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([
        expect.objectContaining({
          kind: "missing-tail",
          message: expect.stringContaining("every entry was removed"),
        }),
      ]);
    });

    it("names the rewritten entry when one is edited and the chain after it re-hashed", async () => {
      const entries = await target.store.auditEntries({ afterSeq: 0, limit: 100 });
      let prevHash = entries[2]!.hash;
      const rewritten: AuditEntry[] = [];
      for (const e of entries.slice(3)) {
        const copy = { ...e, prevHash };
        if (copy.seq === 4) copy.target = "account:KZ000";
        const { hash: _old, ...rest } = copy;
        copy.hash = auditHash(rest);
        prevHash = copy.hash;
        rewritten.push(copy);
      }
      await target.tamper.overwrite(rewritten);
      const r = await verifyTrail(target.store);
      expect(r.firstBroken).toBeUndefined();
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([
        expect.objectContaining({
          kind: "rewritten",
          seq: 4,
          message: expect.stringContaining("entry 4 was rewritten"),
        }),
      ]);
    });
  });
}
