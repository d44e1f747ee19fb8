/**
 * Detection's reading of the one exit rule (server/analytics/exits.ts, shared with tracing) for R5: a wallet address
 * in the payment purpose, a withdrawal at an ATM abroad, a watch-listed or exchange account, or an account at a
 * foreign bank. Domestic ATM withdrawals stop a trace but are cash-outs, not exits, here: everyone draws cash.
 */
import type { TransferEdge } from "../../../model/graph.js";
import { accountExitKind, exitOf, inferHomeCountry } from "../exits.js";
import type { IndexedProjection } from "./indexed.js";

export type ExitKind = "wallet" | "atm_abroad" | "watchlist" | "foreign_bank";
/** An exit kind, or "sink": an account found to keep what suspects pay them (roles.ts), no exit by its own data. */
export type CashOutKind = ExitKind | "sink";

/**
 * The home country detection runs with: the setting, or with "auto" the country most of the data's accounts are in
 * (null when none has a readable country: then nothing is foreign).
 */
export function resolveHomeCountry(ix: IndexedProjection, setting: string): string | null {
  if (setting !== "auto") return setting;
  return inferHomeCountry(ix.keys.map((k, a) => [k, ix.info[a]] as [string, (typeof ix.info)[number]]));
}

/** Exit kinds of every account of the projection (null for ordinary accounts). */
export function accountExitKinds(ix: IndexedProjection, homeCountry: string | null): (ExitKind | null)[] {
  return ix.keys.map((key, a) => accountExitKind(key, ix.info[a], homeCountry));
}

/** The exit kind of one outflow, given the exit kinds of the receiving accounts; null when it is no exit. */
export function transferExitKind(
  tr: TransferEdge,
  receiverExit: ExitKind | null,
  homeCountry: string | null,
): ExitKind | null {
  const hit = exitOf(
    tr,
    undefined,
    homeCountry,
    receiverExit === "watchlist" || receiverExit === "foreign_bank" ? receiverExit : null,
  );
  return hit && hit.kind !== "atm" ? hit.kind : null;
}

export const EXIT_WORDS: Record<CashOutKind, string> = {
  wallet: "crypto wallets",
  atm_abroad: "ATMs abroad",
  watchlist: "watch-listed exchange / P2P accounts",
  foreign_bank: "foreign banks",
  sink: "accounts that keep what suspects pay them",
};

/** What account `a` paid out to exits, by kind, each outflow counted once (its own exit kind first, then sinks). */
export function cashOut(
  ix: IndexedProjection,
  a: number,
  exitKinds: (ExitKind | null)[],
  sinks: Set<number>,
  homeCountry: string | null,
): { byKind: Partial<Record<CashOutKind, number>>; total: number } {
  const byKind: Partial<Record<CashOutKind, number>> = {};
  let total = 0;
  for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++) {
    const e = ix.ev[i];
    if (e & 1) continue;
    const t = e >> 1;
    const r = ix.to[t];
    const kind: CashOutKind | null =
      transferExitKind(ix.transfers[t], r >= 0 ? exitKinds[r] : null, homeCountry) ??
      (sinks.has(r) ? "sink" : null);
    if (!kind) continue;
    byKind[kind] = (byKind[kind] ?? 0) + ix.kzt[t];
    total += ix.kzt[t];
  }
  return { byKind, total };
}

/** "1 200 000 KZT to ATMs abroad, 300 000 KZT to crypto wallets", largest first, each amount told by `money`. */
export function cashOutWords(
  byKind: Partial<Record<CashOutKind, number>>,
  money: (v: number) => string,
): string {
  return (Object.entries(byKind) as [CashOutKind, number][])
    .filter(([, v]) => v > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${money(v)} to ${EXIT_WORDS[k]}`)
    .join(", ");
}
