/**
 * The audit trail: an append-only, hash-chained log of who did what (logins, uploads, views of people and accounts,
 * searches, traces, analyses, exports, user changes). Each entry carries the SHA-256 of the previous entry's hash and
 * its own hash over its canonical JSON, so editing or deleting any entry breaks the chain at that point.
 *
 *   hash = SHA-256( canonicalJson({ seq, ts, actor, action, target, params, prevHash }) )   (hex)
 *
 * Appends are serialised in-process by a promise queue per store; appends from another process (the CLI next to a
 * running server) are caught by the store rejecting a taken `seq`, after which the queue re-reads the tail and retries.
 */
import { createHash } from "node:crypto";
import type { AuditEntry, GraphStore } from "../store/types.js";
import { canonicalJson } from "./canonical-json.js";

export { canonicalJson, CanonicalJsonError } from "./canonical-json.js";

/** prevHash of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

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

/** The hash of an entry, from every field except `hash`. */
export function auditHash(entry: Omit<AuditEntry, "hash">): string {
  const { seq, ts, actor, action, target, params, prevHash } = entry;
  const text = canonicalJson({ seq, ts, actor, action, target, params, prevHash });
  return createHash("sha256").update(text, "utf8").digest("hex");
}

interface ChainState {
  tail: Promise<unknown>;
  /** The last entry this process wrote or read; re-read from the store after a failed append. */
  last: { seq: number; hash: string } | null | undefined;
}

const chains = new WeakMap<GraphStore, ChainState>();

const APPEND_ATTEMPTS = 5;

async function appendNow(store: GraphStore, state: ChainState, input: AuditInput): Promise<AuditEntry> {
  // Round-trip through JSON so the hashed params are exactly what the store keeps (no undefined, no Dates).
  const params = JSON.parse(JSON.stringify(input.params ?? {})) as Record<string, unknown>;
  let lastError: unknown;
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
    if (state.last === undefined) {
      const last = await store.lastAudit();
      state.last = last ? { seq: last.seq, hash: last.hash } : null;
    }
    const unsealed: Omit<AuditEntry, "hash"> = {
      seq: (state.last?.seq ?? 0) + 1,
      ts: Date.now(),
      actor: input.actor,
      action: input.action,
      target: input.target ?? null,
      params,
      prevHash: state.last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...unsealed, hash: auditHash(unsealed) };
    try {
      await store.appendAudit(entry);
      state.last = { seq: entry.seq, hash: entry.hash };
      return entry;
    } catch (err) {
      lastError = err;
      state.last = undefined;
    }
  }
  throw new AuditWriteError(
    `audit: could not append "${input.action}" after ${APPEND_ATTEMPTS} attempts: ${(lastError as Error)?.message}`,
  );
}

/**
 * Append one entry to the trail and return it sealed. Callers await it before answering, so nothing is shown that
 * was not recorded.
 */
export function audit(store: GraphStore, input: AuditInput): Promise<AuditEntry> {
  let state = chains.get(store);
  if (!state) {
    state = { tail: Promise.resolve(), last: undefined };
    chains.set(store, state);
  }
  const s = state;
  const run = s.tail.then(() => appendNow(store, s, input));
  s.tail = run.catch(() => undefined);
  return run;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries checked (up to and including the first broken one). */
  entries: number;
  /** Hash of the last entry checked; anchor it elsewhere to detect removal of the newest entries. */
  lastHash: string;
  firstBroken?: { seq: number; reason: string };
}

const PAGE = 1000;

/** Walk the whole chain from seq 1 and report the first entry that was edited, removed or re-ordered. */
export async function verifyChain(store: GraphStore): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const page = await store.auditEntries({ afterSeq: expectedSeq - 1, limit: PAGE });
    if (page.length === 0) return { ok: true, entries, lastHash: prevHash };
    for (const e of page) {
      entries++;
      const broken = (reason: string, seq = e.seq): ChainVerification => ({
        ok: false,
        entries,
        lastHash: prevHash,
        firstBroken: { seq, reason },
      });
      if (e.seq !== expectedSeq) {
        return broken(`entry ${expectedSeq} is missing (the next entry found is ${e.seq})`, expectedSeq);
      }
      if (e.prevHash !== prevHash) {
        return broken(
          expectedSeq === 1
            ? "prevHash of the first entry is not the genesis hash"
            : `prevHash does not match the hash of entry ${expectedSeq - 1} (an entry before it was removed or edited)`,
        );
      }
      const { hash, ...rest } = e;
      if (auditHash(rest) !== hash)
        return broken("hash does not match the entry's content (the entry was edited)");
      prevHash = hash;
      expectedSeq++;
    }
  }
}
