/**
 * The analysis port (AnalysisPort): an analysis written back replaces the last one and shows on the graph's accounts.
 * Part of the store contract (test/store/contract.ts), run against both stores.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AML_REGISTER_FILE, generateCase } from "../../../generator/index.js";
import { ingestFiles, readMappingFile } from "../../../ingest/index.js";
import type { AnalysisResult } from "../../../model/analysis.js";
import { runAnalysis } from "../../../server/analytics/detect/index.js";
import type { AnalysisPort } from "../../../server/store/ports/analysis.js";
import type { GraphDataPort } from "../../../server/store/ports/graph.js";
import { ACC, ID } from "../store.fixtures.js";
import { a, NODES, openFresh, writeFixture, type Closable } from "./known-case.js";

/** The analysis contract for one store: `open` gives it (fresh or shared), `reset` empties a shared one. */
export function analysisContract<S extends GraphDataPort & AnalysisPort & Closable>(
  name: string,
  open: () => Promise<S>,
  reset?: (s: S) => Promise<void>,
): void {
  describe(`${name} store: analysis write-back`, () => {
    let store: S;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      await writeFixture(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    const first: AnalysisResult = {
      run: {
        runId: "run-1",
        startedAt: Date.UTC(2024, 3, 1),
        finishedAt: Date.UTC(2024, 3, 1, 0, 0, 2),
        params: {
          seed: 7,
          resolution: 1,
          thresholds: { passThrough: 0.8, dwellHours: 24 },
          exits: ["exchange"],
        },
      },
      accounts: [
        {
          id: ACC.H,
          community: "c1",
          role: "hub",
          score: 0.87,
          reasons: ["inflow from 2 pass-through accounts"],
          typologies: ["gather_scatter", "fan_in"],
        },
        {
          id: ACC.D1,
          community: "c1",
          role: "drop",
          score: 0.71,
          reasons: ["passed on 90% within 30 minutes"],
          typologies: ["forwarding"],
        },
        { id: ACC.V, community: null, role: "victim", score: 0.1, reasons: ["complaint 241750031000123"] },
      ],
      clusters: [
        { id: "c2", rank: 2, score: 0.2, members: [ACC.S], reasons: [] },
        {
          id: "c1",
          rank: 1,
          score: 0.9,
          members: [ACC.D1, ACC.D2, ACC.H],
          reasons: ["pass-through chain"],
          typologies: ["forwarding", "gather_scatter", "fan_in"],
        },
      ],
    };

    it("reads back the run it wrote, accounts by id and clusters by rank", async () => {
      await store.writeAnalysis(first);
      expect(await store.latestAnalysis()).toEqual({
        run: first.run,
        accounts: [first.accounts[2], first.accounts[0], first.accounts[1]],
        clusters: [first.clusters[1], first.clusters[0]],
      });
    });

    it("puts community, role, score, reasons and typologies on the account nodes", async () => {
      expect((await store.entity(a(ACC.H)))!.node).toEqual({
        id: a(ACC.H),
        type: "account",
        key: ACC.H,
        label: "ИП Нурланов Ерлан",
        props: {
          iban: ACC.H,
          bank: "CASPKZKA",
          currency: "KZT",
          accountKind: "business",
          holderId: ID.H,
          holderName: "ИП Нурланов Ерлан",
        },
        community: "c1",
        role: "hub",
        score: 0.87,
        reasons: ["inflow from 2 pass-through accounts"],
        typologies: ["gather_scatter", "fan_in"],
      });
      const v = (await store.entity(a(ACC.V)))!.node;
      expect(v).toEqual({
        ...NODES[a(ACC.V)]!.node,
        role: "victim",
        score: 0.1,
        reasons: ["complaint 241750031000123"],
      });
      const g = await store.neighbourhood([a(ACC.D1), a(ACC.D2)], { depth: 0 });
      expect(g.nodes.map((n) => [n.id, n.role, n.community, n.typologies])).toEqual([
        [a(ACC.D1), "drop", "c1", ["forwarding"]],
        [a(ACC.D2), undefined, undefined, undefined],
      ]);
    });

    it("reads an empty typology list back as none", async () => {
      const empty: AnalysisResult = {
        run: { ...first.run, runId: "run-empty" },
        accounts: [{ ...first.accounts[0]!, typologies: [] }],
        clusters: [{ ...first.clusters[1]!, typologies: [] }],
      };
      await store.writeAnalysis(empty);
      const { typologies: _a, ...account } = first.accounts[0]!;
      const { typologies: _c, ...cluster } = first.clusters[1]!;
      expect(await store.latestAnalysis()).toEqual({
        run: empty.run,
        accounts: [account],
        clusters: [cluster],
      });
      expect((await store.entity(a(ACC.H)))!.node.typologies).toBeUndefined();
      await store.writeAnalysis(first);
    });

    it("replaces the previous run entirely", async () => {
      const second: AnalysisResult = {
        run: {
          runId: "run-2",
          startedAt: Date.UTC(2024, 3, 2),
          finishedAt: Date.UTC(2024, 3, 2, 0, 1),
          params: {},
        },
        accounts: [{ id: ACC.D2, community: "c9", role: "drop", score: 0.5, reasons: [] }],
        clusters: [],
      };
      await store.writeAnalysis(second);
      expect(await store.latestAnalysis()).toEqual(second);
      expect((await store.entity(a(ACC.H)))!.node).toEqual({
        id: a(ACC.H),
        type: "account",
        key: ACC.H,
        label: "ИП Нурланов Ерлан",
        props: {
          iban: ACC.H,
          bank: "CASPKZKA",
          currency: "KZT",
          accountKind: "business",
          holderId: ID.H,
          holderName: "ИП Нурланов Ерлан",
        },
      });
      const d2 = (await store.entity(a(ACC.D2)))!.node;
      expect([d2.community, d2.role, d2.score, d2.reasons]).toEqual(["c9", "drop", 0.5, []]);
    });
  });

  describe(`${name} store: an analysis of a second-world case`, () => {
    // A small `generate --world aml` case (one bank's USD register) ingested with its own mapping.json: detection
    // labels its laundering accounts and clusters with typologies, which the store must keep.
    let store: S;
    let dir: string;
    let result: AnalysisResult;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-contract-aml-"));
      await generateCase({ out: dir, seed: 11, accounts: 400, world: "aml" });
      await ingestFiles([path.join(dir, "exports", AML_REGISTER_FILE)], {
        mapping: await readMappingFile(path.join(dir, "mapping.json")),
        onBatch: (records) => store.writeBatch(records),
      });
      result = await runAnalysis(store, { seed: 1 });
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("reads back the same typologies for every account and cluster", async () => {
      expect(result.accounts.filter((x) => x.typologies).length).toBeGreaterThan(0);
      expect(result.clusters.filter((x) => x.typologies).length).toBeGreaterThan(0);
      const latest = await store.latestAnalysis();
      expect(latest?.accounts).toEqual(result.accounts);
      expect(latest?.clusters).toEqual(result.clusters);
    });

    it("shows an account's typologies on its node", async () => {
      const labelled = result.accounts.find((x) => x.typologies)!;
      expect((await store.entity(a(labelled.id)))!.node.typologies).toEqual(labelled.typologies);
    });
  });
}
