/**
 * The writer's side of the signed tree heads: per store, the compact Merkle frontier of the entries stored so far,
 * extended after every audit batch and signed into a head appended to the head log. The frontier is built from the
 * store once per process (one read of the whole trail) and then caught up with whatever another process appended
 * in between, so a head always covers every stored entry up to the batch it follows.
 */
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { auditLeafHash } from "./entry-hash.js";
import { appendHead, loadSigner, type AuditSigner, type SignedTreeHead } from "./heads.js";
import { MerkleFrontier } from "./merkle.js";

interface TreeState {
  signer?: AuditSigner;
  /** Leaves of the stored entries in seq order; undefined until built, or after the store surprised us. */
  frontier?: MerkleFrontier;
  /** seq of the last entry in the frontier. */
  lastSeq: number;
}

const trees = new WeakMap<AuditRecords, TreeState>();

const PAGE = 1000;

/** The signer of a store's head log (the key file is created on first use). */
export function signerOf(store: AuditRecords): AuditSigner | null {
  const loc = store.auditHeadLog;
  if (!loc) return null;
  let state = trees.get(store);
  if (!state) trees.set(store, (state = { lastSeq: 0 }));
  if (state.signer?.keyFile !== loc.keyFile) state.signer = loadSigner(loc.keyFile);
  return state.signer;
}

/**
 * After `written` (consecutive entries) were stored: extend the tree over them and append a signed head to the
 * store's head log. Does nothing for a store without a head log. Runs inside the audit queue's flush, one at a time
 * per store.
 * @throws AuditHeadError when the key or the head log cannot be used
 */
export async function recordHead(store: AuditRecords, written: AuditEntry[]): Promise<SignedTreeHead | null> {
  const signer = signerOf(store);
  if (!signer || written.length === 0) return null;
  const state = trees.get(store)!;
  const first = written[0]!.seq;
  if (!state.frontier || state.lastSeq >= first) {
    state.frontier = new MerkleFrontier();
    state.lastSeq = 0;
  }
  // Catch up with entries stored by someone else since (or, the first time, all entries before this batch).
  while (state.lastSeq < first - 1) {
    const page = await store.auditEntries({ afterSeq: state.lastSeq, limit: PAGE });
    const before = page.filter((e) => e.seq < first);
    for (const e of before) {
      state.frontier.append(auditLeafHash(e));
      state.lastSeq = e.seq;
    }
    if (before.length < page.length || page.length === 0) break;
  }
  // A gap before this batch (entries missing from the store) leaves the tree out of step with seq numbers: sign what
  // is there, and rebuild next time. verifyTrail names the missing entries.
  const inStep = state.lastSeq === first - 1 && state.frontier.size === first - 1;
  for (const e of written) state.frontier.append(auditLeafHash(e));
  state.lastSeq = written.at(-1)!.seq;
  const head = signer.signHead(state.frontier.size, state.frontier.root().toString("hex"));
  if (!inStep) state.frontier = undefined;
  await appendHead(store.auditHeadLog!.headLog, head);
  return head;
}
