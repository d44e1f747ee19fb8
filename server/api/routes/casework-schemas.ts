/**
 * Wire schemas of the alert and case routes (alerts.ts, cases.ts), published in the OpenAPI document, and how the
 * casework rooms' errors become API errors: validation 400, not found 404, forbidden 403, a stale version 409 with
 * the current record in `details.current` (code `stale_version`), a decided approval or taken id 409.
 */
import { z } from "zod";
import { CaseworkForbiddenError, CaseworkNotFoundError, CaseworkValidationError } from "../../cases/index.js";
import { EvidenceInputError } from "../../evidence/index.js";
import {
  ALERT_STATUSES,
  ApprovalStateError,
  CASE_LINK_KINDS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CaseworkExistsError,
  StaleVersionError,
} from "../../store/ports/casework.js";
import { ApiError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";

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
  status: z.enum(ALERT_STATUSES as [string, ...string[]]),
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
  status: z.enum(CASE_STATUSES as [string, ...string[]]),
  outcome: z.string().nullable(),
  assignee: z.string().nullable(),
  priority: z.enum(CASE_PRIORITIES as [string, ...string[]]),
  referredTo: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
  updatedAt: z.number(),
  updatedBy: z.string(),
  version: z.number().int(),
});

export const LinkKind = z.enum(CASE_LINK_KINDS as [string, ...string[]]);

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

/** The casework rooms' errors as API errors; anything else passes through. */
export function caseworkApiError(err: unknown): unknown {
  if (err instanceof CaseworkValidationError || err instanceof EvidenceInputError) {
    const field = err instanceof CaseworkValidationError ? err.field : "params.id";
    return new ValidationError(`api: ${err.message}`, [{ path: field, message: err.message }]);
  }
  if (err instanceof CaseworkNotFoundError) return new NotFoundError(`api: ${err.message}`, "params.id");
  if (err instanceof CaseworkForbiddenError) return new ForbiddenError(`api: ${err.message}`);
  if (err instanceof StaleVersionError)
    return new ApiError(409, "stale_version", `api: ${err.message}`, { current: err.current });
  if (err instanceof ApprovalStateError || err instanceof CaseworkExistsError)
    return new ConflictError(`api: ${err.message}`);
  return err;
}

/** Run a handler body and map the casework errors it throws. */
export async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw caseworkApiError(err);
  }
}
