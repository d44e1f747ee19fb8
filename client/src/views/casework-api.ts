/**
 * Typed calls to the alert, case and approval routes (server/api/routes/alerts.ts, cases.ts; docs/CASES.md), for the
 * queue and case pages. The record shapes are inferred from the routes' schemas (server/api/wire.ts).
 */
import type {
  Alert,
  Approval,
  Case,
  CaseLink,
  CaseLinkKind,
  CasePriority,
  CaseStatus,
  Note,
  TimelineEntry,
} from "../../../server/api/wire";
import { api } from "../api";

export type { Alert, Approval, Case, CaseLink, CasePriority, CaseStatus, TimelineEntry };
export type LinkKind = CaseLinkKind;

const call = api.casework;
const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

export const casework = {
  alerts: (filter: Record<string, string | number | undefined>) =>
    call<{ alerts: Alert[] }>("GET", `/api/alerts${query(filter)}`),
  alert: (id: string) =>
    call<{ alert: Alert; history: Alert[]; pendingApproval: Approval | null }>(
      "GET",
      `/api/alerts/${enc(id)}`,
    ),
  assign: (a: Alert, assignee: string | null) =>
    call<Alert>("POST", `/api/alerts/${enc(a.id)}/assign`, { version: a.version, assignee }),
  snooze: (a: Alert, until: number) =>
    call<Alert>("POST", `/api/alerts/${enc(a.id)}/snooze`, { version: a.version, until }),
  dismiss: (a: Alert, reason: string) =>
    call<{ alert: Alert; approval: Approval | null }>("POST", `/api/alerts/${enc(a.id)}/dismiss`, {
      version: a.version,
      reason,
    }),
  escalate: (a: Alert, caseId?: string) =>
    call<{ alert: Alert; case: Case }>("POST", `/api/alerts/${enc(a.id)}/escalate`, {
      version: a.version,
      ...(caseId ? { caseId } : {}),
    }),
  cases: () => call<{ cases: Case[] }>("GET", "/api/cases"),
  createCase: (title: string, priority: CasePriority) =>
    call<Case>("POST", "/api/cases", { title, priority }),
  case: (id: string) =>
    call<{ case: Case; links: CaseLink[]; approvals: Approval[] }>("GET", `/api/cases/${enc(id)}`),
  updateCase: (
    c: Case,
    patch: Partial<Pick<Case, "title" | "priority" | "assignee" | "status" | "referredTo">>,
  ) => call<Case>("PATCH", `/api/cases/${enc(c.id)}`, { version: c.version, ...patch }),
  link: (caseId: string, kind: LinkKind, ref: string, params?: Record<string, unknown>) =>
    call<{ link: CaseLink; added: boolean }>("POST", `/api/cases/${enc(caseId)}/links`, {
      kind,
      ref,
      ...(params ? { params } : {}),
    }),
  unlink: (caseId: string, kind: LinkKind, ref: string) =>
    call<{ removed: true }>("DELETE", `/api/cases/${enc(caseId)}/links/${enc(kind)}/${enc(ref)}`),
  notes: (caseId: string) => call<{ notes: Note[] }>("GET", `/api/cases/${enc(caseId)}/notes`),
  addNote: (caseId: string, text: string) => call("POST", `/api/cases/${enc(caseId)}/notes`, { text }),
  timeline: (caseId: string) =>
    call<{ entries: TimelineEntry[] }>("GET", `/api/cases/${enc(caseId)}/timeline`),
  close: (c: Case, outcome: string) =>
    call<{ case: Case; approval: Approval | null }>("POST", `/api/cases/${enc(c.id)}/close`, {
      version: c.version,
      outcome,
    }),
  approvals: () => call<{ approvals: Approval[] }>("GET", "/api/approvals"),
  decide: (id: string, approve: boolean, note?: string) =>
    call<{ approval: Approval }>("POST", `/api/approvals/${enc(id)}`, { approve, ...(note ? { note } : {}) }),
  casePackage: (id: string) => api.postFile(`/api/cases/${enc(id)}/package`, `case-${id}.zip`),
};
