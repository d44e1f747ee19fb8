/**
 * The exit-key rule shared with the generator's truth (docs/FORMATS.md, "Rules shared by the generator's truth and
 * the tracer"): an outflow exits at the wallet its purpose names; else, for a withdrawal, at the ATM; else at the
 * receiving account when that account is watch-listed or foreign. Money reaching an exit stops there.
 */
import type { TransferEdge } from "../../../model/graph.js";
import type { ProjectionAccount } from "../../../model/analysis.js";
import { compactIdentifier, isBic, looksLikeIban } from "../../../model/identifiers.js";
import type { TraceExit } from "../../../model/trace.js";

export interface ExitHit {
  id: string;
  kind: TraceExit["kind"];
}

/** Country of a bank given as a BIC (letters 5–6), or undefined when the bank is not BIC-shaped. */
function bicCountry(bank: string | undefined): string | undefined {
  const bic = bank ? compactIdentifier(bank) : "";
  return isBic(bic) ? bic.slice(4, 6) : undefined;
}

/**
 * Is the account foreign? Its kind says so, its IBAN's country is not KZ, or its bank is a BIC of another country.
 * Works from the key alone (`IBAN` or `${bank}:${number}`) when the store has no record of the account.
 */
export function isForeignAccount(key: string, account: ProjectionAccount | undefined): boolean {
  if (account?.accountKind === "foreign") return true;
  const iban = compactIdentifier(account?.iban ?? key);
  if (looksLikeIban(iban) && !iban.startsWith("KZ")) return true;
  const colon = key.indexOf(":");
  const bank = account?.bank ?? (colon > 0 ? key.slice(0, colon) : undefined);
  const country = bicCountry(bank);
  return country !== undefined && country !== "KZ";
}

/** The exit an outflow reaches, or null when its receiver is an ordinary account to follow. */
export function exitOf(t: TransferEdge, receiver: ProjectionAccount | undefined): ExitHit | null {
  const wallet = t.wallets?.[0];
  if (wallet) return { id: wallet, kind: "wallet" };
  if (t.atm) {
    const abroad = t.atm.country && t.atm.country.toUpperCase() !== "KZ";
    return { id: t.atm.atmId, kind: abroad ? "atm_abroad" : "atm" };
  }
  if (t.to.startsWith("atm:")) return { id: t.to.slice(4), kind: "atm" };
  if (receiver?.watchlist) return { id: t.to, kind: "watchlist" };
  if (isForeignAccount(t.to, receiver)) return { id: t.to, kind: "foreign_bank" };
  return null;
}
