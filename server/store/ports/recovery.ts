/**
 * The recovery records port: freeze requests sent to banks, their files, and the outcomes the banks answered with
 * (server/recovery uses it; docs/RECOVERY.md); and the windowed history reads that tracing and triage use.
 */
import type { TransferEdge } from "../../../model/graph.js";
import type { FreezeStatus } from "../../../model/recovery.js";

export type { FreezeStatus } from "../../../model/recovery.js";

/** One account a freeze request asks a bank to freeze. */
export interface FreezeRequestItem {
  account: string;
  /** Traced money the account held at the end of the data, KZT. */
  amountKzt: number;
  /** The transfers that brought it in. */
  txIds: string[];
  /** Its split by complaint case number, KZT. */
  byComplaint: Record<string, number>;
}

/** A file of a freeze request (the letter, the machine-readable list), with its hash. */
export interface FreezeRequestFile {
  name: string;
  mediaType: string;
  sha256: string;
  bytes: number;
}

/** A freeze request sent to one bank: what it asks for, and the hashes of the files it was built as. */
export interface FreezeRequestRecord {
  /** The request number (unique), e.g. FR-2026-0001. */
  id: string;
  /** The bank's BIC (or name, as the data holds it). */
  bank: string;
  createdAt: number;
  createdBy: string;
  /** Complaint case numbers the request is for. */
  complaints: string[];
  items: FreezeRequestItem[];
  totalKzt: number;
  /** SHA-256 hex of the request's JSON file (the machine-readable request). */
  sha256: string;
  files: FreezeRequestFile[];
}

/** One change of a requested freeze's status: who, when, and the amount or reason it came with. */
export interface FreezeOutcome {
  requestId: string;
  /** Per request, 1, 2, 3 …: the order of the changes (the store rejects anything but last + 1). */
  seq: number;
  account: string;
  status: FreezeStatus;
  /** frozen: the amount frozen; returned: the amount returned to the victims. */
  amountKzt?: number;
  /** refused: the bank's reason; otherwise an optional note (a bank's reference). */
  reason?: string;
  by: string;
  at: number;
}

/**
 * The recovery records (freeze requests, their files and outcomes). Errors (classes in
 * server/store/recovery-errors.ts): FreezeRequestExistsError (a request number stored already),
 * FreezeOutcomeSequenceError (seq not last + 1, or no such request).
 */
export interface RecoveryRecordStore {
  /** Store a new request and its files' bytes (by file name, as listed in `request.files`). */
  putFreezeRequest(request: FreezeRequestRecord, contents: Record<string, Uint8Array>): Promise<void>;
  getFreezeRequest(id: string): Promise<FreezeRequestRecord | null>;
  /** Requests by (createdAt, id); only those for a complaint or a bank when given. */
  listFreezeRequests(opts?: { complaint?: string; bank?: string }): Promise<FreezeRequestRecord[]>;
  /** A request file's bytes; null when the request or the file is unknown. */
  freezeRequestContent(id: string, name: string): Promise<Uint8Array | null>;
  appendFreezeOutcome(outcome: FreezeOutcome): Promise<void>;
  /** Outcomes by (requestId, seq); one request's only when given. */
  listFreezeOutcomes(opts?: { requestId?: string }): Promise<FreezeOutcome[]>;
}

/**
 * Where a trace starts reading an account (docs/RECOVERY.md, "How the triage reads histories"). An account named
 * twice in one query counts once, with its earliest start.
 */
export interface HistoryWindow {
  account: string;
  /** Epoch ms, inclusive: the window's transfers are those from this time on. */
  from: number;
}

export interface HistoryWindowsQuery {
  windows: HistoryWindow[];
  /** Epoch ms, inclusive upper bound of the transfers listed (not of the opening balances); none when absent. */
  until?: number;
  /**
   * KZT per unit of a currency (upper-case code, not KZT), as the tracer's fxTable: a transfer in such a currency
   * counts amount × rate in the opening balances (and in `sums`) instead of its amountKzt.
   */
  rates?: Record<string, number>;
  /**
   * The senders whose transfers into the windows are listed one by one: the accounts whose money the caller follows
   * (or may follow). When given, every other inflow into a window's account (from a sender neither named here nor a
   * window of the query) is left out of `transfers` and summed with its neighbours into `sums`. When absent, every
   * transfer is listed and `sums` is empty.
   */
  listedSenders?: string[];
}

/**
 * A run of an account's inflows summed by the store (HistoryWindowsQuery.listedSenders): consecutive in the account's
 * own order (ts, outflows before inflows at one ts, then txId), with none of its listed transfers between them. The
 * run stands where its last inflow stands: a replay that deposits `tiyn` there, as money of no one it follows, gives
 * the account the same pool as depositing each inflow (docs/RECOVERY.md, "How the triage reads histories").
 */
export interface InflowRun {
  account: string;
  /** How many inflows the run sums. */
  count: number;
  /** Σ of their amounts in tiyn, each counted as in an opening balance. */
  tiyn: number;
  firstTs: number;
  /** The txId of the run's first inflow (with `firstTs`, where the run starts among the account's inflows). */
  firstTxId: string;
  lastTs: number;
  /** The txId of the run's last inflow (its place among the account's inflows at `lastTs`). */
  lastTxId: string;
}

/** One account's money at the start of its window. */
export interface HistoryOpening {
  account: string;
  from: number;
  /**
   * What the account held just before `from`, in tiyn: its transfers with ts < from (withdrawals as outflows) replayed
   * from an empty account, by ts and at one ts outflows before inflows; an inflow adds its amount, an outflow takes
   * its amount or, when it is more than the balance, the whole balance (never below 0). A transfer's amount is
   * round(100 × amountKzt) (or round(100 × amount × rate) for a currency in `rates`).
   */
  openingTiyn: number;
}

export interface HistoryWindows {
  /**
   * One per account of the query, in the order the accounts are first named (0 for an account with no transfers
   * before `from`, or unknown).
   */
  openings: HistoryOpening[];
  /**
   * Transfers (and withdrawals, as `to = "atm:<id>"`) of each account with from ≤ ts (≤ until), each once even when
   * both its accounts are in the query, ordered by ts then txId.
   */
  transfers: TransferEdge[];
  /** The inflows not listed, summed per run, by (account, lastTs, lastTxId); empty without `listedSenders`. */
  sums: InflowRun[];
}

/**
 * The history reads of tracing and triage: instead of an account's whole history, its balance at the moment traced
 * money first reached it and only the transfers from then on (a busy account's older history, often most of it, is
 * summed by the store instead of sent).
 */
export interface TraceHistoryPort {
  historyWindows(query: HistoryWindowsQuery): Promise<HistoryWindows>;
}
