/**
 * The currencies a trace's data holds and the rate each is converted with, so that amounts (traced in KZT tiyn)
 * can be shown in every currency with the rate's source beside them: the fxTable when one was given, otherwise the
 * data's own average rate (Σ amountKzt / Σ amount of the currency's transfers the trace read).
 */
import type { TransferEdge } from "../../../model/graph.js";
import type { TraceCurrency } from "../../../model/trace.js";

/** The currencies of `transfers`, KZT first, then by how many transfers use them. */
export function traceCurrencies(
  transfers: Iterable<TransferEdge>,
  fxTable: Record<string, number> | undefined,
): TraceCurrency[] {
  const seen = new Map<string, { amount: number; kzt: number; transfers: number }>();
  for (const t of transfers) {
    const code = (t.currency ?? "KZT").toUpperCase();
    let s = seen.get(code);
    if (!s) seen.set(code, (s = { amount: 0, kzt: 0, transfers: 0 }));
    s.transfers++;
    if (Number.isFinite(t.amount) && Number.isFinite(t.amountKzt) && t.amount > 0) {
      s.amount += t.amount;
      s.kzt += t.amountKzt;
    }
  }
  const out: TraceCurrency[] = [{ currency: "KZT", kztPerUnit: 1, rateSource: "kzt", transfers: 0 }];
  for (const [code, s] of seen) {
    if (code === "KZT") {
      out[0]!.transfers = s.transfers;
      continue;
    }
    const table = fxTable?.[code];
    if (table !== undefined)
      out.push({ currency: code, kztPerUnit: table, rateSource: "table", transfers: s.transfers });
    else if (s.amount > 0 && s.kzt > 0) {
      out.push({ currency: code, kztPerUnit: s.kzt / s.amount, rateSource: "data", transfers: s.transfers });
    }
  }
  return out.sort((a, b) =>
    a.currency === "KZT" ? -1 : b.currency === "KZT" ? 1 : b.transfers - a.transfers,
  );
}

/** A KZT amount in every currency, rounded to 2 decimals. */
export function inCurrencies(kzt: number, currencies: TraceCurrency[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of currencies) out[c.currency] = Math.round((kzt / c.kztPerUnit) * 100) / 100;
  return out;
}
