/**
 * Stragglers (docs/DETECTION.md § "Stragglers"): after the rules, the small episodes that touch an account they flagged
 * (episodes.ts) are scored by a model trained on generated worlds (tools/stragglers/train.py → model.json, walked by
 * learned/model.ts). An account the rules left ordinary that takes part in an episode at or above the model's
 * threshold, and that the money reached or that passed it on, is flagged, with the episode told in its transfers and
 * the model's probability as its reasons: a scheme's last members are tied to its found ones by one or two transfers
 * that the rules' thresholds do not reach.
 */
import { readFileSync } from "node:fs";
import type { AccountRole } from "../../../../model/graph.js";
import { duration } from "../format.js";
import type { IndexedProjection } from "../indexed.js";
import { isFlaggedRole } from "../roles.js";
import { openedForIt, unusualFor } from "../typologies/bursts.js";
import { TreeModel, type ModelJson } from "../learned/model.js";
import { EPISODE_FEATURES, type Episode, type EpisodeTable } from "./episodes.js";

export { smallEpisodes, EPISODE_FEATURES } from "./episodes.js";

let loaded: TreeModel | null = null;

/** The committed model (stragglers/model.json), read once. */
export function stragglersModel(): TreeModel {
  loaded ??= new TreeModel(
    JSON.parse(readFileSync(new URL("./model.json", import.meta.url), "utf8")) as ModelJson,
  );
  return loaded;
}

export interface StragglersContext {
  ix: IndexedProjection;
  role: AccountRole[];
  score: Float64Array;
  reasons: Map<number, string[]>;
  /** An amount (in the projection's KZT) in the data's own currency. */
  money: (kzt: number) => string;
  /** Transfer t says it is a loan (loanPurposePattern): its payer is a lender, not a member. */
  isLoan?: (t: number) => boolean;
  /**
   * A payer with a life of its own (more than three transfers) whose every payment in the episode was this many times
   * its usual sums moved a sum it never moves, and is taken as one opened for it is (fanDwarfFactor: the rules take
   * such a source of a shape as a member in full; typologies/index.ts). None when absent.
   */
  dwarfFactor?: number;
}

/** The episode in its transfers: who paid whom how much, and how long after. */
export function tellEpisode(e: Episode, ix: IndexedProjection, money: (kzt: number) => string): string {
  const key = (a: number) => ix.keys[a];
  const sum = (t: number) => money(ix.kzt[t]);
  const after = (t1: number, t2: number) => duration(ix.ts[t2] - ix.ts[t1]);
  const [t1, t2, t3] = e.transfers;
  switch (e.kind) {
    case "chain": {
      const [a, b, c] = e.accounts;
      return `episode: ${key(a)} paid ${key(b)} ${sum(t1)}, and ${key(b)} passed ${sum(t2)} on to ${key(c)} ${after(t1, t2)} later`;
    }
    case "gather": {
      const [a0, a, b, c] = e.accounts;
      return `episode: ${key(a0)} and ${key(a)} paid ${key(b)} ${sum(t1)} and ${sum(t2)}, and ${key(b)} passed ${sum(t3)} on to ${key(c)} ${after(t2, t3)} later`;
    }
    case "fan_in": {
      const [x, b, y] = e.accounts;
      return `episode: ${key(x)} and ${key(y)} paid ${key(b)} ${sum(t1)} and ${sum(t2)} within ${after(t1, t2)}`;
    }
    case "fan_out": {
      const [x, b, y] = e.accounts;
      return `episode: ${key(b)} paid ${key(x)} and ${key(y)} ${sum(t1)} and ${sum(t2)} within ${after(t1, t2)}`;
    }
  }
}

const pctOf = (x: number) => Math.round(100 * x);

/**
 * The accounts of an episode a flag may fall on: one that passed the money on (a chain's or gather's middle), one the
 * money reached from a flagged account along the episode, or one that only paid in when it was opened for it, or paid
 * sums it never moves, and paid a flagged account itself (`opened` says so; applyStragglers also leaves out a payment
 * that says it is a loan). Any other payer with a life of its own is never one: a victim or a lender sits there as
 * well (in the first world without its complaints, victims paid drops just so); nor is a fan-out's second receiver,
 * no one's accomplice for sharing an ordinary payer with a flagged one.
 */
export function reachedOrPassedOn(
  e: Episode,
  flagged: (a: number) => boolean,
  opened: (a: number) => boolean = () => false,
): number[] {
  const out: number[] = [];
  const payer = (a: number, paid: number[]) => {
    if (opened(a) && paid.some(flagged)) out.push(a);
  };
  switch (e.kind) {
    case "chain": {
      const [a, b, c] = e.accounts;
      out.push(b);
      if (flagged(a) || flagged(b)) out.push(c);
      payer(a, [b]);
      break;
    }
    case "gather": {
      const [a0, a, b, c] = e.accounts;
      out.push(b);
      if (flagged(a0) || flagged(a) || flagged(b)) out.push(c);
      payer(a0, [b]);
      payer(a, [b]);
      break;
    }
    case "fan_in": {
      const [x, b, y] = e.accounts;
      if (flagged(x) || flagged(y)) out.push(b);
      payer(x, [b]);
      payer(y, [b]);
      break;
    }
    case "fan_out": {
      const [x, b, y] = e.accounts;
      if (flagged(b)) out.push(x, y);
      payer(b, [x, y]);
      break;
    }
  }
  return out;
}

/**
 * Flag the accounts the rules left ordinary that take part in an episode the model puts at or above its threshold, as
 * reachedOrPassedOn allows (a payer with three transfers or fewer, withdrawals included, was opened for it:
 * typologies/bursts.ts openedForIt; one whose every payment in it was `dwarfFactor` times its usual sums moved a sum it
 * never moves; a payment that says it is a loan is a lender's either way): the middle account of a fan-in or gather
 * becomes a hub, any other a drop. Each gets its best episode as its reason, a payer also why it was taken. Returns how
 * many it flagged.
 */
export function applyStragglers(
  table: EpisodeTable,
  ctx: StragglersContext,
  model = stragglersModel(),
): number {
  const names = model.featureNames;
  if (names.length !== EPISODE_FEATURES.length || names.some((n, i) => n !== EPISODE_FEATURES[i]))
    throw new Error("stragglers' model: its features are not the ones stragglers/episodes.ts computes");
  const before = new Set<number>();
  for (const e of table.episodes) for (const a of e.accounts) if (isFlaggedRole(ctx.role[a])) before.add(a);
  const flaggedBefore = (a: number) => before.has(a);
  const isLoan = ctx.isLoan ?? (() => false);
  /** Why a payer of the episode (paying into it, paid nothing in it) may be flagged, or null: see StragglersContext. */
  const payerWhy = (e: Episode, a: number): string | null => {
    const pays = e.transfers.filter((t) => ctx.ix.from[t] === a);
    if (!pays.length || pays.some(isLoan) || e.transfers.some((t) => ctx.ix.to[t] === a)) return null;
    const key = ctx.ix.keys[a];
    if (openedForIt(ctx.ix, a))
      return `payer: ${key} had three transfers or fewer in all the data (opened for it)`;
    const skip = new Set(e.transfers);
    const f = ctx.dwarfFactor;
    return f !== undefined && pays.every((t) => unusualFor(ctx.ix, a, ctx.ix.kzt[t], skip, f, false))
      ? `payer: ${key} paid at least ${f} times its usual sums in it`
      : null;
  };
  const openedFor = (e: Episode) => (a: number) => payerWhy(e, a) !== null;
  const best = new Map<number, { r: number; p: number }>();
  for (let r = 0; r < table.episodes.length; r++) {
    if (!table.episodes[r].open) continue;
    const p = model.probability(table.values.subarray(r * table.width, (r + 1) * table.width));
    if (p < model.threshold) continue;
    const e = table.episodes[r];
    for (const a of reachedOrPassedOn(e, flaggedBefore, openedFor(e))) {
      if (flaggedBefore(a) || ctx.role[a] !== "ordinary") continue;
      const had = best.get(a);
      if (!had || p > had.p) best.set(a, { r, p });
    }
  }
  for (const [a, { r, p }] of [...best].sort((x, y) => x[0] - y[0])) {
    const e = table.episodes[r];
    const middle = e.kind === "gather" ? e.accounts[2] : e.accounts[1];
    ctx.role[a] = a === middle && (e.kind === "fan_in" || e.kind === "gather") ? "hub" : "drop";
    ctx.score[a] = Math.max(ctx.score[a], Math.round(1000 * p) / 10);
    const beside = e.accounts.filter((x) => x !== a && flaggedBefore(x)).map((x) => ctx.ix.keys[x]);
    const why = payerWhy(e, a);
    ctx.reasons.set(a, [
      ...(ctx.reasons.get(a) ?? []),
      tellEpisode(e, ctx.ix, ctx.money),
      ...(why ? [why] : []),
      `stragglers' model: ${pctOf(p)}% likely one scheme's, beside ${beside.join(", ")} that the rules flagged (a model trained on generated worlds flags from ${pctOf(model.threshold)}%)`,
    ]);
  }
  return best.size;
}
