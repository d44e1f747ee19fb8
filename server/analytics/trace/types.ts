/**
 * Internal types of the tracer: origins (what is traced), seeds (the transfers that start it) and tallies.
 */
import type { TraceExit } from "../../../model/trace.js";
import type { GraphReadPort } from "../../store/ports/graph.js";
import type { TraceHistoryPort } from "../../store/ports/recovery.js";

/** The store methods the tracer uses: nothing that loads the whole graph. */
export type TraceStore = Pick<GraphReadPort, "transfers" | "transfersByIds" | "accounts" | "complaint"> &
  TraceHistoryPort;

/** One traced origin: a complaint, or one transfer given by id. */
export interface Origin {
  /** Case number, or `tx:<txId>` for a transfer-id trace. */
  key: string;
  caseNo?: string;
  victimAccount?: string;
  /** The transfers that start this origin's trace, in (ts, txId) order (filled by planSeeds). */
  seedTxIds: string[];
  /** What we set out to trace, tiyn: the complaint's loss, or the transfer's amount. */
  targetTiyn: number;
  /** Money of this origin is followed through transfers with windowStart ≤ ts ≤ windowEnd. */
  windowStart: number;
  windowEnd: number;
}

/** A transfer that starts an origin's trace, and how much of it is that origin's money. */
export interface Seed {
  origin: number;
  txId: string;
  tiyn: number;
}

/** Why traced money stopped being followed before an exit or a holding account. */
export type UntracedCode =
  "hop_limit" | "window_end" | "below_minimum" | "not_in_victim_outflows" | "seed_overlap" | "account_limit";

export const UNTRACED_REASONS: Record<UntracedCode, string> = {
  hop_limit: "hop limit reached: it left this account by a transfer beyond the hop limit",
  window_end: "window end: it left this account after the trace window",
  below_minimum: "below the minimum traced amount",
  not_in_victim_outflows: "not found among the victim's outflows after the incident (within the window)",
  seed_overlap: "the victim's outflow already carried other traced money",
  account_limit: "account limit reached: this account was not expanded",
};

/** A sum with its split by origin and the transfers behind it. */
export class Tally {
  tiyn = 0;
  readonly byOrigin = new Map<number, number>();
  readonly txIds = new Set<string>();
  arrivedAt = Number.POSITIVE_INFINITY;

  add(origin: number, tiyn: number, txId?: string): void {
    this.tiyn += tiyn;
    this.byOrigin.set(origin, (this.byOrigin.get(origin) ?? 0) + tiyn);
    if (txId) this.txIds.add(txId);
  }
}

export interface ExitTally {
  id: string;
  kind: TraceExit["kind"];
  tally: Tally;
}

export interface EdgeTally {
  from: string;
  to: string;
  txId: string;
  ts: number;
  tally: Tally;
}

export interface UntracedTally {
  account?: string;
  code: UntracedCode;
  tally: Tally;
}
