/**
 * Where money leaves the reach of domestic banks (R5 and docs/FORMATS.md's exit rule): a wallet address in the
 * payment purpose, a withdrawal at an ATM abroad, a watch-listed exchange / P2P / card-to-crypto account, or an
 * account at a foreign bank. Domestic ATM withdrawals are cash-outs, reported but not counted as exits.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { IndexedProjection } from "./indexed.js";

export type ExitKind = "wallet" | "atm_abroad" | "watchlist" | "foreign_bank";
/** An exit kind, or "sink": an account found to keep what suspects pay it (roles.ts), no exit by its own data. */
export type CashOutKind = ExitKind | "sink";

/** Country of an IBAN, of a BIC (letters 5–6) or of a `${bic}:${number}` key; null when none can be read. */
export function countryOfAccount(key: string, info?: ProjectionAccount): string | null {
  const iban = info?.iban ?? (/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(key) ? key : undefined);
  if (iban) return iban.slice(0, 2);
  const bank = info?.bank ?? (key.includes(":") ? key.slice(0, key.indexOf(":")) : undefined);
  if (bank && /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bank)) return bank.slice(4, 6);
  return null;
}

/** The exit kind of an account itself (watch-list or foreign bank), or null. */
export function accountExitKind(
  key: string,
  info: ProjectionAccount | undefined,
  homeCountry: string,
): ExitKind | null {
  if (info?.watchlist || info?.accountKind === "exchange") return "watchlist";
  if (info?.accountKind === "foreign") return "foreign_bank";
  const country = countryOfAccount(key, info);
  return country && country !== homeCountry ? "foreign_bank" : null;
}

/** Exit kinds of every account of the projection (null for ordinary accounts). */
export function accountExitKinds(ix: IndexedProjection, homeCountry: string): (ExitKind | null)[] {
  return ix.keys.map((key, a) => accountExitKind(key, ix.info[a], homeCountry));
}

/** The exit kind of one outflow, given the exit kinds of the receiving accounts; null when it is no exit. */
export function transferExitKind(
  tr: TransferEdge,
  receiverExit: ExitKind | null,
  homeCountry: string,
): ExitKind | null {
  if (tr.wallets && tr.wallets.length > 0) return "wallet";
  if (tr.atm) return tr.atm.country && tr.atm.country !== homeCountry ? "atm_abroad" : null;
  return receiverExit;
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
  homeCountry: string,
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

/** "1 200 000 KZT to ATMs abroad, 300 000 KZT to crypto wallets", largest first. */
export function cashOutWords(
  byKind: Partial<Record<CashOutKind, number>>,
  kzt: (v: number) => string,
): string {
  return (Object.entries(byKind) as [CashOutKind, number][])
    .filter(([, v]) => v > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${kzt(v)} to ${EXIT_WORDS[k]}`)
    .join(", ");
}
