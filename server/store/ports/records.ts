/**
 * The case records port: what the product keeps beside the graph — users, the audit trail, upload jobs, notes and
 * named column mappings. Each kind has a port of its own, so that a consumer (server/auth, server/audit, the upload
 * jobs …) depends only on the records it reads or writes; CaseRecordsPort is all of them.
 */
import type { ExportKind } from "../../../model/records.js";
import type { Role } from "../../auth/roles.js";

export interface StoredUser {
  username: string;
  /** What the user may do: server/auth/roles.ts. */
  role: Role;
  /** Encoded KDF hash (server/auth/password.ts owns the format). */
  passwordHash: string;
  createdAt: number;
  disabled?: boolean;
}

export interface AuditEntry {
  seq: number;
  ts: number;
  actor: string;
  action: string;
  /** What was touched: node id, case number, upload id… */
  target: string | null;
  params: Record<string, unknown>;
  /** SHA-256 hex of the previous entry's `hash` ("0"×64 for the first). */
  prevHash: string;
  /** SHA-256 hex over this entry's canonical JSON (server/audit owns the formula). */
  hash: string;
}

/** Where the signed tree heads of a store's audit trail are appended, and the file holding the key that signs them. */
export interface AuditHeadLogLocation {
  headLog: string;
  keyFile: string;
}

export interface UploadRecord {
  id: string;
  createdAt: number;
  createdBy: string;
  status: "queued" | "running" | "done" | "failed";
  /** The ingest summary JSON (same shape as `mulegraph ingest --json`), when done. */
  summary?: unknown;
  error?: string;
}

/** An investigator's note on an entity (node id) or a case. */
export interface Note {
  id: string;
  target: string;
  author: string;
  createdAt: number;
  text: string;
}

/**
 * A column mapping a user saved under a name (the upload page's "Save as named mapping"). It is offered again for a
 * file whose header has the same `signature`: the header cells normalised (server/api/header-signature.ts), so a
 * header that differs only in case, spacing or ё/е matches.
 */
export interface NamedMapping {
  /** Unique; saving under an existing name replaces that mapping. */
  name: string;
  /** Export kind the columns belong to. */
  kind: ExportKind;
  signature: string;
  /** The header cells as in the file the mapping was made for. */
  header: string[];
  /** Header as in the file → canonical field; "" ignores the column. */
  columns: Record<string, string>;
  createdBy: string;
  createdAt: number;
}

export interface UserRecords {
  getUser(username: string): Promise<StoredUser | null>;
  putUser(user: StoredUser): Promise<void>;
  listUsers(): Promise<StoredUser[]>;
}

export interface AuditRecords {
  /** Append one entry; `seq` must be last seq + 1 (the store rejects anything else). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /**
   * Optional: append consecutive entries in one transaction (the first `seq` must be last seq + 1; all or nothing).
   * server/audit groups concurrent appends into one call when a store offers it; without it, appendAudit per entry.
   */
  appendAuditBatch?(entries: AuditEntry[]): Promise<void>;
  lastAudit(): Promise<AuditEntry | null>;
  /**
   * Where server/audit writes signed tree heads after each batch (outside the database); absent: no heads are kept
   * (a store opened by hand in a test; the server and the CLI always set it).
   */
  auditHeadLog?: AuditHeadLogLocation;
  auditEntries(opts: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
}

export interface UploadRecords {
  putUpload(upload: UploadRecord): Promise<void>;
  getUpload(id: string): Promise<UploadRecord | null>;
  listUploads(opts?: { limit?: number }): Promise<UploadRecord[]>;
}

export interface NoteRecords {
  putNote(note: Note): Promise<void>;
  /** Notes on one target, oldest first. */
  listNotes(target: string): Promise<Note[]>;
}

export interface MappingRecords {
  /** Insert or replace a named mapping (by name). */
  putNamedMapping(mapping: NamedMapping): Promise<void>;
  getNamedMapping(name: string): Promise<NamedMapping | null>;
  /** Named mappings by name; only those of one header signature when `signature` is given. */
  listNamedMappings(opts?: { signature?: string }): Promise<NamedMapping[]>;
  /** Remove a named mapping; false when there was none by that name. */
  deleteNamedMapping(name: string): Promise<boolean>;
}

/** Every case record the store keeps beside the graph. */
export interface CaseRecordsPort
  extends UserRecords, AuditRecords, UploadRecords, NoteRecords, MappingRecords {}
