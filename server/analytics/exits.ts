/**
 * The one exit rule of detection and tracing (docs/FORMATS.md, "Rules shared by the generator's truth and the
 * tracer"): where money leaves the reach of the data's banks. An outflow exits at the wallet its purpose names; else,
 * for a withdrawal, at the ATM (abroad or at home); else at the receiving account when that account is watch-listed
 * or an exchange (an exit to crypto either way) or at a foreign bank.
 *
 * "Foreign" is relative to a home country that is a parameter, never a constant: detection takes it from its
 * settings or infers it from the data (the country most accounts are in); tracing takes the country of the account
 * that pays (a followed account is never foreign, or the money would have stopped there). Without a home country
 * nothing is foreign by country: a register of one bank with bare account numbers has no foreign accounts to find.
 */
import type { ProjectionAccount } from "../../model/analysis.js";
import type { TransferEdge } from "../../model/graph.js";
import { accountCountry, compactIdentifier, isBic, looksLikeIban } from "../../model/identifiers.js";
import type { TraceExit } from "../../model/trace.js";

/** What kind of exit an outflow reaches: "atm" is cash at home (money leaves the data, but not the country). */
export type ExitKind = TraceExit["kind"];

export interface ExitHit {
  id: string;
  kind: ExitKind;
}

/**
 * Country of an account: its IBAN's, else its bank's BIC's (letters 5–6), read from the record or from the key
 * itself (`IBAN` or `${bank}:${number}`). Undefined when none can be read (a bare account number).
 */
export function countryOfAccount(key: string, info?: ProjectionAccount): string | undefined {
  const fromKey = compactIdentifier(key);
  const iban = info?.iban ? compactIdentifier(info.iban) : looksLikeIban(fromKey) ? fromKey : undefined;
  const colon = key.indexOf(":");
  const bank = info?.bank ?? (colon > 0 ? key.slice(0, colon) : undefined);
  const bic = bank ? compactIdentifier(bank) : undefined;
  return accountCountry(iban, bic && isBic(bic) ? bic : undefined);
}

/**
 * The data's home country: the country of most accounts whose country can be read, when they are at least half of
 * those (a register of one country's banks with some foreign counterparties). Null when no account has one.
 */
export function inferHomeCountry(accounts: Iterable<[string, ProjectionAccount | undefined]>): string | null {
  const counts = new Map<string, number>();
  let known = 0;
  for (const [key, info] of accounts) {
    if (info?.accountKind === "foreign") continue;
    const c = countryOfAccount(key, info);
    if (!c) continue;
    known++;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: [string, number] | null = null;
  for (const [c, k] of counts) if (!best || k > best[1] || (k === best[1] && c < best[0])) best = [c, k];
  return best && best[1] * 2 >= known ? best[0] : null;
}

/** Is the account at a foreign bank? By its kind, or by its country when both it and the home country are known. */
export function isForeignAccount(
  key: string,
  account: ProjectionAccount | undefined,
  homeCountry: string | null,
): boolean {
  if (account?.accountKind === "foreign") return true;
  if (!homeCountry) return false;
  const country = countryOfAccount(key, account);
  return country !== undefined && country !== homeCountry.toUpperCase();
}

/** The exit an account is in itself (watch-listed or exchange, foreign bank), or null for an ordinary account. */
export function accountExitKind(
  key: string,
  account: ProjectionAccount | undefined,
  homeCountry: string | null,
): Extract<ExitKind, "watchlist" | "foreign_bank"> | null {
  if (account?.watchlist || account?.accountKind === "exchange") return "watchlist";
  return isForeignAccount(key, account, homeCountry) ? "foreign_bank" : null;
}

/**
 * The exit an outflow reaches, or null when its receiver is an ordinary account to follow. `receiverExit` lets a
 * caller that has the receivers' exit kinds at hand skip working them out again.
 */
export function exitOf(
  t: TransferEdge,
  receiver: ProjectionAccount | undefined,
  homeCountry: string | null,
  receiverExit: ReturnType<typeof accountExitKind> | undefined = undefined,
): ExitHit | null {
  const wallet = t.wallets?.[0];
  if (wallet) return { id: wallet, kind: "wallet" };
  if (t.atm) {
    const country = t.atm.country?.toUpperCase();
    const abroad = !!country && !!homeCountry && country !== homeCountry.toUpperCase();
    return { id: t.atm.atmId, kind: abroad ? "atm_abroad" : "atm" };
  }
  if (t.to.startsWith("atm:")) return { id: t.to.slice(4), kind: "atm" };
  const kind = receiverExit === undefined ? accountExitKind(t.to, receiver, homeCountry) : receiverExit;
  return kind ? { id: t.to, kind } : null;
}
