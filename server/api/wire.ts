/**
 * The API's response shapes as TypeScript types, inferred from the zod schemas the routes declare (schemas.ts), for
 * handlers and for the web client, which imports them with `import type` (erased at build: no server code reaches the
 * browser). A shape changes in one place, the schema, and both sides follow.
 */
import type { z } from "zod";
import type { ColumnMapping, IngestSummary } from "../../ingest/types.js";
import type { StoreDelta } from "../jobs/store-delta.js";
import type {
  AuditEntrySchema,
  AuditVerificationSchema,
  ColumnGuessSchema,
  LoadSchema,
  MeSchema,
  NamedMappingSchema,
  NoteSchema,
  PreviewSchema,
  PublicUserSchema,
  StatsSchema,
  UploadSchema,
} from "./schemas.js";

import type {
  AlertSchema,
  ApprovalSchema,
  AuditEntrySchema as CaseAuditEntrySchema,
  CaseLinkSchema,
  CaseSchema,
} from "./routes/casework-schemas.js";

export type { Permission, Role } from "../auth/roles.js";
export type { AlertStatus, CaseLinkKind, CasePriority, CaseStatus } from "../store/ports/casework.js";
/** A column mapping as the upload and preview routes take it (request type, ingest/mapping.ts's schema). */
export type { ColumnMapping };

/** GET /api/auth/me, POST /api/auth/login. */
export type MeAnswer = z.infer<typeof MeSchema>;
/** The signed-in user with what their role may do. */
export type Me = MeAnswer["user"] & { permissions: MeAnswer["permissions"] };
export type Stats = z.infer<typeof StatsSchema>;
export type Load = z.infer<typeof LoadSchema>;
export type PublicUser = z.infer<typeof PublicUserSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Note = z.infer<typeof NoteSchema>;
export type ColumnGuess = z.infer<typeof ColumnGuessSchema>;
export type NamedMapping = z.infer<typeof NamedMappingSchema>;
/**
 * An upload job (GET /api/uploads/{id}). Its schema documents `summary` as free-form; it is the ingest summary
 * (`mulegraph ingest --json`) with what the upload added to the store.
 */
export type Upload = Omit<z.infer<typeof UploadSchema>, "summary"> & { summary?: UploadSummary };
export type UploadSummary = IngestSummary & { store?: StoreDelta };
/** POST /api/uploads/preview. */
export type Preview = z.infer<typeof PreviewSchema>;
/** GET /api/audit/verify. */
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;
export type Alert = z.infer<typeof AlertSchema>;
export type Case = z.infer<typeof CaseSchema>;
export type CaseLink = z.infer<typeof CaseLinkSchema>;
export type Approval = z.infer<typeof ApprovalSchema>;
/** One entry of a case's timeline (GET /api/cases/{id}/timeline): an audit entry about the case. */
export type TimelineEntry = z.infer<typeof CaseAuditEntrySchema>;
