/**
 * Alerts raised by real analysis runs on the embedded store (the store contract's known case): the first run raises
 * alerts, a second run on unchanged data raises none, and one new transfer into the cluster raises one update that
 * names the transfer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAlerts } from "../../server/alerts/index.js";
import { runAnalysis } from "../../server/analytics/detect/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { AlertRecord, GraphStore } from "../../server/store/types.js";
import { seedKnownCase } from "../api/seed.fixtures.js";
import { ACC, FILE, src, T } from "../store/store.fixtures.js";

describe("alerts from analysis runs", () => {
  let dir: string;
  let store: GraphStore;
  let first: AlertRecord[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-alerts-"));
    store = await openEmbeddedStore({ dataDir: dir });
    await seedKnownCase(store);
    first = await recordAlerts(store, await runAnalysis(store));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("raises a new alert for each cluster of the first run, with its members, banks and transfers", async () => {
    const analysis = (await store.latestAnalysis())!;
    const clusterAlerts = first.filter((a) => a.kind === "cluster");
    expect(analysis.clusters.length).toBeGreaterThan(0);
    expect(clusterAlerts).toHaveLength(analysis.clusters.length);
    for (const a of clusterAlerts) {
      const cluster = analysis.clusters.find((c) => c.id === a.clusterId)!;
      expect(a.members).toEqual([...cluster.members].sort());
      expect(a.change.kind).toBe("new");
      expect(a.lineage).toBe(a.id);
      expect(a.transfers.length).toBeGreaterThan(0);
      expect(a.banks.length).toBeGreaterThan(0);
    }
    const byId = (x: AlertRecord, y: AlertRecord) => (x.id < y.id ? -1 : 1);
    expect((await store.listAlerts()).sort(byId)).toEqual([...first].sort(byId));
  });

  it("raises no alert when the data did not change", async () => {
    expect(await recordAlerts(store, await runAnalysis(store))).toEqual([]);
    expect(await store.listAlerts()).toHaveLength(first.length);
  });

  it("raises one update naming the new transfer when one transfer comes into the cluster", async () => {
    const cluster = first.find((a) => a.kind === "cluster" && a.members.includes(ACC.D1))!;
    expect(cluster, "the known case's drop 1 is in an alerted cluster").toBeDefined();
    await store.writeBatch([
      {
        kind: "transfer",
        txId: "REG-NEW-1",
        from: ACC.V,
        to: ACC.D1,
        ts: T.t3 + 60_000,
        amount: 90_000,
        currency: "KZT",
        amountKzt: 90_000,
        rateSource: "kzt",
        sources: [src(FILE.REG, 99)],
      },
    ]);
    const update = await recordAlerts(store, await runAnalysis(store));
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({
      kind: "cluster",
      lineage: cluster.lineage,
      change: { kind: "changed", previousId: cluster.id, addedTransfers: ["REG-NEW-1"] },
    });
    expect(await recordAlerts(store, await runAnalysis(store))).toEqual([]);
  });
});
