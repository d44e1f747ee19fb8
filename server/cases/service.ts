/**
 * Cases: create, change (title, priority, assignee, status up to referral), link what belongs to them, and read their
 * timeline from the audit trail. Every change names the version it was made from; the store refuses a stale one
 * (StaleVersionError, the API's 409). Closing goes through approvals.ts (four eyes). docs/CASES.md § Cases.
 */
import { randomBytes } from "node:crypto";
import {
  CaseworkExistsError,
  type CaseLink,
  type CaseLinkKind,
  type CasePriority,
  type CaseRecord,
  type CaseStatus,
} from "../store/ports/casework.js";
import type { AuditEntry, GraphStore, StoredUser } from "../store/types.js";
import { CaseworkForbiddenError, CaseworkNotFoundError, CaseworkValidationError } from "./errors.js";

type Store = GraphStore;

/** Who acts, as the API's session names them. */
export interface Actor {
  username: string;
  role: StoredUser["role"];
}

function newCaseId(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll("-", "");
  return `CASE-${day}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

/** A user who may work cases (investigator or admin), or CaseworkValidationError naming `field`. */
async function worker(store: Store, username: string, field: string): Promise<void> {
  const user = await store.getUser(username);
  if (!user || user.disabled || (user.role !== "investigator" && user.role !== "admin"))
    throw new CaseworkValidationError(
      `cases: ${username} is not an active investigator or admin, who alone work cases`,
      field,
    );
}

export async function createCase(
  store: Store,
  actor: Actor,
  input: { title: string; priority?: CasePriority; assignee?: string | null },
  now = Date.now(),
): Promise<CaseRecord> {
  const title = input.title.trim();
  if (!title) throw new CaseworkValidationError("cases: a case needs a title", "body.title");
  const assignee = input.assignee === undefined ? actor.username : input.assignee;
  if (assignee) await worker(store, assignee, "body.assignee");
  for (let attempt = 0; ; attempt++) {
    const record: CaseRecord = {
      id: newCaseId(now),
      title,
      status: "open",
      outcome: null,
      assignee,
      priority: input.priority ?? "normal",
      referredTo: null,
      createdAt: now,
      createdBy: actor.username,
      updatedAt: now,
      updatedBy: actor.username,
      version: 1,
    };
    try {
      await store.createCase(record);
      return record;
    } catch (err) {
      // Three random bytes a day: a clash is rare, and a new id settles it.
      if (!(err instanceof CaseworkExistsError) || attempt >= 4) throw err;
    }
  }
}

/** A case `actor` may read: prosecutors only those referred to them. */
export async function readableCase(store: Store, actor: Actor, id: string): Promise<CaseRecord> {
  const c = await store.getCase(id);
  if (!c) throw new CaseworkNotFoundError(`cases: no case ${id}`);
  if (actor.role === "prosecutor" && c.referredTo !== actor.username)
    throw new CaseworkNotFoundError(`cases: no case ${id} referred to ${actor.username}`);
  return c;
}

export async function listCases(
  store: Store,
  actor: Actor,
  filter: { status?: CaseStatus[]; assignee?: string },
): Promise<CaseRecord[]> {
  return store.listCases({
    ...filter,
    ...(actor.role === "prosecutor" ? { referredTo: actor.username } : {}),
  });
}

export interface CasePatch {
  title?: string;
  priority?: CasePriority;
  assignee?: string | null;
  /** open, in_review or referred (closing needs approval: approvals.ts). */
  status?: Exclude<CaseStatus, "closed">;
  /** The prosecutor (username) a referral goes to; required with status referred. */
  referredTo?: string;
}

/** Apply a patch made from `version`; StaleVersionError (the store's) when the case changed since. */
export async function updateCase(
  store: Store,
  actor: Actor,
  id: string,
  version: number,
  patch: CasePatch,
  now = Date.now(),
): Promise<CaseRecord> {
  const c = await store.getCase(id);
  if (!c) throw new CaseworkNotFoundError(`cases: no case ${id}`);
  if (c.status === "closed")
    throw new CaseworkValidationError(`cases: case ${id} is closed; it changes no more`, "params.id");
  const next: CaseRecord = { ...c, updatedAt: now, updatedBy: actor.username, version: version + 1 };
  if (patch.title !== undefined) {
    next.title = patch.title.trim();
    if (!next.title) throw new CaseworkValidationError("cases: a case needs a title", "body.title");
  }
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.assignee !== undefined) {
    if (patch.assignee) await worker(store, patch.assignee, "body.assignee");
    next.assignee = patch.assignee;
  }
  if (patch.status !== undefined) next.status = patch.status;
  if (next.status === "referred" && c.status !== "referred") {
    const to = patch.referredTo ?? c.referredTo;
    const user = to ? await store.getUser(to) : null;
    if (!user || user.disabled || user.role !== "prosecutor")
      throw new CaseworkValidationError(
        `cases: a referral names an active prosecutor (got ${to ?? "none"})`,
        "body.referredTo",
      );
    next.referredTo = user.username;
  } else if (patch.referredTo !== undefined && patch.referredTo !== c.referredTo) {
    throw new CaseworkValidationError(
      "cases: referredTo is set by referring the case (status referred)",
      "body.referredTo",
    );
  }
  return store.updateCase(next);
}

/** What a link needs checked and kept, per kind; the stored params come back from `resolve`. */
async function resolveLink(
  store: Store,
  kind: CaseLinkKind,
  ref: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const missing = (what: string) =>
    new CaseworkValidationError(`cases: no ${what} ${ref} to link`, "body.ref");
  switch (kind) {
    case "cluster": {
      // Community ids change between runs: keep the members and the run, so the link outlives the run.
      const analysis = await store.latestAnalysis();
      const cluster = analysis?.clusters.find((c) => c.id === ref);
      if (!cluster || !analysis) throw missing("cluster of the current analysis");
      return { runId: analysis.run.runId, members: [...cluster.members].sort(), score: cluster.score };
    }
    case "account":
      if (!(await store.accounts([ref])).length) throw missing("account");
      return {};
    case "complaint":
    case "trace":
      if (!(await store.complaint(ref))) throw missing("complaint");
      // A trace link keeps the parameters it was traced with, to trace it again the same way for the package.
      return kind === "trace" ? pickTraceParams(params) : {};
    case "freeze_request": {
      const request = await store.getFreezeRequest(ref);
      if (!request) throw missing("freeze request");
      return { bank: request.bank, totalKzt: request.totalKzt, sha256: request.sha256 };
    }
    case "alert":
      if (!(await store.getAlert(ref))) throw missing("alert");
      return {};
    case "export":
    case "note":
      return params;
  }
}

/** The trace settings a trace link keeps (server/analytics/trace/options.ts TraceOptions). */
const TRACE_PARAMS = ["method", "windowMs", "maxHops", "minTracedKzt", "asOf", "fxTable"] as const;

function pickTraceParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TRACE_PARAMS) if (params[k] !== undefined) out[k] = params[k];
  return out;
}

/** Link something to an open case; false when it was linked already. */
export async function linkToCase(
  store: Store,
  actor: Actor,
  caseId: string,
  input: { kind: CaseLinkKind; ref: string; params?: Record<string, unknown> },
  now = Date.now(),
): Promise<{ link: CaseLink; added: boolean }> {
  const c = await store.getCase(caseId);
  if (!c) throw new CaseworkNotFoundError(`cases: no case ${caseId}`);
  if (c.status === "closed")
    throw new CaseworkValidationError(`cases: case ${caseId} is closed; nothing more is linked`, "params.id");
  const ref = input.ref.trim();
  if (!ref) throw new CaseworkValidationError("cases: a link names what it links (ref)", "body.ref");
  const link: CaseLink = {
    caseId,
    kind: input.kind,
    ref,
    params: await resolveLink(store, input.kind, ref, input.params ?? {}),
    addedBy: actor.username,
    addedAt: now,
  };
  return { link, added: await store.addCaseLink(link) };
}

export async function unlinkFromCase(
  store: Store,
  caseId: string,
  kind: CaseLinkKind,
  ref: string,
): Promise<void> {
  const c = await store.getCase(caseId);
  if (!c) throw new CaseworkNotFoundError(`cases: no case ${caseId}`);
  if (c.status === "closed")
    throw new CaseworkValidationError(`cases: case ${caseId} is closed; its links stay`, "params.id");
  if (!(await store.removeCaseLink(caseId, kind, ref)))
    throw new CaseworkNotFoundError(`cases: case ${caseId} has no ${kind} link ${ref}`);
}

const AUDIT_PAGE = 1000;

/**
 * Every audit entry whose target is the case, oldest first: the case's history as the tamper-evident trail has it
 * (every change through the API is an entry targeting the case).
 */
export async function caseTimeline(
  store: Pick<GraphStore, "auditEntries">,
  caseId: string,
): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (let after = 0; ;) {
    const page = await store.auditEntries({ afterSeq: after, limit: AUDIT_PAGE });
    for (const e of page) if (e.target === caseId) out.push(e);
    if (page.length < AUDIT_PAGE) return out;
    after = page[page.length - 1]!.seq;
  }
}

/** Only an investigator or admin works cases; prosecutors read (the route's permission says so too). */
export function assertWorker(actor: Actor): void {
  if (actor.role !== "investigator" && actor.role !== "admin")
    throw new CaseworkForbiddenError(`cases: ${actor.role}s do not work cases`);
}
