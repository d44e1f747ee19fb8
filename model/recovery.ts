/**
 * Recovery: where stolen money can still be stopped (the triage), the freeze requests sent to banks and what became
 * of them. Shared by the server (server/recovery/), the CLI and the client; docs/RECOVERY.md explains the rules.
 */
import type { TraceCurrency } from "./trace.js";

/** Where a requested freeze stands: drafted until sent; then frozen, refused, released, returned to the victims. */
export type FreezeStatus = "drafted" | "sent" | "frozen" | "refused" | "released" | "returned";

export const FREEZE_STATUSES: readonly FreezeStatus[] = [
  "drafted",
  "sent",
  "frozen",
  "refused",
  "released",
  "returned",
];

/** The state of one account in one freeze request, folded from its outcomes. */
export interface FreezeItemState {
  requestId: string;
  bank: string;
  account: string;
  status: FreezeStatus;
  /** The amount asked to be frozen (traced money held when the request was built). */
  requestedKzt: number;
  /** The amount the bank froze and that is still frozen (0 once released or fully returned). */
  frozenKzt: number;
  /** Returned to the victims so far. */
  returnedKzt: number;
  /** The refusal reason, or the last note given. */
  reason?: string;
  /** Who made the last change, and when (epoch ms). */
  by: string;
  at: number;
  /** The item's split by complaint case number (KZT), from the request. */
  byComplaint: Record<string, number>;
}

/** One complaint feeding a holding account. */
export interface TriageFeed {
  caseNo: string;
  amountKzt: number;
  /** Registration minus incident time, ms (absent without an incident time). */
  reportLagMs?: number;
}

/** An account still holding traced money at the end of the data. */
export interface TriageHolding {
  account: string;
  bank?: string;
  /**
   * The sum of the complaints' amounts (`complaints`). Money that is two complaints' at once (a victim's stolen
   * payment that carried another complaint's money) counts for each, as each complaint traced alone counts it, so
   * this can be more than the account holds (`heldKzt`); truth.json counts it the same way.
   */
  amountKzt: number;
  /** The traced money actually in the account, each amount counted once: what a freeze request asks for. */
  heldKzt: number;
  /**
   * amountKzt − heldKzt: money counted for more than one complaint (0 when the complaints' amounts do not overlap).
   * When > 0, the `complaints` split adds up to more than the account holds.
   */
  overlapKzt: number;
  /** amountKzt in every currency of the data (Triage.currencies). */
  amounts?: Record<string, number>;
  /** When the oldest still-held traced money arrived (epoch ms). */
  since: number;
  /** The account's last transfer in or out up to the end of the data (epoch ms). */
  lastMovementAt?: number;
  complaints: TriageFeed[];
  /** The longest report lag among the complaints feeding it, ms. */
  maxReportLagMs?: number;
  txIds: string[];
  /** Freeze requests that name this account, newest first. */
  freezes: FreezeItemState[];
}

/** One complaint's share of the triage. */
export interface TriageComplaint {
  caseNo: string;
  victimAccount: string;
  tracedKzt: number;
  incidentAt?: number;
  registeredAt: number;
  reportLagMs?: number;
  /** Still held in accounts (recoverable) at the end of the data. */
  holdingKzt: number;
  exitsKzt: number;
  untracedKzt: number;
  /** holdingKzt / tracedKzt (0 when nothing was traced). */
  recoverableShare: number;
  /** Currently frozen and returned to the victim, by the freeze outcomes recorded. */
  frozenKzt: number;
  returnedKzt: number;
}

export interface Triage {
  /** The end of the data the triage looks at (epoch ms). */
  asOf: number;
  currencies: TraceCurrency[];
  holdings: TriageHolding[];
  complaints: TriageComplaint[];
  /** Σ holdings' amountKzt (complaints' amounts; overlapping money counted for each complaint). */
  totalHoldingKzt: number;
  /** Σ holdings' heldKzt: the traced money in the accounts, counted once. */
  totalHeldKzt: number;
}

/** One request's summary as the API lists it (the store record plus its items' states). */
export interface FreezeRequestSummary {
  id: string;
  bank: string;
  createdAt: number;
  createdBy: string;
  complaints: string[];
  totalKzt: number;
  sha256: string;
  files: { name: string; mediaType: string; sha256: string; bytes: number }[];
  items: FreezeItemState[];
}
