/**
 * The audit trail: an append-only, hash-chained log of who did what (logins, uploads, views of people and accounts,
 * searches, traces, analyses, exports, user changes). Each entry carries the SHA-256 of the previous entry's hash and
 * its own hash over its canonical JSON, so editing or deleting any entry breaks the chain at that point.
 *
 *   hash = SHA-256( canonicalJson({ seq, ts, actor, action, target, params, prevHash }) )   (hex)
 *
 * A chain alone can be cut at the end or rewritten and re-hashed by whoever can write the database, so the entries
 * are also the leaves of a Certificate-Transparency Merkle tree (RFC 9162, merkle.ts), and after every batch a tree
 * head signed with a key kept outside the database is appended to a head log outside it (heads.ts, tree-writer.ts).
 * verifyTrail (verify.ts) checks the chain, the tree and every signed head; proofs.ts gives inclusion proofs that an
 * evidence package carries to be checked offline. docs/AUDIT.md describes the whole design.
 *
 * Appends are serialised in-process by a queue per store with group commit (what queues during one write goes out in
 * the next, in one transaction when the store has appendAuditBatch); appends from another process (the CLI next to a
 * running server) are caught by the store rejecting a taken `seq`, after which the queue re-reads the tail and retries.
 */
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { auditHash, GENESIS_HASH } from "./entry-hash.js";
import { recordHead, signerOf } from "./tree-writer.js";

export { canonicalJson, CanonicalJsonError } from "./canonical-json.js";
export { auditHash, auditLeafHash, GENESIS_HASH } from "./entry-hash.js";
export {
  AuditHeadError,
  headSignatureValid,
  loadSigner,
  parseHead,
  readHeadLog,
  SignedTreeHeadSchema,
  type AuditHeadLogLocation,
  type SignedTreeHead,
} from "./heads.js";
export {
  verifyChain,
  verifyTrail,
  type ChainVerification,
  type TrailProblem,
  type TrailVerification,
  type VerifyTrailOptions,
} from "./verify.js";
export {
  AuditIntegrityError,
  checkAuditProof,
  proveEntries,
  signCurrentHead,
  type AuditProof,
  type AuditProofCheck,
} from "./proofs.js";

export interface AuditInput {
  /** Username, or "cli" for command-line actions. */
  actor: string;
  /** Dotted verb: "auth.login", "entity.view", "search", "trace", "export.create"… */
  action: string;
  /** What was touched: node id, case number, upload id…; null when nothing in particular. */
  target?: string | null;
  /** The request's parameters (JSON-serialisable). */
  params?: Record<string, unknown>;
}

/** Thrown when an append keeps failing (the store is down, or another writer keeps winning the race). */
export class AuditWriteError extends Error {
  override name = "AuditWriteError";
}

interface Pending {
  input: AuditInput;
  params: Record<string, unknown>;
  attempts: number;
  resolve(entry: AuditEntry): void;
  reject(err: Error): void;
}

interface ChainState {
  /** Appends waiting for the next flush, in call order. */
  pending: Pending[];
  flushing: boolean;
  /** The last entry this process wrote or read; re-read from the store after a failed append. */
  last: { seq: number; hash: string } | null | undefined;
}

const chains = new WeakMap<AuditRecords, ChainState>();

const APPEND_ATTEMPTS = 5;
/** Most entries sealed and written in one flush. */
const MAX_BATCH = 500;

/** Seal pending appends into consecutive entries after `last`. */
function seal(batch: Pending[], last: { seq: number; hash: string } | null): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prev = last;
  for (const p of batch) {
    const unsealed: Omit<AuditEntry, "hash"> = {
      seq: (prev?.seq ?? 0) + 1,
      ts: Date.now(),
      actor: p.input.actor,
      action: p.input.action,
      target: p.input.target ?? null,
      params: p.params,
      prevHash: prev?.hash ?? GENESIS_HASH,
    };
    const entry = { ...unsealed, hash: auditHash(unsealed) };
    entries.push(entry);
    prev = entry;
  }
  return entries;
}

/**
 * Group commit: everything that queued while the previous write was in flight is sealed and written together, in
 * one store call when the store offers appendAuditBatch (one transaction), else entry by entry. Each caller's promise
 * settles when its own entry is stored.
 */
async function flush(store: AuditRecords, state: ChainState): Promise<void> {
  state.flushing = true;
  try {
    while (state.pending.length > 0) {
      const batch = state.pending.splice(0, MAX_BATCH);
      let written = 0;
      let entries: AuditEntry[] = [];
      let failure: unknown = null;
      try {
        if (state.last === undefined) {
          const last = await store.lastAudit();
          state.last = last ? { seq: last.seq, hash: last.hash } : null;
        }
        entries = seal(batch, state.last);
        if (store.appendAuditBatch && entries.length > 1) {
          await store.appendAuditBatch(entries);
          written = entries.length;
        } else {
          for (const entry of entries) {
            await store.appendAudit(entry);
            written++;
          }
        }
      } catch (err) {
        failure = err;
      }
      // The stored entries are signed into a tree head before anyone hears they were recorded; when that fails
      // they stay stored (the next head covers them) but their callers get the error.
      let headError: Error | null = null;
      if (written > 0) {
        try {
          await recordHead(store, entries.slice(0, written));
        } catch (err) {
          headError = err as Error;
        }
      }
      for (let i = 0; i < written; i++) {
        if (headError) batch[i]!.reject(headError);
        else batch[i]!.resolve(entries[i]!);
      }
      if (written > 0) state.last = { seq: entries[written - 1]!.seq, hash: entries[written - 1]!.hash };
      if (written === batch.length) continue;
      // Another writer took a seq, or the store failed: re-read the tail and retry what was not written.
      state.last = undefined;
      const retry: Pending[] = [];
      for (const p of batch.slice(written)) {
        if (++p.attempts < APPEND_ATTEMPTS) retry.push(p);
        else {
          p.reject(
            new AuditWriteError(
              `audit: could not append "${p.input.action}" after ${APPEND_ATTEMPTS} attempts: ${(failure as Error)?.message}`,
            ),
          );
        }
      }
      state.pending.unshift(...retry);
    }
  } finally {
    state.flushing = false;
  }
}

/**
 * Append one entry to the trail and return it sealed. Callers await it before answering, so nothing is shown that
 * was not recorded.
 */
export function audit(store: AuditRecords, input: AuditInput): Promise<AuditEntry> {
  let state = chains.get(store);
  if (!state) {
    state = { pending: [], flushing: false, last: undefined };
    chains.set(store, state);
  }
  const s = state;
  return new Promise<AuditEntry>((resolve, reject) => {
    // Round-trip through JSON so the hashed params are exactly what the store keeps (no undefined, no Dates).
    const params = JSON.parse(JSON.stringify(input.params ?? {})) as Record<string, unknown>;
    s.pending.push({ input, params, attempts: 0, resolve, reject });
    if (!s.flushing) void flush(store, s);
  });
}

/**
 * Load the store's audit signing key, creating it (mode 0600) when missing; a server calls it at start.
 * @throws AuditHeadError naming the key file when it cannot be read or created
 */
export function prepareAuditSigning(store: AuditRecords): void {
  signerOf(store);
}
