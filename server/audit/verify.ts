/**
 * verifyTrail: everything that can be checked about the audit trail, and what each failure means.
 *
 *  - the hash chain (an entry edited without re-hashing, removed from the middle, re-ordered);
 *  - every signed head in the head log: its signature, its key (the key file's), and the tree recomputed from the
 *    entries at its size. A head larger than the store means entries were cut from the end (a "missing tail"); a head
 *    whose root no longer matches means an entry it covered was rewritten, located between the largest head that still
 *    matches and the smallest that does not. Every head is checked against the entries, so all heads are also
 *    consistent with each other (RFC 9162 §2.1.4 by recomputing the root at the older size);
 *  - optionally a head the investigator kept elsewhere (`audit export-head`): a head log whose newest head is older
 *    than it was rolled back.
 */
import type { AuditRecords } from "../store/ports/records.js";
import { AuditHeadError, headSignatureValid, loadSigner, readHeadLog, type SignedTreeHead } from "./heads.js";
import { scanTrail, type ChainVerification, type ScanOptions, type TrailScan } from "./scan.js";

export type { ChainVerification } from "./scan.js";

export type TrailProblemKind =
  | "missing-tail"
  | "rewritten"
  | "rolled-back"
  | "no-head"
  | "bad-signature"
  | "foreign-key"
  | "bad-head-line";

export interface TrailProblem {
  kind: TrailProblemKind;
  message: string;
  /** The first entry concerned, when one can be named. */
  seq?: number;
}

export interface TrailVerification extends ChainVerification {
  /** The Merkle tree recomputed from the stored entries. */
  tree: { size: number; rootHash: string };
  /** The head log as found; null when the store keeps none. */
  heads: {
    log: string;
    count: number;
    /** The head covering the most entries. */
    newest: SignedTreeHead | null;
    /** Stored entries after the newest head (appended since, not yet covered by a signature). */
    uncovered: number;
    /** Lines cut short by a crash mid-write (ignored; by themselves no sign of tampering). */
    torn: number;
  } | null;
  /** What the signed heads say is wrong; ok is false when there is any, or when the chain is broken. */
  problems: TrailProblem[];
}

export interface VerifyTrailOptions {
  /** A head kept outside the system (`audit export-head`), to catch a head log that was rolled back. */
  keptHead?: SignedTreeHead;
}

const when = (h: SignedTreeHead): string => new Date(h.timestamp).toISOString();

/** Check the chain, the tree and the signed heads; see the module header. */
export async function verifyTrail(
  store: AuditRecords,
  opts: VerifyTrailOptions = {},
): Promise<TrailVerification> {
  return (await checkTrail(store, opts)).result;
}

/** verifyTrail, also handing back the pass over the entries (leaves and picked entries when asked for). */
export async function checkTrail(
  store: AuditRecords,
  opts: VerifyTrailOptions = {},
  scanOpts: Pick<ScanOptions, "keepLeaves" | "pick"> = {},
): Promise<{ result: TrailVerification; scan: TrailScan }> {
  const problems: TrailProblem[] = [];
  const loc = store.auditHeadLog;
  const log = loc ? await readHeadLog(loc.headLog) : null;
  for (const b of log?.bad ?? []) {
    problems.push({ kind: "bad-head-line", message: `head log ${loc!.headLog}: ${b.reason}` });
  }

  let expectedKey: string | undefined;
  if (loc) {
    try {
      expectedKey = loadSigner(loc.keyFile, { create: false }).publicKey;
    } catch (err) {
      // No key file: heads are checked against their own key only (a missing key is no sign of a cut trail).
      if (!(err instanceof AuditHeadError)) throw err;
    }
  }

  const signed: SignedTreeHead[] = [];
  for (const { line, head } of log?.heads ?? []) {
    if (!headSignatureValid(head)) {
      problems.push({
        kind: "bad-signature",
        message: `head log line ${line}: the signature of the head of ${head.treeSize} entries is not valid (the head was altered)`,
      });
    } else if (expectedKey !== undefined && head.publicKey !== expectedKey) {
      problems.push({
        kind: "foreign-key",
        message: `head log line ${line}: the head of ${head.treeSize} entries is signed by a key other than ${loc!.keyFile}'s`,
      });
    } else {
      signed.push(head);
    }
  }
  const kept = opts.keptHead;
  const sizes = new Set([...signed, ...(kept ? [kept] : [])].map((h) => h.treeSize));
  const scan = await scanTrail(store, { ...scanOpts, sizes });
  const stored = scan.size;

  const newest = signed.reduce<SignedTreeHead | null>(
    (a, h) =>
      !a || h.treeSize > a.treeSize || (h.treeSize === a.treeSize && h.timestamp > a.timestamp) ? h : a,
    null,
  );
  // Heads that are there but fail their checks are named above; this is for a log with none at all.
  if (loc && log!.heads.length === 0 && stored > 0) {
    problems.push({
      kind: "no-head",
      message:
        `the store has ${stored} entries but the head log ${loc.headLog} holds no valid signed head ` +
        "(it was deleted or emptied; a trail older than signed heads gets its first with `mulegraph audit export-head`)",
    });
  }
  if (newest && newest.treeSize > stored) {
    problems.push({
      kind: "missing-tail",
      seq: stored + 1,
      message:
        `the newest signed head covers ${newest.treeSize} entries, the store has ${stored}: ` +
        (stored === 0
          ? "every entry was removed"
          : `entries ${stored + 1}–${newest.treeSize} were removed from the end`) +
        ` (head signed ${when(newest)})`,
    });
  }
  const rewritten = rewrittenRange(signed, scan.rootsAt);
  if (rewritten) problems.push(rewritten);

  if (kept) {
    if (!headSignatureValid(kept)) {
      problems.push({
        kind: "bad-signature",
        message: "the kept head's signature is not valid (it was altered)",
      });
    } else {
      const key = expectedKey ?? newest?.publicKey;
      if (key !== undefined && kept.publicKey !== key) {
        problems.push({
          kind: "foreign-key",
          message: "the kept head is signed by another key than this trail's: the key was replaced",
        });
      }
      if (!newest || kept.treeSize > newest.treeSize) {
        problems.push({
          kind: "rolled-back",
          message:
            `the head log was rolled back: its newest head covers ${newest?.treeSize ?? 0} entries, ` +
            `the head you kept (signed ${when(kept)}) covers ${kept.treeSize}`,
        });
      }
      if (kept.treeSize > stored) {
        if (!problems.some((p) => p.kind === "missing-tail")) {
          problems.push({
            kind: "missing-tail",
            seq: stored + 1,
            message: `the head you kept covers ${kept.treeSize} entries, the store has ${stored}`,
          });
        }
      } else if (scan.rootsAt.get(kept.treeSize) !== kept.rootHash) {
        problems.push({
          kind: "rewritten",
          message: `the entries do not match the head you kept (${kept.treeSize} entries, signed ${when(kept)}): an entry among 1–${kept.treeSize} was rewritten`,
        });
      }
    }
  }

  const result: TrailVerification = {
    ...scan.chain,
    ok: scan.chain.ok && problems.length === 0,
    tree: { size: stored, rootHash: scan.root.toString("hex") },
    heads: log
      ? {
          log: loc!.headLog,
          count: log.heads.length,
          newest,
          uncovered: newest ? Math.max(0, stored - newest.treeSize) : stored,
          torn: log.torn.length,
        }
      : null,
    problems,
  };
  return { result, scan };
}

/**
 * Heads within the store's size whose root no longer matches: the first rewritten entry lies after the largest
 * matching head smaller than the smallest mismatching one, and at or before that mismatching head's size.
 */
function rewrittenRange(heads: SignedTreeHead[], rootsAt: Map<number, string>): TrailProblem | null {
  const checkable = heads.filter((h) => rootsAt.has(h.treeSize));
  const bad = checkable.filter((h) => rootsAt.get(h.treeSize) !== h.rootHash);
  if (bad.length === 0) return null;
  const upTo = Math.min(...bad.map((h) => h.treeSize));
  const from =
    Math.max(
      0,
      ...checkable
        .filter((h) => h.treeSize < upTo && rootsAt.get(h.treeSize) === h.rootHash)
        .map((h) => h.treeSize),
    ) + 1;
  const which =
    from === upTo
      ? `entry ${upTo} was rewritten`
      : `an entry among ${from}–${upTo} was rewritten (the first change is there)`;
  return {
    kind: "rewritten",
    seq: from,
    message: `${bad.length} signed head(s) no longer match the entries: ${which}; the signed head of ${upTo} entries no longer matches`,
  };
}

/** The chain alone, as before signed heads (kept for callers that only need the chain). */
export async function verifyChain(store: AuditRecords): Promise<ChainVerification> {
  return (await scanTrail(store)).chain;
}
