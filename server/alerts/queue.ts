/**
 * The alert queue: alerts filtered by score, typology, bank, age and assignee, and what an investigator does with one
 * — assign, snooze until a date, dismiss with a reason (four eyes above a score: server/cases/approvals.ts), escalate
 * to a new or an existing case. Each action names the version it was made from. docs/CASES.md § Alerts.
 */
import {
  StaleVersionError,
  type AlertKind,
  type AlertRecord,
  type AlertStatus,
  type CasePriority,
  type CaseRecord,
} from "../store/ports/casework.js";
import type { GraphStore } from "../store/types.js";
import { CaseworkNotFoundError, CaseworkValidationError } from "../cases/errors.js";
import { createCase, linkToCase, type Actor } from "../cases/service.js";

export interface QueueFilter {
  /** Default: open ones, and snoozed ones whose date has come. */
  status?: AlertStatus[];
  kind?: AlertKind;
  minScore?: number;
  maxScore?: number;
  typology?: string;
  bank?: string;
  /** Only alerts raised at most this many ms before `now`. */
  maxAgeMs?: number;
  /** A username, or "none" for unassigned ones. */
  assignee?: string;
}

/** An alert as the queue shows it: snoozed ones whose date has passed count as open again. */
export function effectiveStatus(a: AlertRecord, now: number): AlertStatus {
  return a.status === "snoozed" && (a.snoozedUntil ?? 0) <= now ? "open" : a.status;
}

export async function listQueue(
  store: Pick<GraphStore, "listAlerts">,
  filter: QueueFilter,
  now = Date.now(),
): Promise<AlertRecord[]> {
  const statuses = filter.status ?? ["open"];
  const alerts = await store.listAlerts({
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.assignee && filter.assignee !== "none" ? { assignee: filter.assignee } : {}),
  });
  return alerts
    .filter(
      (a) =>
        statuses.includes(effectiveStatus(a, now)) &&
        (filter.assignee !== "none" || a.assignee === null) &&
        (filter.minScore === undefined || a.score >= filter.minScore) &&
        (filter.maxScore === undefined || a.score <= filter.maxScore) &&
        (filter.typology === undefined || a.typologies.includes(filter.typology)) &&
        (filter.bank === undefined || a.banks.includes(filter.bank)) &&
        (filter.maxAgeMs === undefined || now - a.createdAt <= filter.maxAgeMs),
    )
    .sort((x, y) => y.score - x.score || y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
}

async function current(store: Pick<GraphStore, "getAlert">, id: string): Promise<AlertRecord> {
  const a = await store.getAlert(id);
  if (!a) throw new CaseworkNotFoundError(`alerts: no alert ${id}`);
  return a;
}

function next(a: AlertRecord, actor: Actor, version: number, now: number): AlertRecord {
  return { ...a, updatedAt: now, updatedBy: actor.username, version: version + 1 };
}

function stillOpen(a: AlertRecord): void {
  if (a.status === "dismissed" || a.status === "escalated")
    throw new CaseworkValidationError(
      `alerts: alert ${a.id} is ${a.status}; it is out of the queue`,
      "params.id",
    );
}

/** Give an alert to a user (null: back to the pool). */
export async function assignAlert(
  store: GraphStore,
  actor: Actor,
  id: string,
  version: number,
  assignee: string | null,
  now = Date.now(),
): Promise<AlertRecord> {
  const a = await current(store, id);
  stillOpen(a);
  if (assignee !== null) {
    const user = await store.getUser(assignee);
    if (!user || user.disabled || (user.role !== "investigator" && user.role !== "admin"))
      throw new CaseworkValidationError(
        `alerts: ${assignee} is not an active investigator or admin, who alone work alerts`,
        "body.assignee",
      );
  }
  return store.updateAlert({ ...next(a, actor, version, now), assignee });
}

/** Take an alert out of the queue until `until` (epoch ms, in the future). */
export async function snoozeAlert(
  store: GraphStore,
  actor: Actor,
  id: string,
  version: number,
  until: number,
  now = Date.now(),
): Promise<AlertRecord> {
  const a = await current(store, id);
  stillOpen(a);
  if (!(until > now))
    throw new CaseworkValidationError("alerts: snooze until a time still to come", "body.until");
  return store.updateAlert({ ...next(a, actor, version, now), status: "snoozed", snoozedUntil: until });
}

/**
 * Escalate an alert: to the case `caseId`, or to a new case titled after the alert. The alert and what it is about
 * (its cluster's members as they were, or its account) are linked to the case, and the alert leaves the queue.
 */
export async function escalateAlert(
  store: GraphStore,
  actor: Actor,
  id: string,
  version: number,
  target: { caseId?: string; title?: string; priority?: CasePriority },
  now = Date.now(),
): Promise<{ alert: AlertRecord; case: CaseRecord }> {
  const a = await current(store, id);
  stillOpen(a);
  if (a.version !== version)
    // Checked before a case is made, so a stale escalation leaves no case behind (the update checks again).
    throw new StaleVersionError<AlertRecord>(
      `alerts: alert ${id} is at version ${a.version}, the escalation was made from ${version}`,
      a,
    );
  let c: CaseRecord | null;
  if (target.caseId) {
    c = await store.getCase(target.caseId);
    if (!c) throw new CaseworkNotFoundError(`alerts: no case ${target.caseId} to escalate to`);
    if (c.status === "closed")
      throw new CaseworkValidationError(
        `alerts: case ${c.id} is closed; escalate to an open one`,
        "body.caseId",
      );
  } else {
    const what = a.kind === "cluster" ? `cluster of ${a.members.length} accounts` : `account ${a.subject}`;
    c = await createCase(
      store,
      actor,
      {
        title: target.title?.trim() || `Alert ${a.id}: ${what}`,
        priority: target.priority ?? (a.score >= 80 ? "high" : "normal"),
        assignee: a.assignee ?? actor.username,
      },
      now,
    );
  }
  const escalated = await store.updateAlert({
    ...next(a, actor, version, now),
    status: "escalated",
    caseId: c.id,
    snoozedUntil: null,
  });
  await linkToCase(store, actor, c.id, { kind: "alert", ref: a.id }, now);
  if (a.kind === "account") {
    await linkToCase(store, actor, c.id, { kind: "account", ref: a.subject }, now);
  } else {
    // The cluster as the alert saw it: its community id may name another cluster in a later run.
    await store.addCaseLink({
      caseId: c.id,
      kind: "cluster",
      ref: a.clusterId ?? a.subject,
      params: { runId: a.runId, members: a.members, score: a.score },
      addedBy: actor.username,
      addedAt: now,
    });
  }
  return { alert: escalated, case: c };
}
