/**
 * One pass over the whole audit trail in seq order, checking the hash chain and building the Merkle tree at once:
 * the first broken link, the tree's root at every size asked for, and (when asked) every leaf hash for proofs.
 * The chain check stops counting at the first broken entry but the tree goes on to the end, so that a trail that is
 * both broken and cut is reported as both.
 */
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { auditHashes, GENESIS_HASH } from "./entry-hash.js";
import { MerkleFrontier } from "./merkle.js";

export interface ChainVerification {
  ok: boolean;
  /** Entries checked (up to and including the first broken one). */
  entries: number;
  /** Hash of the last entry checked; anchor it elsewhere to detect removal of the newest entries. */
  lastHash: string;
  firstBroken?: { seq: number; reason: string };
}

export interface TrailScan {
  chain: ChainVerification;
  /** Entries in the store. */
  size: number;
  root: Buffer;
  /** Root (hex) of the tree of the first n entries, for each n asked for that is ≤ size. */
  rootsAt: Map<number, string>;
  /** Leaf hashes in seq order, when keepLeaves. */
  leaves: Buffer[];
  /** Entries `pick` chose, in seq order. */
  picked: AuditEntry[];
}

const PAGE = 1000;

export interface ScanOptions {
  /** Tree sizes whose roots to report. */
  sizes?: Iterable<number>;
  keepLeaves?: boolean;
  /** Entries to hand back in `picked`. */
  pick?: (e: AuditEntry) => boolean;
}

export async function scanTrail(store: AuditRecords, opts: ScanOptions = {}): Promise<TrailScan> {
  const wanted = new Set(opts.sizes ?? []);
  const rootsAt = new Map<number, string>();
  const frontier = new MerkleFrontier();
  const leaves: Buffer[] = [];
  const picked: AuditEntry[] = [];
  if (wanted.has(0)) rootsAt.set(0, frontier.root().toString("hex"));

  let chain: ChainVerification | null = null;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  for (;;) {
    const page = await store.auditEntries({ afterSeq, limit: PAGE });
    if (page.length === 0) break;
    for (const e of page) {
      afterSeq = e.seq;
      const { chain: chainHash, leaf } = auditHashes(e);
      frontier.append(leaf);
      if (opts.keepLeaves) leaves.push(leaf);
      if (opts.pick?.(e)) picked.push(e);
      if (wanted.has(frontier.size)) rootsAt.set(frontier.size, frontier.root().toString("hex"));
      if (chain) continue;
      const broken = (reason: string, seq = e.seq): ChainVerification => ({
        ok: false,
        entries: expectedSeq,
        lastHash: prevHash,
        firstBroken: { seq, reason },
      });
      if (e.seq !== expectedSeq) {
        chain = broken(`entry ${expectedSeq} is missing (the next entry found is ${e.seq})`, expectedSeq);
      } else if (e.prevHash !== prevHash) {
        chain = broken(
          expectedSeq === 1
            ? "prevHash of the first entry is not the genesis hash"
            : `prevHash does not match the hash of entry ${expectedSeq - 1} (an entry before it was removed or edited)`,
        );
      } else {
        if (chainHash !== e.hash)
          chain = broken("hash does not match the entry's content (the entry was edited)");
        else {
          prevHash = e.hash;
          expectedSeq++;
        }
      }
    }
  }
  return {
    chain: chain ?? { ok: true, entries: expectedSeq - 1, lastHash: prevHash },
    size: frontier.size,
    root: frontier.root(),
    rootsAt,
    leaves,
    picked,
  };
}
