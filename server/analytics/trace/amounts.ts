/**
 * Money inside the tracer is counted in whole tiyn (1/100 KZT) so that splitting and summing are exact and the
 * conservation identity (traced = exits + holding + untraced) holds to the tiyn, not just to rounding error.
 */
import type { TransferEdge } from "../../../model/graph.js";

/** KZT (major units, 2 decimals) → integer tiyn. */
export function toTiyn(kzt: number): number {
  return Math.round(kzt * 100);
}

/** Integer tiyn → KZT. */
export function toKzt(tiyn: number): number {
  return tiyn / 100;
}

/**
 * A transfer's amount in tiyn: `amountKzt` from the data, unless a table rate exists for its (non-KZT) currency,
 * in which case amount × table rate.
 */
export function transferTiyn(t: TransferEdge, fxTable: Record<string, number> | undefined): number {
  const currency = (t.currency ?? "KZT").toUpperCase();
  const rate = fxTable && currency !== "KZT" ? fxTable[currency] : undefined;
  return toTiyn(rate !== undefined ? t.amount * rate : t.amountKzt);
}

/** A complaint's loss in tiyn, with the same rule. */
export function lossTiyn(
  c: { loss: number; currency: string; lossKzt: number },
  fxTable: Record<string, number> | undefined,
): number {
  const currency = (c.currency ?? "KZT").toUpperCase();
  const rate = fxTable && currency !== "KZT" ? fxTable[currency] : undefined;
  return toTiyn(rate !== undefined ? c.loss * rate : c.lossKzt);
}
