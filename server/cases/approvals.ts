/**
 * Four eyes: closing a case, and dismissing an alert scoring at least the policy's minimum, are requested by one user
 * and take effect only when a second user approves (policy.ts; off: the first user's request takes effect at once).
 * The approval is a record of its own; deciding it is a conditional write, so of two approvers one wins. What the
 * approval does is applied to the case or alert as it is then (a change made meanwhile is kept). docs/CASES.md.
 */
import { randomBytes } from "node:crypto";
import {
  StaleVersionError,
  type AlertRecord,
  type ApprovalRecord,
  type CaseRecord,
} from "../store/ports/casework.js";
import type { GraphStore } from "../store/types.js";
import { CaseworkForbiddenError, CaseworkNotFoundError, CaseworkValidationError } from "./errors.js";
import type { CaseworkPolicy } from "./policy.js";
import type { Actor } from "./service.js";

type Store = GraphStore;

/** What a close or dismiss request came to: done at once, or waiting for a second user. */
export type Decision<T> = { done: T; approval: null } | { done: null; approval: ApprovalRecord };

function newApprovalId(): string {
  return `APR-${randomBytes(6).toString("hex").toUpperCase()}`;
}

async function pendingFor(store: Store, target: string): Promise<ApprovalRecord | undefined> {
  return (await store.listApprovals({ target, status: "pending" }))[0];
}

async function request(
  store: Store,
  actor: Actor,
  action: ApprovalRecord["action"],
  target: string,
  params: Record<string, unknown>,
  now: number,
): Promise<ApprovalRecord> {
  const pending = await pendingFor(store, target);
  if (pending)
    throw new CaseworkValidationError(
      `cases/approvals: ${target} already waits for approval ${pending.id} (asked by ${pending.requestedBy})`,
      "params.id",
    );
  const approval: ApprovalRecord = {
    id: newApprovalId(),
    action,
    target,
    params,
    requestedBy: actor.username,
    requestedAt: now,
    status: "pending",
    decidedBy: null,
    decidedAt: null,
    note: null,
  };
  await store.putApproval(approval);
  return approval;
}

function closed(c: CaseRecord, outcome: string, by: string, now: number): CaseRecord {
  return {
    ...c,
    status: "closed",
    outcome,
    updatedAt: now,
    updatedBy: by,
    version: c.version + 1,
  };
}

function dismissed(a: AlertRecord, reason: string, by: string, now: number): AlertRecord {
  return {
    ...a,
    status: "dismissed",
    dismissReason: reason,
    snoozedUntil: null,
    updatedAt: now,
    updatedBy: by,
    version: a.version + 1,
  };
}

/** A request made from an old version is refused like an edit would be (the requester decided on what they saw). */
function stillAt<T extends { id: string; version: number }>(what: string, record: T, version: number): void {
  if (record.version !== version)
    throw new StaleVersionError<T>(
      `cases/approvals: ${what} ${record.id} is at version ${record.version}, the request was made from ${version}`,
      record,
    );
}

/** Close a case with an outcome, from `version`; with four eyes, only ask for approval. */
export async function requestClose(
  store: Store,
  policy: CaseworkPolicy,
  actor: Actor,
  caseId: string,
  version: number,
  outcome: string,
  now = Date.now(),
): Promise<Decision<CaseRecord>> {
  const c = await store.getCase(caseId);
  if (!c) throw new CaseworkNotFoundError(`cases: no case ${caseId}`);
  if (c.status === "closed")
    throw new CaseworkValidationError(`cases: case ${caseId} is closed already`, "params.id");
  if (!outcome.trim())
    throw new CaseworkValidationError("cases: closing a case records its outcome", "body.outcome");
  stillAt("case", c, version);
  if (!policy.fourEyes) {
    return {
      done: await store.updateCase(closed({ ...c, version }, outcome.trim(), actor.username, now)),
      approval: null,
    };
  }
  return {
    done: null,
    approval: await request(store, actor, "case.close", caseId, { outcome: outcome.trim() }, now),
  };
}

/** Does dismissing this alert need a second user? */
export function dismissNeedsApproval(policy: CaseworkPolicy, alert: AlertRecord): boolean {
  return policy.fourEyes && alert.score >= policy.dismissApprovalMinScore;
}

/** Dismiss an alert with a reason, from `version`; above the policy's score with four eyes, only ask for approval. */
export async function requestDismiss(
  store: Store,
  policy: CaseworkPolicy,
  actor: Actor,
  alertId: string,
  version: number,
  reason: string,
  now = Date.now(),
): Promise<Decision<AlertRecord>> {
  const a = await store.getAlert(alertId);
  if (!a) throw new CaseworkNotFoundError(`alerts: no alert ${alertId}`);
  if (a.status === "dismissed" || a.status === "escalated")
    throw new CaseworkValidationError(`alerts: alert ${alertId} is ${a.status} already`, "params.id");
  if (!reason.trim())
    throw new CaseworkValidationError("alerts: dismissing an alert records why", "body.reason");
  stillAt("alert", a, version);
  if (!dismissNeedsApproval(policy, a)) {
    return {
      done: await store.updateAlert(dismissed({ ...a, version }, reason.trim(), actor.username, now)),
      approval: null,
    };
  }
  return {
    done: null,
    approval: await request(store, actor, "alert.dismiss", alertId, { reason: reason.trim() }, now),
  };
}

/**
 * Approve or reject a pending request as a second user (never the one who asked). Approving applies it: the case is
 * closed with the requested outcome, the alert dismissed with the requested reason.
 */
export async function decide(
  store: Store,
  actor: Actor,
  approvalId: string,
  approve: boolean,
  note: string | null,
  now = Date.now(),
): Promise<{ approval: ApprovalRecord; case?: CaseRecord; alert?: AlertRecord }> {
  const a = await store.getApproval(approvalId);
  if (!a) throw new CaseworkNotFoundError(`cases/approvals: no approval ${approvalId}`);
  if (a.requestedBy === actor.username)
    throw new CaseworkForbiddenError(
      `cases/approvals: ${actor.username} asked for ${approvalId}; a second user must decide it`,
    );
  if (!approve && !note?.trim())
    throw new CaseworkValidationError("cases/approvals: a rejection says why (note)", "body.note");
  const decided = await store.decideApproval({
    ...a,
    status: approve ? "approved" : "rejected",
    decidedBy: actor.username,
    decidedAt: now,
    note: note?.trim() || null,
  });
  if (!approve) return { approval: decided };
  const by = a.requestedBy;
  if (a.action === "case.close") {
    const c = await applyToCurrent(
      () => store.getCase(a.target),
      (current) => store.updateCase(closed(current, String(a.params.outcome), by, now)),
    );
    if (!c) throw new CaseworkNotFoundError(`cases: no case ${a.target}`);
    return { approval: decided, case: c };
  }
  const alert = await applyToCurrent(
    () => store.getAlert(a.target),
    (current) => store.updateAlert(dismissed(current, String(a.params.reason), by, now)),
  );
  if (!alert) throw new CaseworkNotFoundError(`alerts: no alert ${a.target}`);
  return { approval: decided, alert };
}

/**
 * Apply a decided approval to the record as it is now; an edit landing in between only makes it read the record again
 * (the decision is taken already, so it must not be lost to a 409).
 */
async function applyToCurrent<T>(
  read: () => Promise<T | null>,
  write: (current: T) => Promise<T>,
): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    const current = await read();
    if (!current) return null;
    try {
      return await write(current);
    } catch (err) {
      if (!(err instanceof StaleVersionError) || attempt >= 4) throw err;
    }
  }
}
