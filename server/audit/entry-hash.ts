/**
 * The two hashes of an audit entry: its chain hash (over every field but `hash`, linking it to the previous entry)
 * and its Merkle leaf hash (RFC 9162: SHA-256(0x00 || the whole entry as canonical JSON, chain hash included)).
 */
import { createHash } from "node:crypto";
import type { AuditEntry } from "../store/types.js";
import { canonicalJson } from "./canonical-json.js";
import { leafHash } from "./merkle.js";

/** prevHash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The hash of an entry, from every field except `hash`. */
export function auditHash(entry: Omit<AuditEntry, "hash">): string {
  const { seq, ts, actor, action, target, params, prevHash } = entry;
  const text = canonicalJson({ seq, ts, actor, action, target, params, prevHash });
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The entry's leaf in the audit Merkle tree. Only the stored fields count, so a copy read back hashes the same. */
export function auditLeafHash(entry: AuditEntry): Buffer {
  const { seq, ts, actor, action, target, params, prevHash, hash } = entry;
  return leafHash(
    Buffer.from(canonicalJson({ seq, ts, actor, action, target, params, prevHash, hash }), "utf8"),
  );
}
