/**
 * Stragglers (server/analytics/detect/stragglers/; docs/DETECTION.md § "Stragglers"): the small episodes built around
 * the rules' flags on hand-built projections, the committed model walked against the Python booster's own raw scores
 * (tools/stragglers/train.py's golden sample), and the decisions and reasons with a hand-made model.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { localizeReason, recognised } from "../../../client/src/i18n/reasons.js";
import { indexProjection } from "../../../server/analytics/detect/indexed.js";
import { TreeModel } from "../../../server/analytics/detect/learned/model.js";
import {
  EPISODE_FEATURES,
  smallEpisodes,
  type Episode,
  type EpisodeTable,
} from "../../../server/analytics/detect/stragglers/episodes.js";
import {
  applyStragglers,
  reachedOrPassedOn,
  stragglersModel,
} from "../../../server/analytics/detect/stragglers/index.js";
import type { AccountRole } from "../../../model/graph.js";
import { DEFAULT_DETECT_PARAMS, detect } from "../../../server/analytics/detect/index.js";
import { aggregatePairs } from "../../../server/analytics/detect/pairs.js";
import { passThrough } from "../../../server/analytics/detect/pass-through.js";
import { reverseCounts } from "../../../server/analytics/detect/typologies/flows.js";
import { dataStats } from "../../../server/analytics/detect/typologies/stats.js";
import { DAY, hubRingCase, ProjectionBuilder } from "./projection.fixtures.js";
import { oneTreeModel } from "./tree-model.fixtures.js";

const col = (name: string) => EPISODE_FEATURES.indexOf(name);

function episodesOf(b: ProjectionBuilder, flagged: string[], excluded: string[] = []) {
  const ix = indexProjection(b.build());
  const f = new Set(flagged.map((k) => ix.indexOf.get(k)!));
  const x = new Set(excluded.map((k) => ix.indexOf.get(k)!));
  const pairs = aggregatePairs(
    ix,
    passThrough(ix, {
      matching: DEFAULT_DETECT_PARAMS.matching,
      windowMs: DEFAULT_DETECT_PARAMS.passThroughWindowMs,
      passedInflowMinShare: DEFAULT_DETECT_PARAMS.passedInflowMinShare,
    }),
  );
  const table = smallEpisodes({
    ix,
    pairs,
    back: reverseCounts(ix, pairs),
    shareBelow: dataStats(ix).shareBelow,
    flagged: (a) => f.has(a),
    excluded: (a) => x.has(a),
    schemePairMaxTransfers: 2,
  });
  const keys = table.episodes.map((e) => `${e.kind} ${e.accounts.map((a) => ix.keys[a]).join(" ")}`);
  return { ix, table, keys };
}

const row = (t: EpisodeTable, r: number) => t.values.subarray(r * t.width, (r + 1) * t.width);

describe("reachedOrPassedOn", () => {
  const e = (kind: Episode["kind"], accounts: number[]): Episode => ({
    kind,
    accounts,
    transfers: [],
    open: true,
  });
  const flaggedIn =
    (...xs: number[]) =>
    (a: number) =>
      xs.includes(a);
  it("takes a chain's middle always and its receiver when the money came from a flagged account", () => {
    expect(reachedOrPassedOn(e("chain", [1, 2, 3]), flaggedIn(3))).toEqual([2]);
    expect(reachedOrPassedOn(e("chain", [1, 2, 3]), flaggedIn(1))).toEqual([2, 3]);
  });
  it("takes a fan-in's centre only when a flagged account paid it, and never a fan's payers", () => {
    expect(reachedOrPassedOn(e("fan_in", [1, 2, 3]), flaggedIn(3))).toEqual([2]);
    expect(reachedOrPassedOn(e("fan_in", [1, 2, 3]), flaggedIn(2))).toEqual([]);
    expect(reachedOrPassedOn(e("fan_out", [1, 2, 3]), flaggedIn(3))).toEqual([]);
    expect(reachedOrPassedOn(e("fan_out", [1, 2, 3]), flaggedIn(2))).toEqual([1, 3]);
  });
  it("takes a payer only when it was opened for it (three transfers or fewer) and paid a flagged account itself", () => {
    const opened =
      (...xs: number[]) =>
      (a: number) =>
        xs.includes(a);
    expect(reachedOrPassedOn(e("chain", [1, 2, 3]), flaggedIn(2), opened(1))).toEqual([2, 3, 1]);
    expect(reachedOrPassedOn(e("chain", [1, 2, 3]), flaggedIn(3), opened(1))).toEqual([2]);
    expect(reachedOrPassedOn(e("fan_in", [1, 2, 3]), flaggedIn(2), opened(1, 3))).toEqual([1, 3]);
    expect(reachedOrPassedOn(e("fan_in", [1, 2, 3]), flaggedIn(1), opened(3))).toEqual([2]);
    expect(reachedOrPassedOn(e("fan_out", [1, 2, 3]), flaggedIn(3), opened(2))).toEqual([2]);
  });
  it("takes a gather's middle always and its receiver when flagged money reached it", () => {
    expect(reachedOrPassedOn(e("gather", [1, 2, 3, 4]), flaggedIn(4))).toEqual([3]);
    expect(reachedOrPassedOn(e("gather", [1, 2, 3, 4]), flaggedIn(1))).toEqual([3, 4]);
  });
});

describe("smallEpisodes", () => {
  it("finds a chain through a flagged account that passes on most of what came in, later", () => {
    const b = new ProjectionBuilder().pay("A", "F", 10_000, 0).pay("F", "C", 9_500, 3 * 60);
    const { table, keys } = episodesOf(b, ["F"]);
    expect(keys).toEqual(["chain A F C"]);
    expect(table.episodes[0].open).toBe(true);
    expect(row(table, 0)[col("ratio")]).toBeCloseTo(0.95, 9);
    expect(row(table, 0)[col("log_gap_h")]).toBeCloseTo(Math.log(3 + 0.01), 9);
    expect(row(table, 0)[col("b_flagged")]).toBe(1);
    expect(row(table, 0)[col("a_flagged")]).toBe(0);
  });

  it("takes no chain whose outflow came before the inflow, or passed on less than 80% of it", () => {
    const before = new ProjectionBuilder().pay("F", "C", 9_500, 0).pay("A", "F", 10_000, 60);
    expect(episodesOf(before, ["F"]).keys.filter((k) => k.startsWith("chain"))).toEqual([]);
    const less = new ProjectionBuilder().pay("A", "F", 10_000, 0).pay("F", "C", 7_000, 60);
    expect(episodesOf(less, ["F"]).keys).toEqual([]);
  });

  it("leaves out pairs that deal again and again (three transfers or more between them)", () => {
    const b = new ProjectionBuilder()
      .pay("A", "F", 10_000, 0)
      .pay("F", "C", 9_500, 60)
      .pay("F", "C", 100, (10 * DAY) / 60_000)
      .pay("C", "F", 100, (11 * DAY) / 60_000);
    expect(episodesOf(b, ["F"]).keys).toEqual([]);
  });

  it("takes only episodes that touch a flagged account; one of flagged accounts alone is not open", () => {
    const b = new ProjectionBuilder().pay("A", "B", 10_000, 0).pay("B", "C", 9_500, 60);
    expect(episodesOf(b, []).keys).toEqual([]);
    const all = episodesOf(b, ["A", "B", "C"]);
    expect(all.keys).toEqual(["chain A B C"]);
    expect(all.table.episodes[0].open).toBe(false);
    expect(episodesOf(b, ["A", "B"], ["C"]).table.episodes[0].open).toBe(false);
  });

  it("finds a gather of two inflows passed on together, and fans of two within four days", () => {
    const b = new ProjectionBuilder()
      .pay("A0", "F", 4_000, 0)
      .pay("A1", "F", 6_000, 2 * 60)
      .pay("F", "C", 9_300, 5 * 60);
    const { table, keys } = episodesOf(b, ["F"]);
    expect(keys).toContain("gather A0 A1 F C");
    expect(keys).toContain("fan_in A0 F A1");
    const g = keys.indexOf("gather A0 A1 F C");
    expect(row(table, g)[col("ratio")]).toBeCloseTo(0.93, 9);
    const far = new ProjectionBuilder().pay("F", "X", 1_000, 0).pay("F", "Y", 1_000, (5 * DAY) / 60_000);
    expect(episodesOf(far, ["F"]).keys).toEqual([]);
    const near = new ProjectionBuilder().pay("F", "X", 1_000, 0).pay("F", "Y", 1_200, (3 * DAY) / 60_000);
    expect(episodesOf(near, ["F"]).keys).toEqual(["fan_out X F Y"]);
  });

  it("reads amounts against the data and the account's own sums, the same in any currency", () => {
    const make = (k: number) =>
      new ProjectionBuilder()
        .pay("A", "F", 10_000 * k, 0)
        .pay("F", "C", 9_500 * k, 60)
        .pay("A", "Z", 100 * k, (2 * DAY) / 60_000)
        .pay("Z", "Q", 300 * k, (3 * DAY) / 60_000);
    const one = episodesOf(make(1), ["F"]).table;
    const other = episodesOf(make(450), ["F"]).table;
    expect(other.values.length).toBe(one.values.length);
    for (let i = 0; i < one.values.length; i++) expect(other.values[i]).toBeCloseTo(one.values[i], 9);
  });
});

describe("the stragglers' model", () => {
  it("reproduces the Python booster's raw scores on the golden sample to 1e-9", () => {
    const model = stragglersModel();
    expect(model.featureNames).toEqual([...EPISODE_FEATURES]);
    const golden = JSON.parse(readFileSync(new URL("./stragglers-golden.json", import.meta.url), "utf8")) as {
      rows: number[][];
      raw: number[];
    };
    expect(golden.rows.length).toBeGreaterThan(100);
    let worst = 0;
    golden.rows.forEach((r, i) => (worst = Math.max(worst, Math.abs(model.raw(r) - golden.raw[i]))));
    expect(worst).toBeLessThan(1e-9);
  });
});

/** A one-split model: probability 0.9 when the first transfer's quantile is above 0.5, else 0.1; threshold 0.5. */
function quantileModel(): TreeModel {
  return oneTreeModel(EPISODE_FEATURES, {
    split_feature: col("first_q"),
    threshold: 0.5,
    decision_type: "<=",
    default_left: true,
    missing_type: "None",
    internal_value: 0,
    left_child: { leaf_value: Math.log(0.1 / 0.9) },
    right_child: { leaf_value: Math.log(0.9 / 0.1) },
  });
}

describe("applyStragglers", () => {
  function run(flagged: string[], roles: Record<string, AccountRole> = {}) {
    // Small everyday payments make the chain's sums the data's largest; A has a life of its own (bills).
    const b = new ProjectionBuilder().pay("A", "F", 10_000, 0).pay("F", "C", 9_500, 3 * 60);
    for (let i = 0; i < 4; i++) b.pay("A", `bill${i}`, 30 + i, ((i + 2) * DAY) / 60_000);
    for (let i = 0; i < 6; i++) b.pay(`P${i}`, `Q${i}`, 50 + i, ((i + 1) * DAY) / 60_000);
    const { ix, table } = episodesOf(b, flagged);
    const role: AccountRole[] = ix.keys.map((k) => roles[k] ?? (flagged.includes(k) ? "drop" : "ordinary"));
    const score = new Float64Array(ix.n);
    const reasons = new Map<number, string[]>();
    const n = applyStragglers(
      table,
      {
        ix,
        role,
        score,
        reasons,
        money: (v) => `${Math.round(v).toLocaleString("en").replace(/,/g, " ")} KZT`,
      },
      quantileModel(),
    );
    const by = (k: string) => ({
      role: role[ix.indexOf.get(k)!],
      score: score[ix.indexOf.get(k)!],
      reasons: reasons.get(ix.indexOf.get(k)!) ?? [],
    });
    return { n, by };
  }

  it("flags the account the money reached from a flagged one, in an episode at or above the threshold, with the episode", () => {
    const { n, by } = run(["F"]);
    expect(n).toBe(1);
    expect(by("C").role).toBe("drop");
    expect(by("C").score).toBeCloseTo(90, 5);
    expect(by("C").reasons).toEqual([
      "episode: A paid F 10 000 KZT, and F passed 9 500 KZT on to C 3 h later",
      "stragglers' model: 90% likely one scheme's, beside F that the rules flagged (a model trained on generated worlds flags from 50%)",
    ]);
    expect(by("F").reasons).toEqual([]);
  });

  it("never flags an account with a life of its own that only paid in: a victim or a lender sits there as well", () => {
    const { by } = run(["F"]);
    expect(by("A").role).toBe("ordinary");
    expect(by("A").reasons).toEqual([]);
  });

  it("flags a middle account that passed the money on to a flagged one", () => {
    const { n, by } = run(["C"]);
    expect(n).toBe(1);
    expect(by("F").role).toBe("drop");
    expect(by("A").role).toBe("ordinary");
  });

  /**
   * A pays F (flagged) 10 000 KZT, in a payment that says `purpose`; F passes 9 500 on to C. With `bill`, A also pays
   * four bills of about that much (a life of its own); without, A does nothing else (opened for it).
   */
  function payerRun(purpose?: string, bill?: number) {
    const b = new ProjectionBuilder()
      .pay("A", "F", 10_000, 0, purpose ? { purpose } : {})
      .pay("F", "C", 9_500, 3 * 60);
    if (bill) for (let i = 0; i < 4; i++) b.pay("A", `bill${i}`, bill + i, ((i + 2) * DAY) / 60_000);
    for (let i = 0; i < 6; i++) b.pay(`P${i}`, `Q${i}`, 50 + i, ((i + 1) * DAY) / 60_000);
    const { ix, table } = episodesOf(b, ["F"]);
    const role: AccountRole[] = ix.keys.map((k) => (k === "F" ? "drop" : "ordinary"));
    const reasons = new Map<number, string[]>();
    const loan = /loan/i;
    applyStragglers(
      table,
      {
        ix,
        role,
        score: new Float64Array(ix.n),
        reasons,
        money: (v) => `${v} KZT`,
        isLoan: (t) => loan.test(ix.transfers[t].purpose ?? ""),
        dwarfFactor: 10,
      },
      quantileModel(),
    );
    const a = ix.indexOf.get("A")!;
    return {
      flagged: ix.keys.filter((_, x) => role[x] === "drop").sort(),
      payer: role[a] === "drop" ? reasons.get(a) : null,
    };
  }

  it("flags a payer with a life of its own that paid a flagged account ten times its usual sums, and says why, but not at five times or in a loan", () => {
    expect(payerRun(undefined, 900).payer).toEqual([
      "episode: A paid F 10000 KZT, and F passed 9500 KZT on to C 3 h later",
      "payer: A paid at least 10 times its usual sums in it",
      "stragglers' model: 90% likely one scheme's, beside F that the rules flagged (a model trained on generated worlds flags from 50%)",
    ]);
    expect(payerRun(undefined, 2_000).payer).toBeNull();
    expect(payerRun("loan 7001", 900).payer).toBeNull();
  });

  it("flags a payer opened for it that paid a flagged account, and says why, unless its payment says it is a loan", () => {
    const opened = payerRun();
    expect(opened.flagged).toEqual(["A", "C", "F"]);
    expect(opened.payer).toContain("payer: A had three transfers or fewer in all the data (opened for it)");
    expect(payerRun("loan 7001 repaid monthly").flagged).toEqual(["C", "F"]);
  });

  it("leaves accounts the rules gave another role alone", () => {
    const { n, by } = run(["F"], { C: "victim" });
    expect(n).toBe(0);
    expect(by("C").role).toBe("victim");
  });

  it("flags nothing when the episode scores below the threshold", () => {
    const b = new ProjectionBuilder().pay("A", "F", 50, 0).pay("F", "C", 48, 60);
    for (let i = 0; i < 6; i++) b.pay(`P${i}`, `Q${i}`, 10_000 + i, ((i + 1) * DAY) / 60_000);
    const { ix, table } = episodesOf(b, ["F"]);
    const role: AccountRole[] = ix.keys.map((k) => (k === "F" ? "drop" : "ordinary"));
    const n = applyStragglers(
      table,
      { ix, role, score: new Float64Array(ix.n), reasons: new Map(), money: (v) => `${v} KZT` },
      quantileModel(),
    );
    expect(n).toBe(0);
    expect(role.filter((r) => r === "drop")).toEqual(["drop"]);
  });

  it("writes reasons the client's catalogue recognises and translates", () => {
    const { by } = run(["F"]);
    for (const r of by("C").reasons) {
      expect(recognised(r)).toBe(true);
      expect(localizeReason(r, "ru").lang).toBe("ru");
      expect(localizeReason(r, "kk").lang).toBe("kk");
    }
  });

  it("refuses a model whose features are not the episodes'", () => {
    const json = { ...quantileModel().json, feature_names: ["x"] };
    const { table, ix } = episodesOf(new ProjectionBuilder().pay("A", "F", 1, 0), ["F"]);
    expect(() =>
      applyStragglers(
        table,
        { ix, role: [], score: new Float64Array(ix.n), reasons: new Map(), money: String },
        new TreeModel(json),
      ),
    ).toThrow(/features are not the ones/);
  });
});

describe("detect() and the stragglers", () => {
  it("hands every episode around the rules' flags to the onEpisodes hook and records how many it flagged", () => {
    const rulesOnly = detect(hubRingCase().build(), { stragglers: false });
    let seen: { kinds: string[]; touch: boolean[] } | null = null;
    const r = detect(
      hubRingCase().build(),
      {},
      {
        onEpisodes: (table, ix) => {
          const flagged = new Set(
            rulesOnly.accounts
              .filter((a) => a.role === "drop" || a.role === "hub")
              .map((a) => ix.indexOf.get(a.id)!),
          );
          seen = {
            kinds: table.episodes.map((e) => e.kind),
            touch: table.episodes.map((e) => e.accounts.some((a) => flagged.has(a))),
          };
        },
      },
    );
    expect(seen!.kinds.length).toBeGreaterThan(0);
    expect(seen!.touch.every(Boolean)).toBe(true);
    expect(r.run.params.stragglers).toBe(true);
    expect(typeof r.run.params.stragglersFlagged).toBe("number");
  });
});
