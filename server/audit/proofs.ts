/**
 * Proofs for readers outside the system: a head signed now over the whole trail (after checking the trail, so a
 * tampered trail is never signed over), RFC 9162 inclusion proofs of chosen entries in that head, and the offline
 * check of such a bundle, which needs nothing but the bundle (evidence packages carry one).
 */
import { DomainError } from "../errors.js";
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { auditHash, auditLeafHash } from "./entry-hash.js";
import { appendHead, headSignatureValid, type SignedTreeHead } from "./heads.js";
import { MerkleTree, rootFromInclusionProof } from "./merkle.js";
import { signerOf } from "./tree-writer.js";
import { checkTrail } from "./verify.js";

/** The trail fails verification (or keeps no heads), so nothing is signed or proved over it. */
export class AuditIntegrityError extends DomainError {
  override name = "AuditIntegrityError";
  constructor(message: string, options?: ErrorOptions) {
    // A tampered trail is a state of the system, not a fault of the request.
    super("conflict", message, {}, options);
  }
}

/** A signed head and the entries proved to be in it. */
export interface AuditProof {
  head: SignedTreeHead;
  entries: { entry: AuditEntry; leafIndex: number; proof: string[] }[];
}

/**
 * Sign a head over every stored entry (appending it to the head log) and prove the entries `cite` chooses, at most
 * `max` of them (the newest), plus always the newest entry. One pass over the trail checks it and collects both.
 * @throws AuditIntegrityError when the trail fails verification or keeps no head log
 */
export async function proveEntries(
  store: AuditRecords,
  cite: (e: AuditEntry) => boolean = () => false,
  max = 100,
): Promise<AuditProof> {
  const signer = signerOf(store);
  if (!signer)
    throw new AuditIntegrityError("audit/proofs: this store keeps no head log, so no head can be signed");
  let newest: AuditEntry | null = null;
  const { result, scan } = await checkTrail(
    store,
    {},
    {
      keepLeaves: true,
      pick: (e) => {
        newest = e;
        return cite(e);
      },
    },
  );
  if (result.firstBroken) {
    const b = result.firstBroken;
    throw new AuditIntegrityError(
      `audit/proofs: the audit trail fails verification: chain broken at entry ${b.seq}: ${b.reason}`,
    );
  }
  // A trail with no head yet (older than signed heads) may get its first; any other problem is refused.
  const problem = result.problems.find((p) => p.kind !== "no-head");
  if (problem)
    throw new AuditIntegrityError(`audit/proofs: the audit trail fails verification: ${problem.message}`);

  const chosen = scan.picked.slice(-max);
  const last = newest as AuditEntry | null;
  if (last && chosen.at(-1)?.seq !== last.seq) chosen.push(last);
  const head = signer.signHead(scan.size, scan.root.toString("hex"));
  await appendHead(store.auditHeadLog!.headLog, head);
  // Leaves are in seq order; a verified chain has no gaps, so entry seq s is leaf s - 1.
  const tree = new MerkleTree(scan.leaves);
  const entries = chosen.map((entry) => ({
    entry,
    leafIndex: entry.seq - 1,
    proof: tree.proof(entry.seq - 1).map((b) => b.toString("hex")),
  }));
  return { head, entries };
}

/** Sign and log a head over every stored entry, for `audit export-head`. */
export async function signCurrentHead(store: AuditRecords): Promise<SignedTreeHead> {
  return (await proveEntries(store)).head;
}

export interface AuditProofCheck {
  ok: boolean;
  /** One line per thing that does not hold. */
  problems: string[];
}

/**
 * Check a proof bundle offline: the head's signature (and key, when one is expected), each entry's chain hash, and
 * each inclusion proof leading to the signed root.
 */
export function checkAuditProof(proof: AuditProof, expectedPublicKey?: string): AuditProofCheck {
  const problems: string[] = [];
  const { head } = proof;
  if (!headSignatureValid(head))
    problems.push("the signed head's signature is not valid: the head was altered");
  else if (expectedPublicKey !== undefined && head.publicKey !== expectedPublicKey)
    problems.push("the signed head is signed by another key than the one expected");
  for (const { entry, leafIndex, proof: path } of proof.entries) {
    const { hash, ...rest } = entry;
    if (auditHash(rest) !== hash) {
      problems.push(`audit entry ${entry.seq}: its hash does not match its content (the entry was edited)`);
      continue;
    }
    if (leafIndex !== entry.seq - 1) {
      problems.push(
        `audit entry ${entry.seq}: proved at leaf ${leafIndex}, not at its own place ${entry.seq - 1}`,
      );
      continue;
    }
    const root = rootFromInclusionProof(
      auditLeafHash(entry),
      leafIndex,
      head.treeSize,
      path.map((h) => Buffer.from(h, "hex")),
    );
    if (!root || root.toString("hex") !== head.rootHash) {
      problems.push(
        `audit entry ${entry.seq}: its inclusion proof does not lead to the signed root of ${head.treeSize} entries`,
      );
    }
  }
  return { ok: problems.length === 0, problems };
}
