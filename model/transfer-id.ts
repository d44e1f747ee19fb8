/**
 * Transfer identity (docs/FORMATS.md "Transfer identity"): a transfer's id is the bank reference when the row has
 * one (both sides' statements of one transfer carry the same reference), otherwise a hash of its natural key.
 * Shared by ingest (dedupe), the generator (its truth) and the tracer, so they always agree.
 */
import { createHash } from "node:crypto";

/** The fields that identify a transfer without a bank reference. */
export interface TransferNaturalKey {
  /** Account key of the payer. */
  from: string;
  /** Account key of the payee (for a withdrawal: `atm:<atmId>`). */
  to: string;
  amount: number;
  currency: string;
  /** Epoch ms (UTC). */
  ts: number;
}

/**
 * `h:` + the first 32 hex digits of SHA-256 over `from|to|amount with 2 decimals|currency|ts`. The prefix keeps
 * hashed ids apart from bank references.
 */
export function naturalTxId(k: TransferNaturalKey): string {
  const text = `${k.from}|${k.to}|${k.amount.toFixed(2)}|${k.currency}|${k.ts}`;
  return "h:" + createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** The transfer id of a row: its bank reference (trimmed) when present, else naturalTxId. */
export function transferId(reference: string | undefined, k: TransferNaturalKey): string {
  const ref = reference?.trim();
  return ref ? ref : naturalTxId(k);
}
