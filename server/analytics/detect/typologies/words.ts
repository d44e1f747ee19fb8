/**
 * Typology reasons in plain words a person can check against the register: the accounts, the amounts in the data's
 * own currency, the times.
 */
import { count, duration, listSome, money as inCurrency } from "../format.js";
import type { IndexedProjection } from "../indexed.js";

export interface Words {
  /** An amount in the data's unit: "12 500 USD". */
  money(v: number): string;
  /** Sum of the transfers' amounts. */
  sum(transfers: number[]): string;
  /** "within 3 days" (first to last of the transfers). */
  span(transfers: number[]): string;
  keys(accounts: number[]): string;
  /** "A → B 1 000 USD (2024-03-04 10:00 UTC), → C 950 USD (+3 h)…", the first few hops. */
  path(transfers: number[]): string;
  count: typeof count;
}

/**
 * The unit amounts are told in: the data's currency when every transfer is in one currency converted at one rate
 * (or not at all), with the factor back from the projection's KZT; else KZT.
 */
export function amountUnit(ix: IndexedProjection): { unit: string; perKzt: number } {
  let unit: string | null = null;
  let perKzt = NaN;
  for (const t of ix.transfers) {
    if (t.atm || !(t.amountKzt > 0)) continue;
    const r = t.amount / t.amountKzt;
    if (unit === null) {
      unit = t.currency;
      perKzt = r;
    } else if (unit !== t.currency || Math.abs(r - perKzt) > 1e-9 * Math.max(1, perKzt)) {
      return { unit: "KZT", perKzt: 1 };
    }
  }
  return unit === null ? { unit: "KZT", perKzt: 1 } : { unit, perKzt };
}

function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** An amount (in the projection's KZT) told in the data's own unit (amountUnit): "1 250 USD". */
export function moneyIn(ix: IndexedProjection): (kzt: number) => string {
  const { unit, perKzt } = amountUnit(ix);
  return (v: number) => inCurrency(v * perKzt, unit);
}

/** Words over one indexed projection (`money`: moneyIn(ix), when the caller has it already). */
export function wordsFor(ix: IndexedProjection, money = moneyIn(ix)): Words {
  return {
    money,
    sum: (ts) => money(ts.reduce((x, t) => x + ix.kzt[t], 0)),
    span: (list) => {
      if (!list.length) return "";
      let lo = Infinity;
      let hi = -Infinity;
      for (const t of list) {
        lo = Math.min(lo, ix.ts[t]);
        hi = Math.max(hi, ix.ts[t]);
      }
      return hi > lo ? `within ${duration(hi - lo)}` : "at one time";
    },
    keys: (accounts) => listSome(accounts.map((a) => ix.keys[a])),
    path: (transfers) => {
      if (!transfers.length) return "";
      const first = transfers[0];
      const parts = [
        `${ix.keys[ix.from[first]]} → ${ix.keys[ix.to[first]]} ${money(ix.kzt[first])} (${utc(ix.ts[first])})`,
      ];
      for (const t of transfers.slice(1, 6)) {
        parts.push(`→ ${ix.keys[ix.to[t]]} ${money(ix.kzt[t])} (+${duration(ix.ts[t] - ix.ts[first])})`);
      }
      if (transfers.length > 6) parts.push(`and ${transfers.length - 6} more`);
      return parts.join(", ");
    },
    count,
  };
}
