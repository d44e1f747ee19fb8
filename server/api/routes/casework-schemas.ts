/**
 * Wire schemas of the alert and case routes (alerts.ts, cases.ts), published in the OpenAPI document. The casework
 * rooms' errors carry their codes (server/cases/errors.ts, server/store/ports/casework.ts) and are answered by them:
 * validation 400, not found 404, forbidden 403, a stale version 409 with the current record in `details.current`
 * (code `stale_version`), a decided approval or taken id 409.
 */
import { z } from "zod";
import {
  ALERT_STATUSES,
  CASE_LINK_KINDS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  type AlertStatus,
  type CaseLinkKind,
  type CasePriority,
  type CaseStatus,
} from "../../store/ports/casework.js";
import { aboutField } from "../error-status.js";

const Strings = z.array(z.string());

export const AlertSchema = z.object({
  id: z.string(),
  kind: z.enum(["cluster", "account"]),
  lineage: z.string().describe("the first alert of this cluster or account; later alerts of it share it"),
  subject: z.string().describe("cluster: SHA-256 of its sorted members; account: the account key"),
  runId: z.string(),
  clusterId: z.string().nullable(),
  createdAt: z.number(),
  score: z.number(),
  typologies: Strings,
  banks: Strings,
  members: Strings,
  transfers: Strings,
  reasons: Strings,
  change: z.object({
    kind: z.enum(["new", "changed"]),
    previousId: z.string().nullable(),
    addedMembers: Strings,
    removedMembers: Strings,
    addedTransfers: Strings,
  }),
  status: z.enum(ALERT_STATUSES as [AlertStatus, ...AlertStatus[]]),
  assignee: z.string().nullable(),
  snoozedUntil: z.number().nullable(),
  dismissReason: z.string().nullable(),
  caseId: z.string().nullable(),
  updatedAt: z.number(),
  updatedBy: z.string(),
  version: z.number().int(),
});

export const CaseSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES as [CaseStatus, ...CaseStatus[]]),
  outcome: z.string().nullable(),
  assignee: z.string().nullable(),
  priority: z.enum(CASE_PRIORITIES as [CasePriority, ...CasePriority[]]),
  referredTo: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
  updatedAt: z.number(),
  updatedBy: z.string(),
  version: z.number().int(),
});

export const LinkKind = z.enum(CASE_LINK_KINDS as [CaseLinkKind, ...CaseLinkKind[]]);

export const CaseLinkSchema = z.object({
  caseId: z.string(),
  kind: LinkKind,
  ref: z.string(),
  params: z.record(z.string(), z.unknown()),
  addedBy: z.string(),
  addedAt: z.number(),
});

export const ApprovalSchema = z.object({
  id: z.string(),
  action: z.enum(["case.close", "alert.dismiss"]),
  target: z.string(),
  params: z.record(z.string(), z.unknown()),
  requestedBy: z.string(),
  requestedAt: z.number(),
  status: z.enum(["pending", "approved", "rejected"]),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  note: z.string().nullable(),
});

export const AuditEntrySchema = z.object({
  seq: z.number(),
  ts: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

/** The version an update is made from (the one the client read). */
export const Version = z
  .number()
  .int()
  .min(1)
  .describe("the version the change is made from (409 when stale)");

export const IdParams = z.object({ id: z.string().min(1).max(200) });

export const STALE_RESPONSE = {
  description:
    "the record changed since `version` (code stale_version; details.current is the stored record)",
};

/**
 * Run a handler body; a not-found or invalid-input error that names no field (an unknown case, an empty evidence
 * selection) is answered as about `params.id`. Every other error is answered by its own code.
 */
export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw aboutField(err, "params.id");
  }
}
