/**
 * The casework port: alerts raised by analysis runs, the cases investigators work, what is linked to a case, and the
 * approvals a second user gives (four eyes). server/alerts and server/cases use it; docs/CASES.md.
 *
 * Alerts and cases carry a `version`: an update names the version it was made from and the store applies it only when
 * that is still the stored one (one transaction or one conditional write), so two people editing the same record
 * never silently overwrite each other — the later one gets StaleVersionError with the current record. The errors
 * carry the codes the API answers with (server/api/error-status.ts): stale_version, conflict.
 */
import { DomainError } from "../../errors.js";

/** What an alert is about: a cluster of a run (identified across runs by its members), or one account. */
export type AlertKind = "cluster" | "account";

/**
 * open: in the queue; snoozed: out of it until `snoozedUntil`; dismissed: closed with a reason; escalated: turned
 * into (or added to) a case.
 */
export type AlertStatus = "open" | "snoozed" | "dismissed" | "escalated";

export const ALERT_STATUSES: readonly AlertStatus[] = ["open", "snoozed", "dismissed", "escalated"];

/** Why an alert was raised: first seen, or what changed since the last alert of the same cluster or account. */
export interface AlertChange {
  /** new: never alerted before; changed: members or transfers differ from the previous alert (`previousId`). */
  kind: "new" | "changed";
  previousId: string | null;
  addedMembers: string[];
  removedMembers: string[];
  /** Transfer ids touching the members that the previous alert did not know. */
  addedTransfers: string[];
}

export interface AlertRecord {
  /** Unique. */
  id: string;
  kind: AlertKind;
  /**
   * The id of the first alert of this cluster or account: every later alert of it (a cluster that grew) has the
   * same lineage, so the queue can follow one cluster across runs although its community id changes.
   */
  lineage: string;
  /** cluster: SHA-256 of its sorted members; account: the account key. */
  subject: string;
  /** The analysis run that raised it, and the cluster's id within that run (null for an account). */
  runId: string;
  clusterId: string | null;
  createdAt: number;
  /** Cluster or account score (0–100). */
  score: number;
  typologies: string[];
  /** Banks of the member accounts (BIC or name as stored), sorted. */
  banks: string[];
  /** Account keys, sorted (the one account for an account alert). */
  members: string[];
  /** Transfer ids touching the members when it was raised, sorted (how a later run sees what is new). */
  transfers: string[];
  reasons: string[];
  change: AlertChange;
  status: AlertStatus;
  assignee: string | null;
  /** Epoch ms; set while snoozed. */
  snoozedUntil: number | null;
  /** Set when dismissed. */
  dismissReason: string | null;
  /** Set when escalated. */
  caseId: string | null;
  updatedAt: number;
  updatedBy: string;
  /** 1 when stored; each update stores version + 1. */
  version: number;
}

/** Filters the store applies when listing alerts; all optional, ANDed. */
export interface AlertListQuery {
  kind?: AlertKind;
  status?: AlertStatus[];
  assignee?: string;
  lineage?: string;
  caseId?: string;
}

export type CaseStatus = "open" | "in_review" | "referred" | "closed";

export const CASE_STATUSES: readonly CaseStatus[] = ["open", "in_review", "referred", "closed"];

export type CasePriority = "low" | "normal" | "high" | "urgent";

export const CASE_PRIORITIES: readonly CasePriority[] = ["low", "normal", "high", "urgent"];

export interface CaseRecord {
  /** Unique, e.g. CASE-20261204-3F9A. */
  id: string;
  title: string;
  status: CaseStatus;
  /** Set when closed: what came of it (e.g. "referred to court", "no offence"). */
  outcome: string | null;
  assignee: string | null;
  priority: CasePriority;
  /** The prosecutor (username) the case was referred to; they may read it from then on. */
  referredTo: string | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
  /** 1 when created; each update stores version + 1. */
  version: number;
}

export interface CaseListQuery {
  status?: CaseStatus[];
  assignee?: string;
  referredTo?: string;
}

/** What can be linked to a case. `ref` names it: cluster id, account key, complaint case number, trace complaint… */
export type CaseLinkKind =
  "cluster" | "account" | "complaint" | "trace" | "freeze_request" | "export" | "note" | "alert";

export const CASE_LINK_KINDS: readonly CaseLinkKind[] = [
  "cluster",
  "account",
  "complaint",
  "trace",
  "freeze_request",
  "export",
  "note",
  "alert",
];

export interface CaseLink {
  caseId: string;
  kind: CaseLinkKind;
  ref: string;
  /**
   * What the link needs to be replayed later, as JSON: a cluster's members and run (its id changes between runs), a
   * trace's parameters, an export's manifest hash.
   */
  params: Record<string, unknown>;
  addedBy: string;
  addedAt: number;
}

/** Actions that need a second user's approval. */
export type ApprovalAction = "case.close" | "alert.dismiss";

export type ApprovalStatus = "pending" | "approved" | "rejected";

export interface ApprovalRecord {
  /** Unique. */
  id: string;
  action: ApprovalAction;
  /** The case or alert id. */
  target: string;
  /** What the action will do: { outcome } for a case, { reason } for an alert. */
  params: Record<string, unknown>;
  requestedBy: string;
  requestedAt: number;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: number | null;
  /** The approver's note (a rejection's reason). */
  note: string | null;
}

/** An insert of an id that is stored already. */
export class CaseworkExistsError extends DomainError {
  override name = "CaseworkExistsError";
  constructor(message: string, options?: ErrorOptions) {
    super("conflict", message, {}, options);
  }
}

/** An update made from a version that is no longer the stored one; carries the stored record (also `details.current`). */
export class StaleVersionError<T = unknown> extends DomainError {
  override name = "StaleVersionError";
  constructor(
    message: string,
    readonly current: T | null,
  ) {
    super("stale_version", message, { current });
  }
}

/** A decision on an approval that is not pending any more (or does not exist). */
export class ApprovalStateError extends DomainError {
  override name = "ApprovalStateError";
  constructor(message: string, options?: ErrorOptions) {
    super("conflict", message, {}, options);
  }
}

export interface CaseworkStore {
  /** Store new alerts, all or none; CaseworkExistsError when an id is taken. */
  putAlerts(alerts: AlertRecord[]): Promise<void>;
  getAlert(id: string): Promise<AlertRecord | null>;
  /** Alerts by (createdAt, id). */
  listAlerts(query?: AlertListQuery): Promise<AlertRecord[]>;
  /**
   * Replace an alert with `next` (next.version = stored version + 1); StaleVersionError (with the stored alert) when
   * the stored version is not next.version - 1 or the alert is unknown (current null).
   */
  updateAlert(next: AlertRecord): Promise<AlertRecord>;

  /** Store a new case (version 1); CaseworkExistsError when the id is taken. */
  createCase(record: CaseRecord): Promise<void>;
  getCase(id: string): Promise<CaseRecord | null>;
  /** Cases by (createdAt, id). */
  listCases(query?: CaseListQuery): Promise<CaseRecord[]>;
  /** As updateAlert, for a case. */
  updateCase(next: CaseRecord): Promise<CaseRecord>;

  /** Link something to a case; false when that (kind, ref) is linked already (nothing changes). */
  addCaseLink(link: CaseLink): Promise<boolean>;
  /** A case's links by (addedAt, kind, ref). */
  listCaseLinks(caseId: string): Promise<CaseLink[]>;
  /** false when there was no such link. */
  removeCaseLink(caseId: string, kind: CaseLinkKind, ref: string): Promise<boolean>;

  /** Store a new approval request; CaseworkExistsError when the id is taken. */
  putApproval(approval: ApprovalRecord): Promise<void>;
  getApproval(id: string): Promise<ApprovalRecord | null>;
  /** Approvals by (requestedAt, id). */
  listApprovals(query?: { target?: string; status?: ApprovalStatus }): Promise<ApprovalRecord[]>;
  /**
   * Record the decision `next` (status approved or rejected) on a pending approval; ApprovalStateError when it is
   * unknown or decided already (two approvers at once: one wins).
   */
  decideApproval(next: ApprovalRecord): Promise<ApprovalRecord>;
}
