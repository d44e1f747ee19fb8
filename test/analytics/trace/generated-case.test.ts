/**
 * The tracer against the generator's truth on the embedded store: for every complaint of a small generated case,
 * the FIFO-traced amount at each exit and in each still-holding account matches truth.json within 1% (of the
 * complaint's stolen amount), and the picked stolen transfers are truth's seeds. Truth follows money to the end of
 * the data and so does the default trace; a 30-day window is checked to report what truth follows beyond it as
 * untraced.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MONTH_WINDOW_MS, traceFunds } from "../../../server/analytics/trace/index.js";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import type { GraphStore } from "../../../server/store/types.js";
import { ingestInto, makeSmallCase, type SmallCase } from "./generated-case.fixtures.js";
import { compareWithTruth, TRUTH_RULES } from "./truth-compare.js";

const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + v, 0);

describe("tracing a generated case on the embedded store", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-trace-case-"));
  let store: GraphStore;
  let c: SmallCase;

  beforeAll(async () => {
    c = await makeSmallCase(path.join(root, "case"));
    store = await openEmbeddedStore({ dataDir: path.join(root, "data") });
    await ingestInto(store, c);
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("matches truth's exits and holdings within 1% for every complaint with the default options", async () => {
    const cases = Object.keys(c.truth.complaints);
    expect(cases.length).toBeGreaterThan(3);
    const mismatches: string[] = [];
    for (const caseNo of cases) {
      const r = await traceFunds(store, { complaints: [caseNo] });
      expect(r.params.window).toBe("end_of_data");
      mismatches.push(...compareWithTruth(caseNo, r, c.truth.complaints[caseNo]!));
    }
    expect(mismatches).toEqual([]);
  });

  it("matches truth with truth's own rules and a window covering the data", async () => {
    const mismatches: string[] = [];
    for (const caseNo of Object.keys(c.truth.complaints)) {
      const r = await traceFunds(store, { ...TRUTH_RULES, complaints: [caseNo], windowMs: c.wholeDataMs });
      mismatches.push(...compareWithTruth(caseNo, r, c.truth.complaints[caseNo]!));
    }
    expect(mismatches).toEqual([]);
  });

  it("gives every complaint the same answer traced together as traced alone", async () => {
    const cases = Object.keys(c.truth.complaints);
    const all = await traceFunds(store, { ...TRUTH_RULES, complaints: cases, windowMs: c.wholeDataMs });
    expect(all.complaints).toEqual(cases);
    const mismatches = cases.flatMap((k) =>
      compareWithTruth(k, { ...all, byComplaint: { [k]: all.byComplaint![k]! } }, c.truth.complaints[k]!),
    );
    expect(mismatches).toEqual([]);
    expect(sum(all.exitsKzt) + sum(all.holdingKzt) + all.untracedKzt).toBeCloseTo(all.tracedKzt, 2);
  });

  it("with a 30-day window, reports what truth follows beyond it as window-end untraced", async () => {
    let beyond = 0;
    for (const [caseNo, t] of Object.entries(c.truth.complaints)) {
      const r = (await traceFunds(store, { complaints: [caseNo], windowMs: MONTH_WINDOW_MS })).byComplaint![
        caseNo
      ]!;
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
