/**
 * The two hashes of an audit entry: its chain hash (over every field but `hash`, linking it to the previous entry)
 * and its Merkle leaf hash (RFC 9162: SHA-256(0x00 || the whole entry as canonical JSON, chain hash included)).
 */
import { createHash } from "node:crypto";
import type { AuditEntry } from "../store/ports/records.js";
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

/**
 * Both hashes from one canonical text: the whole entry's canonical JSON is the chain text with `"hash":…` put
 * before `"params":` (keys are sorted: action, actor, hash, params, …). A `,"params":` cannot occur inside the
 * action or actor strings, whose quotes JSON escapes, so the first one is the key. Halves the JSON work of a
 * pass over the trail.
 */
export function auditHashes(entry: AuditEntry): { chain: string; leaf: Buffer } {
  const { seq, ts, actor, action, target, params, prevHash, hash } = entry;
  const text = canonicalJson({ seq, ts, actor, action, target, params, prevHash });
  const chain = createHash("sha256").update(text, "utf8").digest("hex");
  const at = text.indexOf(',"params":') + 1;
  const whole = `${text.slice(0, at)}"hash":${canonicalJson(hash)},${text.slice(at)}`;
  return { chain, leaf: leafHash(Buffer.from(whole, "utf8")) };
}
