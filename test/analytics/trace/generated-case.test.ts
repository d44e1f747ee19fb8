/**
 * The tracer against the generator's truth: a small generated case (generator/index.ts) ingested into the embedded
 * store; for every complaint, the FIFO-traced amount at each exit and in each still-holding account matches
 * truth.json within 1% (of the complaint's stolen amount), and the picked stolen transfers are truth's seeds.
 * Truth follows money to the end of the data; the tracer stops at its window (30 days by default), so the match is
 * checked with a window that covers the data, and the default window is checked to report the rest as untraced.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCase } from "../../../generator/index.js";
import type { Truth } from "../../../generator/types.js";
import { ingestFiles } from "../../../ingest/index.js";
import type { TraceResult } from "../../../model/trace.js";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import type { GraphStore } from "../../../server/store/types.js";
import { compareWithTruth } from "./truth-compare.js";

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

describe("tracing a generated case on the embedded store", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-trace-case-"));
  let store: GraphStore;
  let truth: Truth;

  beforeAll(async () => {
    // Seed 7 at 800 accounts has drops that pass their cut on weeks after the incident (beyond 30 days).
    const summary = await generateCase({ out: path.join(root, "case"), seed: 7, accounts: 800 });
    truth = JSON.parse(readFileSync(summary.truthPath, "utf8")) as Truth;
    store = await openEmbeddedStore({ dataDir: path.join(root, "data") });
    await ingestFiles(filesUnder(summary.exportsDir), { onBatch: (records) => store.writeBatch(records) });
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A window from the earliest incident to the end of the data. */
  const wholeData = () =>
    truth.period.to - Math.min(...Object.values(truth.complaints).map((c) => c.incidentAt)) + 1;

  it("matches truth's exits and holdings within 1% for every complaint", async () => {
    const cases = Object.keys(truth.complaints);
    expect(cases.length).toBeGreaterThan(3);
    const mismatches: string[] = [];
    for (const caseNo of cases) {
      const r: TraceResult = await traceFunds(store, { complaints: [caseNo], windowMs: wholeData() });
      mismatches.push(...compareWithTruth(caseNo, r, truth.complaints[caseNo]!));
    }
    expect(mismatches).toEqual([]);
  });

  it("gives every complaint the same answer traced together as traced alone", async () => {
    const cases = Object.keys(truth.complaints);
    const all = await traceFunds(store, { complaints: cases, windowMs: wholeData() });
    expect(all.complaints).toEqual(cases);
    const mismatches = cases.flatMap((c) =>
      compareWithTruth(c, { ...all, byComplaint: { [c]: all.byComplaint![c]! } }, truth.complaints[c]!),
    );
    expect(mismatches).toEqual([]);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
    expect(sum(all.exitsKzt) + sum(all.holdingKzt) + all.untracedKzt).toBeCloseTo(all.tracedKzt, 2);
  });

  it("with the default window, reports what truth follows beyond it as window-end untraced", async () => {
    let beyond = 0;
    for (const [caseNo, t] of Object.entries(truth.complaints)) {
      const r = (await traceFunds(store, { complaints: [caseNo] })).byComplaint![caseNo]!;
      const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);
      // Nothing lands anywhere truth does not put it: inside the window both follow the same FIFO.
      for (const [k, v] of Object.entries({ ...r.exitsKzt, ...r.holdingKzt })) {
        expect(v, `${caseNo} ${k}`).toBeLessThanOrEqual((t.exitsKzt[k] ?? t.holdingKzt[k] ?? 0) + 0.01);
      }
      const missing = sum(t.exitsKzt) + sum(t.holdingKzt) - sum(r.exitsKzt) - sum(r.holdingKzt);
      expect(r.untracedKzt).toBeCloseTo(missing, 2);
      beyond += r.untracedKzt;
    }
    expect(beyond).toBeGreaterThan(0);
  });
});
