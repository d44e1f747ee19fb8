/**
 * The files of a freeze request and of the triage: the machine-readable request (JSON and CSV; the CSV doubles as
 * the bank's answer form, with empty status / amount_kzt / reason columns) and the triage table as CSV (amount_kzt:
 * the complaints' amounts, overlapping money counted for each; held_kzt: the money in the account, counted once). CSV writing
 * is the evidence module's (RFC 4180, BOM, formula cells neutralised).
 */
import { formatLocal } from "../../model/time.js";
import type { Triage } from "../../model/recovery.js";
import { csvDocument } from "../evidence/csv.js";

/** Everything a request file says: the JSON file is this object. */
export interface FreezeRequestDocument {
  requestNumber: string;
  bank: string;
  createdAt: number;
  createdBy: string;
  /** The end of the data the trace looked at. */
  asOf: number;
  complaints: { caseNo: string; victimAccount: string; incidentAt?: number; registeredAt: number }[];
  accounts: {
    account: string;
    /** The amount asked to be frozen: the traced money held in the account, each amount counted once. */
    amountKzt: number;
    /** Σ byComplaint: more than amountKzt when complaints overlap on the same money. */
    claimedKzt: number;
    /** True when byComplaint overlaps (the same money is more than one complaint's, so it adds up to more). */
    complaintsOverlap: boolean;
    since: number;
    lastMovementAt?: number;
    txIds: string[];
    /** Each complaint's claim on the account's money; overlapping when complaintsOverlap. */
    byComplaint: Record<string, number>;
  }[];
  transactions: {
    txId: string;
    from: string;
    to: string;
    ts: number;
    amount: number;
    currency: string;
    amountKzt: number;
  }[];
  totalKzt: number;
  /** Set on the document handed to the letter: the hash of the JSON file (not part of the JSON itself). */
  jsonSha256?: string;
}

/** The answer columns a bank fills in (the import reads them back). */
export const ANSWER_COLUMNS = ["status", "amount_kzt", "reason"] as const;

/** The request as CSV: one row per account, with the answer columns left empty. */
export function requestCsv(d: FreezeRequestDocument): string {
  return csvDocument(
    ["request_number", "bank", "account", "requested_kzt", "complaint_numbers", "tx_ids", ...ANSWER_COLUMNS],
    d.accounts.map((a) => [
      d.requestNumber,
      d.bank,
      a.account,
      a.amountKzt,
      Object.keys(a.byComplaint).join(";"),
      a.txIds.join(";"),
      "",
      "",
      "",
    ]),
  );
}

/** The request as JSON text (2-space indented, keys in a fixed order, so the same request gives the same hash). */
export function requestJson(d: FreezeRequestDocument): string {
  const { jsonSha256: _omit, ...rest } = d;
  void _omit;
  return JSON.stringify(rest, null, 2) + "\n";
}

/** The triage table as CSV (times in Asia/Almaty, lags in days). */
export function triageCsv(t: Triage): string {
  const days = (ms: number | undefined): string => (ms === undefined ? "" : (ms / 86_400_000).toFixed(1));
  return csvDocument(
    [
      "account",
      "bank",
      "amount_kzt",
      ...t.currencies.filter((c) => c.currency !== "KZT").map((c) => `amount_${c.currency.toLowerCase()}`),
      "since",
      "last_movement",
      "complaints",
      "complaint_numbers",
      "max_report_lag_days",
      "freeze_status",
      "held_kzt",
      "overlap_kzt",
    ],
    t.holdings.map((h) => [
      h.account,
      h.bank ?? "",
      h.amountKzt,
      ...t.currencies.filter((c) => c.currency !== "KZT").map((c) => h.amounts?.[c.currency] ?? ""),
      formatLocal(h.since),
      h.lastMovementAt !== undefined ? formatLocal(h.lastMovementAt) : "",
      h.complaints.length,
      h.complaints.map((c) => c.caseNo).join(";"),
      days(h.maxReportLagMs),
      h.freezes[0]?.status ?? "",
      h.heldKzt,
      h.overlapKzt,
    ]),
  );
}
