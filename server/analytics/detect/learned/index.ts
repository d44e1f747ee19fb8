/**
 * The learned scorer's decisions (issue 16 item 4; docs/DETECTION.md § "The learned scorer"): after the rules, an
 * account whose model probability reaches the model's threshold is flagged as a drop or a hub, with reasons a person
 * can check: the probability, then the two or three groups of features that raised it most (Saabas contributions,
 * model.ts), each said in numbers read from the account's own transfers. The rules keep their flags and reasons.
 */
import type { AccountRole } from "../../../../model/graph.js";
import type { ExitKind } from "../exits.js";
import { count, duration } from "../format.js";
import type { IndexedProjection } from "../indexed.js";
import { FEATURE_INDEX, FEATURE_NAMES, type FeatureTable } from "./features.js";
import { learnedModel, type TreeModel } from "./model.js";

export { learnedFeatures, FEATURE_NAMES } from "./features.js";

/** How each reason template reads its feature row (v: by feature name; row: the table row's extras). */
type Say = (v: (name: string) => number, extra: { windowMs: number; activeMs: number }) => string | null;

const pctOf = (x: number) => Math.round(100 * x);
/** The pass-through window of R1 that fwd_share is measured in (params.passThroughWindowMs' default). */
const FORWARD_WINDOW_MS = 72 * 3_600_000;

/** Reason templates by feature group; every feature belongs to one group (checked below). */
const GROUPS: { features: string[]; say: Say }[] = [
  {
    features: ["fwd_share"],
    say: (v) =>
      `model: it passed on ${pctOf(v("fwd_share"))}% of what it received within ${duration(FORWARD_WINDOW_MS)}`,
  },
  {
    features: ["fast6h_out_share", "fast1h_out_share", "dwell_log_h"],
    say: (v) =>
      Number.isNaN(v("fast6h_out_share"))
        ? null
        : `model: ${pctOf(v("fast6h_out_share"))}% of what it paid out left within 6 h of coming in`,
  },
  {
    features: [
      "short_count_share",
      "short_value_share",
      "long_count_share",
      "long_value_share",
      "long_n",
      "long_duration_share",
      "active_share",
      "win_in",
      "win_out",
      "win_counterparties",
    ],
    say: (v, e) =>
      v("n_in") + v("n_out") < 3 || e.activeMs <= 0
        ? null
        : `model: ${v("long_n")} of its ${v("n_in") + v("n_out")} transfers fell within ${duration(e.windowMs)} of its ${duration(e.activeMs)} in the data`,
  },
  {
    features: ["fresh_share", "win_fresh_share"],
    say: (v) =>
      Number.isNaN(v("fresh_share"))
        ? null
        : `model: ${pctOf(v("fresh_share"))}% of the accounts it dealt with have no more than three transfers in the data`,
  },
  {
    features: ["win_vs_rest", "max_vs_own"],
    say: (v) =>
      v("win_vs_rest") >= 1.5
        ? `model: the sums of its busiest stretch were ${fmtX(v("win_vs_rest"))} times its other ones`
        : v("max_vs_own") >= 1.5
          ? `model: its largest transfer was ${fmtX(v("max_vs_own"))} times its median one`
          : null,
  },
  {
    features: ["win_in_spread", "win_out_spread"],
    say: (v) => {
      const s = [v("win_in_spread"), v("win_out_spread")].filter((x) => !Number.isNaN(x));
      if (!s.length) return null;
      return `model: the sums of its busiest stretch were alike (typical deviation ${pctOf(Math.exp(Math.min(...s)) - 1)}%)`;
    },
  },
  {
    features: [
      "nbr_n",
      "nbr_max_score",
      "nbr_mean_score",
      "nbr_flag_share",
      "nbr_max_fast6h",
      "nbr_max_long_share",
      "nbr_mean_degree_q",
      "nbr_typology_share",
    ],
    say: (v) =>
      v("nbr_n") > 0
        ? `model: ${Math.round(v("nbr_typology_share") * v("nbr_n"))} of the ${v("nbr_n")} accounts it dealt with in its busiest stretch take part in a shape the rules found; the highest rules score among them is ${Math.round(v("nbr_max_score"))}`
        : null,
  },
  {
    features: ["nbr_max_win_in", "nbr_max_win_out", "nbr_min_win_spread", "nbr_max_win_fresh"],
    say: (v) =>
      v("nbr_n") > 0
        ? `model: the accounts it dealt with in its busiest stretch had up to ${v("nbr_max_win_in")} transfers in and up to ${v("nbr_max_win_out")} out within 3 days of their own`
        : null,
  },
  {
    features: [
      "rule_score",
      "rule_flag",
      "rule_hub",
      "rule_victim",
      ...FEATURE_NAMES.filter((n) => n.startsWith("ty_")),
    ],
    say: (v) =>
      v("rule_score") >= 1
        ? `model: the rules scored it ${Math.round(v("rule_score"))} (they flag from 50)`
        : null,
  },
  {
    features: ["n_in", "n_out", "senders", "receivers", "degree_q"],
    say: (v) =>
      v("degree_q") < 0.5
        ? null
        : `model: ${count(v("senders"), "sender")} and ${count(v("receivers"), "receiver")}; more transfers than ${pctOf(v("degree_q"))}% of the data's accounts`,
  },
  {
    features: ["amount_q", "win_amount_q"],
    say: (v) =>
      v("amount_q") >= 0.5
        ? `model: its typical transfer was larger than ${pctOf(v("amount_q"))}% of the data's transfers`
        : null,
  },
  {
    features: ["round_share"],
    say: (v) =>
      v("round_share") >= 0.5 ? `model: ${pctOf(v("round_share"))}% of its transfers were round sums` : null,
  },
  {
    features: ["night_share"],
    say: (v) =>
      v("night_share") >= 0.3
        ? `model: ${pctOf(v("night_share"))}% of its transfers were made between 00:00 and 06:00 UTC`
        : null,
  },
  {
    features: ["out_over_in", "win_out_over_in"],
    say: (v) =>
      Number.isNaN(v("out_over_in"))
        ? null
        : `model: it paid out ${pctOf(Math.min(v("out_over_in"), 9.99))}% of what it received`,
  },
];

function fmtX(x: number): string {
  return x >= 10 ? String(Math.round(x)) : (Math.round(x * 10) / 10).toFixed(1);
}

const GROUP_OF = new Int32Array(FEATURE_NAMES.length).fill(-1);
GROUPS.forEach((g, k) =>
  g.features.forEach((f) => {
    const i = FEATURE_INDEX.get(f);
    if (i === undefined) throw new Error(`learned reasons: unknown feature ${f}`);
    GROUP_OF[i] = k;
  }),
);
{
  const loose = FEATURE_NAMES.filter((_, i) => GROUP_OF[i] < 0);
  if (loose.length) throw new Error(`learned reasons: features without a reason: ${loose.join(", ")}`);
}

/** The reasons of one flagged row: its probability, then the groups that raised it most, strongest first. */
export function learnedReasons(
  model: TreeModel,
  table: FeatureTable,
  r: number,
  probability: number,
  max = 3,
): string[] {
  const row = table.values.subarray(r * table.width, (r + 1) * table.width);
  const { byFeature } = model.contributions(row);
  const byGroup = new Float64Array(GROUPS.length);
  for (let f = 0; f < byFeature.length; f++) byGroup[GROUP_OF[f]] += byFeature[f];
  const order = [...byGroup.keys()].filter((k) => byGroup[k] > 0).sort((x, y) => byGroup[y] - byGroup[x]);
  const v = (name: string) => row[FEATURE_INDEX.get(name)!];
  const extra = { windowMs: table.windowMs[r], activeMs: table.activeMs[r] };
  const out = [
    `model: ${pctOf(probability)}% likely a laundering account from its transfers alone (a model trained on generated worlds flags from ${pctOf(model.threshold)}%)`,
  ];
  for (const k of order) {
    if (out.length > max) break;
    const s = GROUPS[k].say(v, extra);
    // A value that does not apply to this account (NaN) says nothing checkable: no sentence.
    if (s && !s.includes("NaN")) out.push(s);
  }
  return out;
}

export interface LearnedContext {
  ix: IndexedProjection;
  role: AccountRole[];
  score: Float64Array;
  reasons: Map<number, string[]>;
  exitKinds: (ExitKind | null)[];
  reportedVictims: Map<number, string[]>;
  /** The data holds complaints: then an account the rules called a victim stays one. */
  hasComplaints: boolean;
}

/**
 * Flag the accounts the model puts at or above its threshold that the rules left ordinary (or, when the data holds no
 * complaint, called victims only for paying a suspect): a hub when it gathered (three senders or more in its busiest
 * stretch, twice as many transfers in as out there), a drop otherwise. Returns how many it flagged.
 */
export function applyLearned(table: FeatureTable, ctx: LearnedContext, model = learnedModel()): number {
  const names = model.featureNames;
  if (names.length !== FEATURE_NAMES.length || names.some((n, i) => n !== FEATURE_NAMES[i]))
    throw new Error("learned model: its features are not the ones learned/features.ts computes");
  const v = (r: number, name: string) => table.values[r * table.width + FEATURE_INDEX.get(name)!];
  let flagged = 0;
  for (let r = 0; r < table.accounts.length; r++) {
    const a = table.accounts[r];
    const current = ctx.role[a];
    if (current !== "ordinary" && (current !== "victim" || ctx.hasComplaints)) continue;
    if (ctx.exitKinds[a] || ctx.reportedVictims.has(a)) continue;
    const p = model.probability(table.values.subarray(r * table.width, (r + 1) * table.width));
    if (p < model.threshold) continue;
    const gathers = v(r, "win_in") >= 3 && v(r, "win_in") >= 2 * v(r, "win_out");
    ctx.role[a] = gathers ? "hub" : "drop";
    ctx.score[a] = Math.max(ctx.score[a], Math.round(1000 * p) / 10);
    ctx.reasons.set(a, [...(ctx.reasons.get(a) ?? []), ...learnedReasons(model, table, r, p)]);
    flagged++;
  }
  return flagged;
}
