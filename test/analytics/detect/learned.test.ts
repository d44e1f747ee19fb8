/**
 * The learned scorer (docs/DETECTION.md § "The learned scorer"): the TypeScript walker over LightGBM's dumped trees
 * against the Python booster's own raw scores on the golden sample tools/scorer/train.py writes, LightGBM's rules for
 * missing values on a hand-made tree, Saabas contributions adding up to the score, and features read from a hand-built
 * projection.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detect } from "../../../server/analytics/detect/index.js";
import { FEATURE_INDEX, FEATURE_NAMES } from "../../../server/analytics/detect/learned/features.js";
import { learnedReasons } from "../../../server/analytics/detect/learned/index.js";
import { learnedModel, type TreeModel } from "../../../server/analytics/detect/learned/model.js";
import { localizeReason, recognised } from "../../../client/src/i18n/reasons.js";
import { DAY, HOUR, ProjectionBuilder } from "./projection.fixtures.js";
import { oneTreeModel } from "./tree-model.fixtures.js";

/** Validation rows and the Python booster's raw scores for them (tools/scorer/train.py writes them with the model). */
const readGolden = () =>
  JSON.parse(readFileSync(new URL("./learned-golden.json", import.meta.url), "utf8")) as {
    rows: (number | null)[][];
    raw: number[];
  };

function tinyModel(missing: string, defaultLeft: boolean): TreeModel {
  return oneTreeModel(["x", "y"], {
    split_feature: 0,
    threshold: 1.5,
    decision_type: "<=",
    default_left: defaultLeft,
    missing_type: missing,
    internal_value: 0.2,
    left_child: { leaf_value: -1 },
    right_child: {
      split_feature: 1,
      threshold: 0,
      decision_type: "<=",
      default_left: true,
      missing_type: "None",
      internal_value: 0.6,
      left_child: { leaf_value: 0.5 },
      right_child: { leaf_value: 2 },
    },
  });
}

describe("the learned scorer", () => {
  it("reproduces the Python booster's raw scores on the golden sample to 1e-9", () => {
    const model = learnedModel();
    const golden = readGolden();
    expect(golden.rows.length).toBeGreaterThan(100);
    let worst = 0;
    golden.rows.forEach((row, i) => {
      const x = row.map((v) => (v === null ? NaN : v));
      worst = Math.max(worst, Math.abs(model.raw(x) - golden.raw[i]));
    });
    expect(worst).toBeLessThan(1e-9);
  });

  it("computes the features the committed model was trained on, in its order", () => {
    expect(learnedModel().featureNames).toEqual([...FEATURE_NAMES]);
  });

  it("sends a missing value where LightGBM does: the default side for NaN splits, as zero otherwise", () => {
    expect(tinyModel("NaN", false).raw([NaN, 1])).toBe(2);
    expect(tinyModel("NaN", true).raw([NaN, 1])).toBe(-1);
    // missing_type None: NaN is 0, which goes left of 1.5.
    expect(tinyModel("None", false).raw([NaN, 1])).toBe(-1);
    // missing_type Zero: 0 goes the default way.
    expect(tinyModel("Zero", false).raw([0, -1])).toBe(0.5);
    expect(tinyModel("Zero", false).raw([3, -1])).toBe(0.5);
    expect(tinyModel("Zero", false).raw([1, -1])).toBe(-1);
  });

  it("puts each split's change of value down to its feature, the contributions adding up to the raw score", () => {
    const m = tinyModel("NaN", true);
    const c = m.contributions([3, 1]);
    expect(c.bias).toBeCloseTo(0.2, 12);
    expect(c.byFeature[0]).toBeCloseTo(0.4, 12);
    expect(c.byFeature[1]).toBeCloseTo(1.4, 12);
    const model = learnedModel();
    for (const row of readGolden().rows.slice(0, 20)) {
      const x = row.map((v) => (v === null ? NaN : v));
      const { bias, byFeature } = model.contributions(x);
      expect(bias + byFeature.reduce((s, v) => s + v, 0)).toBeCloseTo(model.raw(x), 9);
    }
  });

  it("reads a forwarder's burst and pass-through from its transfers", () => {
    const b = new ProjectionBuilder();
    // A quiet account with a long ordinary history, then a burst: three payers, all of it passed on within hours.
    for (let d = 0; d < 60; d += 10) b.pay("shop", "mule", 50, d * 24 * 60);
    for (const [i, payer] of ["p1", "p2", "p3"].entries())
      b.pay(payer, "mule", 5000, (61 * DAY + i * HOUR) / 60_000);
    b.pay("mule", "out1", 7000, (61 * DAY + 4 * HOUR) / 60_000);
    b.pay("mule", "out2", 7500, (61 * DAY + 5 * HOUR) / 60_000);
    let row: Float64Array | null = null;
    detect(
      b.build(),
      {},
      {
        onLearnedFeatures: (table, ix) => {
          const r = [...table.accounts].indexOf(ix.indexOf.get("mule")!);
          row = table.values.slice(r * table.width, (r + 1) * table.width);
        },
      },
    );
    const v = (name: string) => row![FEATURE_INDEX.get(name)!];
    expect(v("n_in")).toBe(9);
    expect(v("n_out")).toBe(2);
    expect(v("senders")).toBe(4);
    expect(v("long_n")).toBe(5);
    expect(v("fast6h_out_share")).toBe(1);
    expect(v("win_fresh_share")).toBe(1);
    expect(v("win_vs_rest")).toBeGreaterThan(50);
  });

  it("says every flag's reasons in templates the client translates, without English words left", () => {
    const model = learnedModel();
    const golden = readGolden();
    const width = FEATURE_NAMES.length;
    const values = Float64Array.from(golden.rows.flat(), (v) => (v === null ? NaN : v));
    const n = golden.rows.length;
    const table = {
      accounts: Int32Array.from({ length: n }, (_, i) => i),
      values,
      width,
      windowMs: new Float64Array(n).fill(3 * HOUR),
      activeMs: new Float64Array(n).fill(40 * DAY),
    };
    const said = new Set<string>();
    for (let r = 0; r < n; r++) {
      const p = model.probability(values.subarray(r * width, (r + 1) * width));
      for (const s of learnedReasons(model, table, r, p)) said.add(s.replace(/\d+/g, "0"));
      if (p >= model.threshold) expect(learnedReasons(model, table, r, p).length).toBeGreaterThan(1);
    }
    expect(said.size).toBeGreaterThan(5);
    for (const r of golden.rows.keys()) {
      const p = model.probability(values.subarray(r * width, (r + 1) * width));
      for (const s of learnedReasons(model, table, r, p)) {
        expect(recognised(s), s).toBe(true);
        for (const lang of ["ru", "kk"] as const) {
          const shown = localizeReason(s, lang);
          expect(shown.lang).toBe(lang);
          const words = shown.text
            .replace(/[^\s,()]*\d[^\s,()]*|[A-Z][A-Za-z0-9_:./-]*/g, " ")
            .match(/\b[a-z]{3,}\b/g);
          expect(words ?? [], `${lang}: ${shown.text}`).toEqual([]);
        }
      }
    }
  });
});
