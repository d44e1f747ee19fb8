/**
 * The learned scorer's per-account features (issue 16 item 4; docs/DETECTION.md § "The learned scorer"), read from
 * transfers alone and every one relative to the data: counts against the data's own degree distribution, amounts as
 * quantiles of the data's amounts or against the account's own usual sums, times against the account's own history.
 * The rules' own evidence (score, role, typologies the detectors found it in) is part of the table, and so are
 * aggregates over the counterparties the account dealt with inside its densest window (a gather-scatter's spoke is
 * found through its hub). One code path: training (tools/scorer/features.ts, through detect()'s hook) and inference
 * (detect()) both call learnedFeatures().
 */
import type { AccountRole } from "../../../../model/graph.js";
import type { IndexedProjection } from "../indexed.js";
import type { PassThroughStats } from "../pass-through.js";
import type { TypologyName, TypologyResult } from "../typologies/index.js";
import { countBelow } from "../typologies/stats.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The two windows an account's densest stretch is measured in. */
const SHORT_MS = 6 * HOUR;
const LONG_MS = 3 * DAY;
/** A counterparty with no more transfers than this in the whole data, counting this account's, is "fresh". */
const FRESH_MAX = 3;

const TYPOLOGIES: TypologyName[] = [
  "fan_in",
  "fan_out",
  "gather_scatter",
  "scatter_gather",
  "cycle",
  "bipartite",
  "stack",
  "random",
  "forwarding",
];

/** Feature names in table order (the model's columns; tools/scorer/train.py reads them from the table's header). */
export const FEATURE_NAMES: readonly string[] = Object.freeze([
  "n_in",
  "n_out",
  "senders",
  "receivers",
  "degree_q",
  "out_over_in",
  "fwd_share",
  "fast6h_out_share",
  "fast1h_out_share",
  "dwell_log_h",
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
  "win_in_spread",
  "win_out_spread",
  "win_out_over_in",
  "win_amount_q",
  "win_vs_rest",
  "amount_q",
  "max_vs_own",
  "fresh_share",
  "win_fresh_share",
  "round_share",
  "night_share",
  "rule_score",
  "rule_flag",
  "rule_hub",
  "rule_victim",
  ...TYPOLOGIES.map((t) => `ty_${t}`),
  "nbr_n",
  "nbr_max_score",
  "nbr_mean_score",
  "nbr_flag_share",
  "nbr_max_fast6h",
  "nbr_max_long_share",
  "nbr_mean_degree_q",
  "nbr_typology_share",
  "nbr_max_win_in",
  "nbr_max_win_out",
  "nbr_min_win_spread",
  "nbr_max_win_fresh",
]);

export const FEATURE_INDEX: ReadonlyMap<string, number> = new Map(FEATURE_NAMES.map((n, i) => [n, i]));

/** Per-account features as one row-major table, with what the reasons need to say them in numbers. */
export interface FeatureTable {
  /** Accounts with at least one transfer, in index order: the rows. */
  accounts: Int32Array;
  /** rows × FEATURE_NAMES.length, row-major; NaN where a feature does not apply (no outflows, no window...). */
  values: Float64Array;
  width: number;
  /** Per row: the densest long window's duration and the account's whole active span, ms (for the reasons). */
  windowMs: Float64Array;
  activeMs: Float64Array;
}

export interface LearnedInput {
  ix: IndexedProjection;
  pt: PassThroughStats;
  typologies: TypologyResult;
  role: AccountRole[];
  score: ArrayLike<number>;
}

/** Rank of x among sorted values as a share (0–1): the share of values below it, ties counted half. */
function quantileOf(sorted: Float64Array, x: number): number {
  if (!sorted.length) return NaN;
  return (countBelow(sorted, x) + countBelow(sorted, x, true)) / 2 / sorted.length;
}

/** Standard deviation of the natural log of the amounts (0 for one amount, NaN for none). */
function logSpread(xs: number[]): number {
  if (!xs.length) return NaN;
  let s = 0;
  let s2 = 0;
  for (const x of xs) {
    const l = Math.log(Math.max(x, 1e-9));
    s += l;
    s2 += l * l;
  }
  const m = s / xs.length;
  return Math.sqrt(Math.max(0, s2 / xs.length - m * m));
}

/** Scratch space for median(): one buffer grown as needed, not a new one per call. */
let scratch = new Float64Array(1024);

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  if (xs.length === 1) return xs[0];
  if (scratch.length < xs.length) scratch = new Float64Array(2 * xs.length);
  const s = scratch.subarray(0, xs.length);
  for (let i = 0; i < xs.length; i++) s[i] = xs[i];
  s.sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Two significant digits or fewer: 1 500, 20 000, 300. */
function isRound(amount: number): boolean {
  if (!(amount > 0) || !Number.isFinite(amount)) return false;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(amount)) - 1);
  return Math.abs(amount / unit - Math.round(amount / unit)) < 1e-9;
}

/** The densest window of `widthMs` over an account's events (indices into ev): [first, last] event, by count. */
function densest(
  ts: Float64Array,
  ev: Int32Array,
  lo: number,
  hi: number,
  widthMs: number,
): [number, number] {
  let best: [number, number] = [lo, lo];
  for (let i = lo, j = lo; i < hi; i++) {
    while (ts[ev[i] >> 1] - ts[ev[j] >> 1] > widthMs) j++;
    if (i - j > best[1] - best[0]) best = [j, i];
  }
  return best;
}

/** Compute the feature table of every account with at least one transfer. O(events) plus a sort per account. */
export function learnedFeatures(input: LearnedInput): FeatureTable {
  const { ix, pt, typologies, role, score } = input;
  const { ev, evStart, ts, kzt, from, to, transfers } = ix;
  const width = FEATURE_NAMES.length;
  /** Column by feature name, as a plain object (constant keys: no map lookup per cell). */
  const C: Record<string, number> = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i]));
  const col = (name: string) => C[name];

  const amounts: number[] = [];
  for (let t = 0; t < ts.length; t++) if (to[t] >= 0 && kzt[t] > 0) amounts.push(kzt[t]);
  const sortedAmounts = Float64Array.from(amounts).sort();
  /** Per transfer: its amount's quantile among the data's amounts. */
  const amountQuantile = new Float64Array(ts.length);
  for (let t = 0; t < ts.length; t++) amountQuantile[t] = quantileOf(sortedAmounts, kzt[t]);
  /** Per transfer: a round sum; made between 00:00 and 06:00 UTC. */
  const roundAt = new Uint8Array(ts.length);
  const nightAt = new Uint8Array(ts.length);
  for (let t = 0; t < ts.length; t++) {
    roundAt[t] = isRound(transfers[t].amount) ? 1 : 0;
    nightAt[t] = ts[t] % DAY < 6 * HOUR ? 1 : 0;
  }
  const degree = new Int32Array(ix.n);
  for (let a = 0; a < ix.n; a++) degree[a] = evStart[a + 1] - evStart[a];
  const sortedDegrees = Float64Array.from(degree).sort();
  const dataSpan = Math.max(1, ix.lastTs - ix.firstTs);

  const rows: number[] = [];
  for (let a = 0; a < ix.n; a++) if (degree[a] > 0) rows.push(a);
  const values = new Float64Array(rows.length * width).fill(NaN);
  const windowMs = new Float64Array(rows.length);
  const activeMs = new Float64Array(rows.length);
  const rowOf = new Int32Array(ix.n).fill(-1);
  rows.forEach((a, r) => (rowOf[a] = r));
  /** Per row: counterparties inside its densest long window (for the neighbour pass). */
  const peerStart = new Int32Array(rows.length + 1);
  const peerList: number[] = [];

  const typologyRole = new Map<number, Float64Array>();
  typologies.findings.forEach((f) => {
    const k = TYPOLOGIES.indexOf(f.typology);
    for (const m of f.members) {
      let v = typologyRole.get(m);
      if (!v) typologyRole.set(m, (v = new Float64Array(TYPOLOGIES.length)));
      v[k] = Math.max(v[k], f.hubs.includes(m) ? 2 : 1);
    }
  });

  const tyCols = TYPOLOGIES.map((t) => col(`ty_${t}`));
  const seenAny = new Int32Array(ix.n);
  const seenIn = new Int32Array(ix.n);
  const seenOut = new Int32Array(ix.n);
  for (let r = 0; r < rows.length; r++) {
    const a = rows[r];
    const lo = evStart[a];
    const hi = evStart[a + 1];
    const base = r * width;
    const set = (name: string, x: number) => (values[base + C[name]] = x);

    let nIn = 0;
    let nOut = 0;
    let inV = 0;
    let outV = 0;
    let fwd = 0;
    let fast6 = 0;
    let fast1 = 0;
    let round = 0;
    let night = 0;
    const own: number[] = [];
    const amountQ: number[] = [];
    let peersN = 0;
    let fresh = 0;
    for (let i = lo; i < hi; i++) {
      const e = ev[i];
      const t = e >> 1;
      const inflow = (e & 1) === 1;
      const peer = inflow ? from[t] : to[t];
      if (peer >= 0 && seenAny[peer] !== a + 1) {
        seenAny[peer] = a + 1;
        peersN++;
        if (degree[peer] <= FRESH_MAX) fresh++;
      }
      own.push(kzt[t]);
      amountQ.push(amountQuantile[t]);
      round += roundAt[t];
      night += nightAt[t];
      if (inflow) {
        nIn++;
        inV += kzt[t];
        fwd += pt.fwdIn[t];
      } else {
        nOut++;
        outV += kzt[t];
        const d = pt.outDwellMs[t];
        if (d <= SHORT_MS) fast6 += kzt[t];
        if (d <= HOUR) fast1 += kzt[t];
      }
    }
    // Distinct senders and receivers: each counterparty marked with this account (no set per account).
    let senders = 0;
    let receivers = 0;
    for (let i = lo; i < hi; i++) {
      const e = ev[i];
      const t = e >> 1;
      const mark = e & 1 ? seenIn : seenOut;
      const peer = e & 1 ? from[t] : to[t];
      if (peer < 0 || mark[peer] === a + 1) continue;
      mark[peer] = a + 1;
      if (e & 1) senders++;
      else receivers++;
    }
    const total = hi - lo;
    set("n_in", nIn);
    set("n_out", nOut);
    set("senders", senders);
    set("receivers", receivers);
    set("degree_q", quantileOf(sortedDegrees, total));
    set("out_over_in", inV > 0 ? Math.min(10, outV / inV) : NaN);
    set("fwd_share", inV > 0 ? fwd / inV : NaN);
    set("fast6h_out_share", outV > 0 ? fast6 / outV : NaN);
    set("fast1h_out_share", outV > 0 ? fast1 / outV : NaN);
    const dwell = pt.medianDwellMs[a];
    set("dwell_log_h", Number.isNaN(dwell) ? NaN : Math.log10(1 + dwell / HOUR));
    set("fresh_share", peersN ? fresh / peersN : NaN);
    set("round_share", round / total);
    set("night_share", night / total);
    set("amount_q", median(amountQ));
    const ownMedian = median(own);
    let ownMax = 0;
    for (const x of own) ownMax = Math.max(ownMax, x);
    set("max_vs_own", ownMedian > 0 ? ownMax / ownMedian : NaN);

    const totalV = inV + outV;
    const valueIn = (i0: number, i1: number) => {
      let s = 0;
      for (let i = i0; i <= i1; i++) s += kzt[ev[i] >> 1];
      return s;
    };
    const [s0, s1] = densest(ts, ev, lo, hi, SHORT_MS);
    set("short_count_share", (s1 - s0 + 1) / total);
    set("short_value_share", totalV > 0 ? valueIn(s0, s1) / totalV : NaN);
    const [l0, l1] = densest(ts, ev, lo, hi, LONG_MS);
    const longN = l1 - l0 + 1;
    set("long_count_share", longN / total);
    set("long_value_share", totalV > 0 ? valueIn(l0, l1) / totalV : NaN);
    set("long_n", longN);
    const active = ts[ev[hi - 1] >> 1] - ts[ev[lo] >> 1];
    const inWindow = ts[ev[l1] >> 1] - ts[ev[l0] >> 1];
    windowMs[r] = inWindow;
    activeMs[r] = active;
    set("long_duration_share", active > 0 ? inWindow / active : NaN);
    set("active_share", active / dataSpan);

    const winIns: number[] = [];
    const winOuts: number[] = [];
    const winQ: number[] = [];
    const peers = new Set<number>();
    let winFresh = 0;
    for (let i = l0; i <= l1; i++) {
      const e = ev[i];
      const t = e >> 1;
      const peer = e & 1 ? from[t] : to[t];
      if (e & 1) winIns.push(kzt[t]);
      else winOuts.push(kzt[t]);
      winQ.push(amountQuantile[t]);
      if (peer >= 0 && !peers.has(peer)) {
        peers.add(peer);
        if (degree[peer] <= FRESH_MAX) winFresh++;
      }
    }
    for (const p of peers) peerList.push(p);
    peerStart[r + 1] = peerList.length;
    const winInV = winIns.reduce((s, x) => s + x, 0);
    const winOutV = winOuts.reduce((s, x) => s + x, 0);
    set("win_in", winIns.length);
    set("win_out", winOuts.length);
    set("win_counterparties", peers.size);
    set("win_in_spread", logSpread(winIns));
    set("win_out_spread", logSpread(winOuts));
    set("win_out_over_in", winInV > 0 ? Math.min(10, winOutV / winInV) : NaN);
    set("win_amount_q", median(winQ));
    set("win_fresh_share", peers.size ? winFresh / peers.size : NaN);
    const rest: number[] = [];
    for (let i = lo; i < hi; i++) if (i < l0 || i > l1) rest.push(kzt[ev[i] >> 1]);
    const restMedian = median(rest);
    set("win_vs_rest", restMedian > 0 ? median([...winIns, ...winOuts]) / restMedian : NaN);

    const rl = role[a];
    set("rule_score", score[a]);
    set("rule_flag", rl === "drop" || rl === "hub" || rl === "organiser" ? 1 : 0);
    set("rule_hub", rl === "hub" ? 1 : 0);
    set("rule_victim", rl === "victim" ? 1 : 0);
    const ty = typologyRole.get(a);
    for (let k = 0; k < TYPOLOGIES.length; k++) values[base + tyCols[k]] = ty ? ty[k] : 0;
  }

  // Neighbours inside the densest long window: their rule scores and their own features.
  const cScore = col("rule_score");
  const cFlag = col("rule_flag");
  const cFast = col("fast6h_out_share");
  const cLong = col("long_count_share");
  const cDeg = col("degree_q");
  const cWinIn = col("win_in");
  const cWinOut = col("win_out");
  const cInSpread = col("win_in_spread");
  const cOutSpread = col("win_out_spread");
  const cWinFresh = col("win_fresh_share");
  /** The larger of two values, NaN when neither is a number. */
  const max = (x: number, y: number) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.max(x, y));
  const min = (x: number, y: number) => (Number.isNaN(x) ? y : Number.isNaN(y) ? x : Math.min(x, y));
  for (let r = 0; r < rows.length; r++) {
    const base = r * width;
    let n = 0;
    let maxScore = 0;
    let sumScore = 0;
    let flagged = 0;
    let maxFast = NaN;
    let maxLong = NaN;
    let sumDeg = 0;
    let inTypology = 0;
    // The peers' own busiest stretches: a fan's one-off sender is found through its centre's many alike inflows.
    let maxWinIn = NaN;
    let maxWinOut = NaN;
    let minSpread = NaN;
    let maxWinFresh = NaN;
    for (let k = peerStart[r]; k < peerStart[r + 1]; k++) {
      const p = peerList[k];
      const q = rowOf[p];
      if (q < 0) continue;
      const pb = q * width;
      const pv = (c: number) => values[pb + c];
      n++;
      maxScore = Math.max(maxScore, pv(cScore));
      sumScore += pv(cScore);
      flagged += pv(cFlag);
      if (!Number.isNaN(pv(cFast)))
        maxFast = Number.isNaN(maxFast) ? pv(cFast) : Math.max(maxFast, pv(cFast));
      // A peer's own burstiness counts only when it has a history to be bursty in (three transfers or more).
      if (degree[p] >= 3) maxLong = Number.isNaN(maxLong) ? pv(cLong) : Math.max(maxLong, pv(cLong));
      sumDeg += pv(cDeg);
      let any = false;
      for (const c of tyCols) any ||= pv(c) > 0;
      if (any) inTypology++;
      maxWinIn = max(maxWinIn, pv(cWinIn));
      maxWinOut = max(maxWinOut, pv(cWinOut));
      if (pv(cWinIn) >= 2) minSpread = min(minSpread, pv(cInSpread));
      if (pv(cWinOut) >= 2) minSpread = min(minSpread, pv(cOutSpread));
      maxWinFresh = max(maxWinFresh, pv(cWinFresh));
    }
    values[base + C.nbr_n] = n;
    values[base + C.nbr_max_score] = n ? maxScore : NaN;
    values[base + C.nbr_mean_score] = n ? sumScore / n : NaN;
    values[base + C.nbr_flag_share] = n ? flagged / n : NaN;
    values[base + C.nbr_max_fast6h] = maxFast;
    values[base + C.nbr_max_long_share] = maxLong;
    values[base + C.nbr_mean_degree_q] = n ? sumDeg / n : NaN;
    values[base + C.nbr_typology_share] = n ? inTypology / n : NaN;
    values[base + C.nbr_max_win_in] = maxWinIn;
    values[base + C.nbr_max_win_out] = maxWinOut;
    values[base + C.nbr_min_win_spread] = minSpread;
    values[base + C.nbr_max_win_fresh] = maxWinFresh;
  }
  return { accounts: Int32Array.from(rows), values, width, windowMs, activeMs };
}
