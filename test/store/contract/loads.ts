/**
 * The load records port (LoadRecordStore): bulk loads recorded as loads, listed, resumed and rolled back.
 * Part of the store contract (test/store/contract.ts), run against both stores.
 */
import { describe, expect, it } from "vitest";
import type { CanonicalRecord } from "../../../model/records.js";
import type { GraphReadPort, GraphWritePort } from "../../../server/store/ports/graph.js";
import type { LoadRecordStore } from "../../../server/store/ports/loads.js";
import type { LoadRecord } from "../../../server/store/types.js";
import { ACC, FILE, fixtureBatches } from "../store.fixtures.js";
import { a, openFresh, type Closable } from "./known-case.js";

/** The loads contract for one store: `open` gives it (fresh or shared), `reset` empties a shared one. */
export function loadsContract<
  S extends GraphWritePort &
    Pick<GraphReadPort, "stats" | "sourceFiles" | "transfers" | "transfersByIds" | "entity"> &
    LoadRecordStore &
    Closable,
>(name: string, open: () => Promise<S>, reset?: (s: S) => Promise<void>): void {
  describe(`${name} store: loads`, () => {
    const [register, statements, linkage, complaintsAndWatchlist] = fixtureBatches as [
      CanonicalRecord[],
      CanonicalRecord[],
      CanonicalRecord[],
      CanonicalRecord[],
    ];
    let n = 0;
    const start = (inputs = ["a.csv"]) => ({
      id: `load-contract-${++n}-${Date.now()}`,
      by: "contract",
      origin: "cli",
      inputs: inputs.map((name) => ({ name, bytes: 10 })),
    });
    const write = (store: S, batches: CanonicalRecord[][]) => async () => {
      for (const b of batches) await store.writeBatch(b);
    };
    const fail = (store: S, batches: CanonicalRecord[][]) => async () => {
      await write(store, batches)();
      throw new Error("contract: parse failed in the next file");
    };
    /** What a rollback must restore: the counts, the source files and a node's sources. */
    const state = async (store: S) => ({
      stats: await store.stats(),
      files: (await store.sourceFiles()).map((f) => f.sha256),
      d1: (await store.entity(a(ACC.D1)))?.sources ?? null,
      transfers: (await store.transfers({ accounts: [ACC.V, ACC.D1, ACC.D2, ACC.H], direction: "both" })).map(
        (t) => t.txId,
      ),
    });

    it("records a load as running before its first batch, and complete with its files and counts", async () => {
      const store = await openFresh(open, reset);
      try {
        const load = start(["register.csv", "statements.csv"]);
        let seen: LoadRecord | null = null;
        await store.bulkLoad(async () => {
          seen = await store.getLoad(load.id);
          await write(store, fixtureBatches)();
        }, load);
        expect(seen).toMatchObject({ id: load.id, status: "running", records: 0, files: [] });
        const done = await store.getLoad(load.id);
        const records = fixtureBatches.reduce((sum, b) => sum + b.length, 0);
        expect(done).toMatchObject({
          id: load.id,
          status: "complete",
          by: "contract",
          origin: "cli",
          inputs: load.inputs,
          records,
          batches: fixtureBatches.length,
        });
        expect(done!.finishedAt).toBeGreaterThanOrEqual(done!.startedAt);
        expect(done!.interrupted).toBeUndefined();
        expect(done!.files.map((f) => [f.sha256, f.fresh])).toEqual(
          Object.values(FILE)
            .sort()
            .map((sha) => [sha, true]),
        );
        expect(await store.listLoads({ incomplete: true })).toEqual([]);
        expect((await store.listLoads()).map((l) => l.id)).toEqual([load.id]);
      } finally {
        await store.close();
      }
    });

    it("lists a failed load as incomplete and rolls it back to the store as the earlier complete load left it", async () => {
      const store = await openFresh(open, reset);
      try {
        const first = start();
        await store.bulkLoad(write(store, [register]), first);
        const before = await state(store);
        const broken = start();
        // The register again (already known), then files only this load brings.
        await expect(store.bulkLoad(fail(store, [register, statements, linkage]), broken)).rejects.toThrow(
          "parse failed",
        );
        const failed = await store.getLoad(broken.id);
        expect(failed).toMatchObject({ status: "failed", error: "contract: parse failed in the next file" });
        expect(failed!.files.map((f) => [f.sha256, f.fresh])).toEqual(
          [FILE.SV, FILE.SD1, FILE.REG, FILE.LNK].map((sha) => [sha, sha !== FILE.REG]),
        );
        expect((await store.listLoads({ incomplete: true })).map((l) => l.id)).toEqual([broken.id]);
        expect((await store.stats()).transferSources).toBeGreaterThan(before.stats.transferSources);

        const rolled = await store.rollbackLoad(broken.id);
        expect(rolled.files).toEqual([FILE.SV, FILE.SD1, FILE.LNK]);
        expect(rolled.removed.records).toBeGreaterThan(0);
        expect(await state(store)).toEqual(before);
        expect((await store.getLoad(broken.id))?.status).toBe("rolled_back");
        expect(await store.listLoads({ incomplete: true })).toEqual([]);
        // The same files load again after the rollback, as if never seen.
        await store.bulkLoad(write(store, fixtureBatches), start());
        expect((await store.stats()).transfers).toBe(6);
      } finally {
        await store.close();
      }
    });

    it("refuses to roll back a complete load, a rolled-back one, or one it does not know", async () => {
      const store = await openFresh(open, reset);
      try {
        const done = start();
        await store.bulkLoad(write(store, [register]), done);
        await expect(store.rollbackLoad(done.id)).rejects.toMatchObject({ name: "LoadStateError" });
        const broken = start();
        await store.bulkLoad(fail(store, [statements]), broken).catch(() => null);
        await store.rollbackLoad(broken.id);
        await expect(store.rollbackLoad(broken.id)).rejects.toMatchObject({ name: "LoadStateError" });
        await expect(store.rollbackLoad("load-unknown")).rejects.toMatchObject({ name: "LoadNotFoundError" });
      } finally {
        await store.close();
      }
    });

    it("completes a failed load when a later load reads every file it wrote (a resume)", async () => {
      const store = await openFresh(open, reset);
      try {
        const broken = start();
        await store.bulkLoad(fail(store, [register, statements]), broken).catch(() => null);
        // A load of other files does not resume it.
        await store.bulkLoad(write(store, [complaintsAndWatchlist]), start());
        expect((await store.listLoads({ incomplete: true })).map((l) => l.id)).toEqual([broken.id]);
        const again = start();
        await store.bulkLoad(write(store, fixtureBatches), again);
        expect(await store.getLoad(broken.id)).toMatchObject({ status: "complete", resumedBy: again.id });
        expect(await store.listLoads({ incomplete: true })).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
