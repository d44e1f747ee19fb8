/**
 * What the data lets the rules read: how many accounts have a counterparty they dealt with more than once, how many
 * pairs dealt once, how long the data runs. When too few accounts have a history to compare with, the run carries a
 * caveat that the CLI, the client and a cluster's evidence report show (docs/DETECTION.md § 10, "Thin history").
 */
import type { DataCaveat } from "../../../model/analysis.js";
import type { IndexedProjection } from "./indexed.js";
import type { Pairs } from "./pairs.js";

const DAY = 86_400_000;

export interface DataProfile {
  /** Accounts with at least one transfer to or from another account (withdrawals aside). */
  accountsTransferring: number;
  /** Of those, accounts that dealt with no counterparty twice (both directions together). */
  accountsWithoutRepeat: number;
  withoutRepeatShare: number;
  /** Account pairs that dealt with each other at all, and the share of them that dealt once. */
  pairs: number;
  pairsOnceShare: number;
  spanDays: number;
}

/** Profile the data over the pairs the rules use. Linear in accounts and pairs. */
export function dataProfile(ix: IndexedProjection, pairs: Pairs): DataProfile {
  const repeat = new Uint8Array(ix.n);
  const transferring = new Uint8Array(ix.n);
  // Per account a, how often each of its payers paid it, so a pair paid both ways counts as dealing twice.
  const paidBy = new Int32Array(ix.n);
  let unordered = 0;
  let once = 0;
  for (let a = 0; a < ix.n; a++) {
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const p = pairs.inIdx[i];
      paidBy[pairs.from[p]] = pairs.n[p];
    }
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      const b = pairs.to[p];
      transferring[a] = transferring[b] = 1;
      const back = paidBy[b];
      // Each unordered pair once: from its sender when it is paid one way, from the lower index when both ways.
      if (back === 0 || a < b) {
        unordered++;
        if (pairs.n[p] + back === 1) once++;
      }
      if (pairs.n[p] + back >= 2) repeat[a] = repeat[b] = 1;
    }
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) paidBy[pairs.from[pairs.inIdx[i]]] = 0;
  }
  let accounts = 0;
  let without = 0;
  for (let a = 0; a < ix.n; a++) {
    if (!transferring[a]) continue;
    accounts++;
    if (!repeat[a]) without++;
  }
  return {
    accountsTransferring: accounts,
    accountsWithoutRepeat: without,
    withoutRepeatShare: round(accounts ? without / accounts : 0, 4),
    pairs: unordered,
    pairsOnceShare: round(unordered ? once / unordered : 0, 4),
    spanDays: round(ix.transfers.length ? (ix.lastTs - ix.firstTs) / DAY : 0, 1),
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The caveats a profile calls for, given the share of accounts without a repeat above which history is thin. */
export function dataCaveats(profile: DataProfile, thinHistoryShare: number): DataCaveat[] {
  if (!profile.accountsTransferring || profile.withoutRepeatShare <= thinHistoryShare) return [];
  const pct = Math.round(profile.withoutRepeatShare * 100);
  const days = Math.round(profile.spanDays);
  return [
    {
      kind: "thin-history",
      text:
        `${pct}% of the accounts (${profile.accountsWithoutRepeat} of ${profile.accountsTransferring}) dealt with no ` +
        `counterparty twice in the data's ${days} days: the rules that compare a sum with an account's usual ones ` +
        `and its pace have little history to go on here, so flags resting on transfers alone are weak ` +
        `(on registers like this, between one flag in ten and one in four was right when measured). Longer data helps.`,
      accounts: profile.accountsTransferring,
      withoutRepeat: profile.accountsWithoutRepeat,
      share: profile.withoutRepeatShare,
      spanDays: days,
    },
  ];
}
