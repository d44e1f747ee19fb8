/**
 * The result of a fund trace. Its first keys are the `mulegraph trace --json` contract and match the generator's
 * truth.json complaint entries (exitsKzt, holdingKzt), so a trace can be scored against truth directly.
 */

export type TraceMethod = "fifo" | "proportional";

export interface TraceParams {
  method: TraceMethod;
  /**
   * Window after the incident (or the first traced transfer) in milliseconds. By default (`window: "end_of_data"`)
   * money is followed to the end of the data, and this is the span from the earliest traced start to that end.
   */
  windowMs: number;
  /** "end_of_data" (the default: where the money is now) or "fixed" (a window was asked for). */
  window?: "end_of_data" | "fixed";
  maxHops: number;
  minTracedKzt: number;
  /** Where KZT amounts came from: "data" (amountKzt of each transfer) or "table" (fxTable for non-KZT amounts). */
  rateSource?: "data" | "table";
  /** KZT per unit of currency, when a table was given. */
  fxTable?: Record<string, number>;
}

/** A currency the traced data holds, and the rate its amounts are converted with. */
export interface TraceCurrency {
  /** ISO 4217 code; KZT is always listed. */
  currency: string;
  /** KZT per unit. */
  kztPerUnit: number;
  /**
   * Where the rate came from: "kzt" (the base currency), "table" (the fxTable given), or "data" (the average rate of
   * this currency's transfers the trace read: Σ amountKzt / Σ amount).
   */
  rateSource: "kzt" | "data" | "table";
  /** How many of the transfers the trace read are in this currency. */
  transfers: number;
}

export interface TracedEdge {
  from: string;
  to: string;
  txId: string;
  ts: number;
  tracedKzt: number;
  /** Which complaints' money this edge carried, by case number. */
  byComplaint?: Record<string, number>;
}

export interface TraceExit {
  /** IBAN / account key, wallet address, or ATM id. */
  id: string;
  kind: "watchlist" | "wallet" | "atm_abroad" | "atm" | "foreign_bank";
  amountKzt: number;
  txIds: string[];
  /** Which complaints' money reached this exit, by case number (transfer-id traces: `tx:<txId>`). */
  byComplaint?: Record<string, number>;
}

export interface FreezeEntry {
  account: string;
  bank?: string;
  /**
   * The sum of the complaints' amounts (`byComplaint`): money that is two complaints' at once (a victim's stolen
   * payment that carried another complaint's money) counts for each, as truth.json counts it.
   */
  amountKzt: number;
  /** The traced money actually in the account, each amount counted once (≤ amountKzt; equal without overlap). */
  heldKzt?: number;
  /** When the oldest still-held traced money arrived. */
  arrivedAt: number;
  /** Milliseconds from arrivedAt to the end of the data. */
  heldForMs: number;
  /** The transfers that brought the still-held traced money in. */
  txIds?: string[];
  byComplaint?: Record<string, number>;
  /** amountKzt in every currency of `TraceResult.currencies` (rounded to 2 decimals). */
  amounts?: Record<string, number>;
  /** The account's last transfer in or out that the trace read (epoch ms). */
  lastMovementAt?: number;
  /** Freeze requests naming this account and where they stand (added by the API from the recovery records). */
  freezes?: import("./recovery.js").FreezeItemState[];
}

export interface UntracedPart {
  account?: string;
  amountKzt: number;
  reason: string;
  /** Machine-readable reason: hop_limit, window_end, below_minimum, not_in_victim_outflows, … */
  code?: string;
  /** The transfers the money left by (or, for a victim's shortfall, none). */
  txIds?: string[];
  byComplaint?: Record<string, number>;
}

/** One complaint's share of a trace: the same keys as its entry in the generator's truth.json. */
export interface ComplaintTrace {
  victimAccount?: string;
  /** The transfers traced as this complaint's money (a complaint's stolen payments; or the given transfer). */
  seedTxIds?: string[];
  tracedKzt: number;
  exitsKzt: Record<string, number>;
  holdingKzt: Record<string, number>;
  untracedKzt: number;
}

export interface TraceResult {
  complaints: string[];
  tracedKzt: number;
  exitsKzt: Record<string, number>;
  holdingKzt: Record<string, number>;
  untracedKzt: number;
  edges: TracedEdge[];
  params: TraceParams;
  exits: TraceExit[];
  freezeList: FreezeEntry[];
  untraced: UntracedPart[];
  /** End of the data the trace saw (the "now" of the freeze list). */
  asOf: number;
  /** The currencies of the transfers the trace read, with the rate and its source (KZT first). */
  currencies?: TraceCurrency[];
  /** tracedKzt in every currency of `currencies`. */
  tracedIn?: Record<string, number>;
  /** Per complaint (key: case number; transfer-id traces: `tx:<txId>`), conserved like the totals. */
  byComplaint?: Record<string, ComplaintTrace>;
}
