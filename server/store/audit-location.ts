/**
 * Where a store's audit head log and signing key live by default: next to the embedded database in its data folder,
 * never inside the database (server/audit/heads.ts explains why they must be outside it).
 */
import path from "node:path";
import type { AuditHeadLogLocation } from "./types.js";

export const AUDIT_HEAD_LOG_FILE = "audit-heads.log";
export const AUDIT_KEY_FILE = "audit-signing.key";

/** `<dataDir>/audit-heads.log` and `<dataDir>/audit-signing.key`. */
export function defaultAuditHeadLog(dataDir: string): AuditHeadLogLocation {
  return { headLog: path.join(dataDir, AUDIT_HEAD_LOG_FILE), keyFile: path.join(dataDir, AUDIT_KEY_FILE) };
}
