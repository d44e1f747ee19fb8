/**
 * The recovery records port: freeze requests sent to banks, their files, and the outcomes the banks answered with
 * (server/recovery uses it; docs/RECOVERY.md).
 */
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
