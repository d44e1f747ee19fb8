/**
 * Small episodes around what the rules flagged (docs/DETECTION.md § "Stragglers"): the two- and three-transfer shapes
 * a scheme's last members are tied in by, each with features for the stragglers' model. An episode is made of
 * transfers over one-off pairs (at most `schemePairMaxTransfers` transfers between the two accounts, both ways, in the
 * whole data), touches an account the rules flagged and holds one they did not:
 *
 * - chain: A → B → C, B passing on 80–102% of what came in, later, within 30 days;
 * - gather: A0 → B and A → B within 4 days, then B → C, 80–102% of the two together, later, within 30 days;
 * - fan-in of two: X → B and Y → B, one after the other within 4 days;
 * - fan-out of two: B → X and B → Y, one after the other within 4 days.
 *
 * A transfer over a pair the data had no room to see again (`unseen`) is in no episode.
 *
 * Every feature is relative (amounts as quantiles of the data's own, against the account's own median and largest
 * sum; counts as logarithms), so the same model reads any currency. One code path: training
 * (tools/stragglers/episodes.ts, through detect()'s hook) and inference both call smallEpisodes().
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long a chain's or gather's middle account may hold the money. */
const MAX_DWELL_MS = 30 * DAY;
/** How far apart a fan's two transfers, or a gather's two inflows, may be. */
const MAX_GAP_MS = 4 * DAY;
/** What a forwarding middle account passes on, against what came in. */
const MIN_RATIO = 0.8;
const MAX_RATIO = 1.02;

export type EpisodeKind = "chain" | "gather" | "fan_in" | "fan_out";
export const EPISODE_KINDS: readonly EpisodeKind[] = ["chain", "gather", "fan_in", "fan_out"];

/** Per-account features, in the order they fill a slot of the row. */
const ACCOUNT_FEATURES = [
  "log_transfers",
  "log_sum_over_median",
  "log_sum_over_largest",
  "oneoff_share",
  "log_counterparties",
  "flagged",
];
/** The slots: A (payer, or a fan's first counterparty), B (the middle), C (receiver, or second counterparty), A0. */
const SLOTS = ["a", "b", "c", "a0"];

export const EPISODE_FEATURES: readonly string[] = Object.freeze([
  "kind",
  "log_gap_h",
  "ratio",
  "first_q",
  "second_q",
  "linked_pairs",
  ...SLOTS.flatMap((s) => ACCOUNT_FEATURES.map((f) => `${s}_${f}`)),
]);
const WIDTH = EPISODE_FEATURES.length;
const ACC0 = 6;

export interface Episode {
  kind: EpisodeKind;
  /** Accounts in slot order: chain A, B, C; gather A0, A, B, C; fans X, B, Y. */
  accounts: number[];
  /** The episode's transfers, in time order. */
  transfers: number[];
  /** It holds an account that is neither flagged nor excluded. */
  open: boolean;
}

export interface EpisodeTable {
  episodes: Episode[];
  /** Row r is values[r * width .. (r + 1) * width), EPISODE_FEATURES' order. */
  values: Float64Array;
  width: number;
}

export interface EpisodeInput {
  ix: IndexedProjection;
  /** The transfers per ordered pair (pairs.ts aggregatePairs). */
  pairs: Pairs;
  /** Per pair a → b, b's transfers to a (typologies/flows.ts reverseCounts): a pair is one-off counting both ways. */
  back: Int32Array;
  /** Share of the data's transfers below an amount (typologies/stats.ts DataStats.shareBelow). */
  shareBelow: (v: number) => number;
  /** The accounts the rules flagged (a drop, hub or organiser). */
  flagged: (a: number) => boolean;
  /** Accounts no new flag may fall on (victims, exits). */
  excluded: (a: number) => boolean;
  schemePairMaxTransfers: number;
  /**
   * Per pair, 1 where the data had no room to see it again at its accounts' pace (typologies/unseen.ts
   * unseenAtAccountsPace): a standing relationship's transfers, not a stranger's, so no episode is made of them.
   */
  unseen?: Uint8Array;
}

/**
 * Every small episode that touches a flagged account. Those wholly of flagged accounts teach the model what a scheme's
 * episodes look like; only those holding an account that is neither flagged nor excluded can flag one (`open`).
 */
export function smallEpisodes(input: EpisodeInput): EpisodeTable {
  const { ix, pairs, back, flagged, excluded } = input;
  /** Transfer t is over a one-off pair: at most schemePairMaxTransfers between its two accounts, both ways. */
  const oneOff = (t: number) => {
    const p = pairs.pairOf[t];
    return p >= 0 && pairs.n[p] + back[p] <= input.schemePairMaxTransfers;
  };
  const unseen = (t: number) => {
    const p = pairs.pairOf[t];
    return p >= 0 && input.unseen?.[p] === 1;
  };
  const pairsOf = (a: number) =>
    pairs.outStart[a + 1] - pairs.outStart[a] + pairs.inStart[a + 1] - pairs.inStart[a];
  /** Any transfer between a and b, either way: looked up among the pairs of whichever has fewer. */
  const linked = (a: number, b: number) => {
    const [x, y] = pairsOf(a) <= pairsOf(b) ? [a, b] : [b, a];
    for (let i = pairs.outStart[x]; i < pairs.outStart[x + 1]; i++)
      if (pairs.to[pairs.outIdx[i]] === y) return true;
    for (let i = pairs.inStart[x]; i < pairs.inStart[x + 1]; i++)
      if (pairs.from[pairs.inIdx[i]] === y) return true;
    return false;
  };

  // Middle accounts: the flagged ones and their one-off counterparties (an episode that touches a flagged account has
  // it or one of them in the middle).
  const middle = new Set<number>();
  for (let a = 0; a < ix.n; a++) {
    if (!flagged(a)) continue;
    middle.add(a);
    for (let e = ix.evStart[a]; e < ix.evStart[a + 1]; e++) {
      const t = ix.ev[e] >> 1;
      const other = ix.ev[e] & 1 ? ix.from[t] : ix.to[t];
      if (other >= 0 && oneOff(t)) middle.add(other);
    }
  }

  const profile = new Map<
    number,
    { n: number; median: number; largest: number; parties: number; oneOff: number }
  >();
  const profileOf = (a: number) => {
    let p = profile.get(a);
    if (p) return p;
    const sums: number[] = [];
    const parties = new Set<number>();
    const once = new Set<number>();
    for (let e = ix.evStart[a]; e < ix.evStart[a + 1]; e++) {
      const t = ix.ev[e] >> 1;
      const other = ix.ev[e] & 1 ? ix.from[t] : ix.to[t];
      if (other < 0) continue;
      sums.push(ix.kzt[t]);
      parties.add(other);
      if (oneOff(t)) once.add(other);
    }
    sums.sort((x, y) => x - y);
    const h = sums.length >> 1;
    const median = sums.length ? (sums.length % 2 ? sums[h] : (sums[h - 1] + sums[h]) / 2) : NaN;
    p = {
      n: sums.length,
      median,
      largest: sums.length ? sums[sums.length - 1] : NaN,
      parties: parties.size,
      oneOff: parties.size ? once.size / parties.size : 0,
    };
    profile.set(a, p);
    return p;
  };

  const episodes: Episode[] = [];
  const rows: number[] = [];
  const fill = (row: number[], slot: number, a: number, v: number) => {
    const p = profileOf(a);
    const at = ACC0 + slot * ACCOUNT_FEATURES.length;
    row[at] = Math.log1p(p.n);
    row[at + 1] = p.median > 0 ? Math.log(v / p.median) : 0;
    row[at + 2] = v < p.largest ? Math.log(v / p.largest) : 0;
    row[at + 3] = p.oneOff;
    row[at + 4] = Math.log1p(p.parties);
    row[at + 5] = flagged(a) ? 1 : 0;
  };
  const emit = (
    kind: EpisodeKind,
    accounts: number[],
    transfers: number[],
    head: [gapMs: number, ratio: number, first: number, second: number],
    slots: [account: number, sum: number][],
  ) => {
    if (!accounts.some(flagged)) return;
    const row = new Array<number>(WIDTH).fill(0);
    row[0] = EPISODE_KINDS.indexOf(kind);
    row[1] = Math.log(head[0] / HOUR + 0.01);
    row[2] = head[1];
    row[3] = input.shareBelow(head[2]);
    row[4] = input.shareBelow(head[3]);
    let links = 0;
    for (let i = 0; i < accounts.length; i++)
      for (let j = i + 1; j < accounts.length; j++) if (linked(accounts[i], accounts[j])) links++;
    row[5] = links;
    slots.forEach(([a, v], s) => fill(row, s, a, v));
    episodes.push({ kind, accounts, transfers, open: accounts.some((a) => !flagged(a) && !excluded(a)) });
    for (const x of row) rows.push(x);
  };

  for (const b of [...middle].sort((x, y) => x - y)) {
    const ins: number[] = [];
    const outs: number[] = [];
    for (let e = ix.evStart[b]; e < ix.evStart[b + 1]; e++) {
      const t = ix.ev[e] >> 1;
      if (unseen(t)) continue;
      if (ix.ev[e] & 1) {
        if (oneOff(t)) ins.push(t);
      } else if (oneOff(t)) outs.push(t);
    }
    // Transfers are numbered in time order, so each list is already sorted by time.
    ins.sort((x, y) => x - y);
    outs.sort((x, y) => x - y);
    let first = 0;
    for (let i = 0; i < ins.length; i++) {
      const tIn = ins[i];
      const a = ix.from[tIn];
      while (first < outs.length && ix.ts[outs[first]] <= ix.ts[tIn]) first++;
      for (let j = first; j < outs.length && ix.ts[outs[j]] - ix.ts[tIn] <= MAX_DWELL_MS; j++) {
        const tOut = outs[j];
        const c = ix.to[tOut];
        if (c === a) continue;
        const gap = ix.ts[tOut] - ix.ts[tIn];
        const r = ix.kzt[tOut] / ix.kzt[tIn];
        if (r >= MIN_RATIO && r <= MAX_RATIO)
          emit(
            "chain",
            [a, b, c],
            [tIn, tOut],
            [gap, r, ix.kzt[tIn], ix.kzt[tOut]],
            [
              [a, ix.kzt[tIn]],
              [b, Math.max(ix.kzt[tIn], ix.kzt[tOut])],
              [c, ix.kzt[tOut]],
            ],
          );
        if (i === 0) continue;
        const t0 = ins[i - 1];
        const a0 = ix.from[t0];
        if (a0 === a || a0 === c || ix.ts[tIn] - ix.ts[t0] > MAX_GAP_MS) continue;
        const both = ix.kzt[t0] + ix.kzt[tIn];
        const r2 = ix.kzt[tOut] / both;
        if (r2 >= MIN_RATIO && r2 <= MAX_RATIO)
          emit(
            "gather",
            [a0, a, b, c],
            [t0, tIn, tOut],
            [gap, r2, both, ix.kzt[tOut]],
            [
              [a, ix.kzt[tIn]],
              [b, ix.kzt[tOut]],
              [c, ix.kzt[tOut]],
              [a0, ix.kzt[t0]],
            ],
          );
      }
    }
    for (const [list, kind] of [
      [ins, "fan_in"],
      [outs, "fan_out"],
    ] as const) {
      for (let i = 1; i < list.length; i++) {
        const t1 = list[i - 1];
        const t2 = list[i];
        const x = kind === "fan_in" ? ix.from[t1] : ix.to[t1];
        const y = kind === "fan_in" ? ix.from[t2] : ix.to[t2];
        const gap = ix.ts[t2] - ix.ts[t1];
        if (x === y || gap > MAX_GAP_MS) continue;
        const v1 = ix.kzt[t1];
        const v2 = ix.kzt[t2];
        emit(
          kind,
          [x, b, y],
          [t1, t2],
          [gap, Math.min(v1, v2) / Math.max(v1, v2), v1, v2],
          [
            [x, v1],
            [b, v1 + v2],
            [y, v2],
          ],
        );
      }
    }
  }
  return { episodes, values: Float64Array.from(rows), width: WIDTH };
}
