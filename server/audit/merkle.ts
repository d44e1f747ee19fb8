/**
 * The Merkle tree of the audit trail, as Certificate Transparency defines it (RFC 9162 §2.1; the same tree as RFC 6962):
 *
 *   leaf hash = SHA-256(0x00 || leaf bytes)        node hash = SHA-256(0x01 || left || right)
 *   MTH of n > 1 leaves = node(MTH(first k), MTH(the rest)), k the largest power of two below n;  MTH of none = SHA-256("")
 *
 * Three ways in: a compact frontier (the roots of the perfect subtrees along the right edge) that appends a leaf and
 * gives the root in O(log n) without keeping the leaves, for the writer; a full tree of levels for inclusion proofs;
 * and the RFC's verification of an inclusion proof, which needs nothing but the proof (for evidence packages).
 */
import { createHash } from "node:crypto";

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The root of the empty tree: SHA-256 of nothing (RFC 9162 §2.1.1). */
export const EMPTY_ROOT = createHash("sha256").digest();

/** Thrown for a leaf index or tree size outside the tree. */
export class MerkleRangeError extends RangeError {
  override name = "MerkleRangeError";
}

export function leafHash(data: Buffer): Buffer {
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * Append-only compact tree: after n appends, `peaks` holds the roots of the perfect subtrees that n's binary digits
 * describe, largest (leftmost) first. The RFC's tree of n leaves is exactly those subtrees folded from the right.
 */
export class MerkleFrontier {
  private peaks: { size: number; hash: Buffer }[] = [];
  size = 0;

  append(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    // Merge equal-sized neighbours, as a binary counter carries.
    while (this.peaks.length > 0 && this.peaks.at(-1)!.size === node.size) {
      const left = this.peaks.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.peaks.push(node);
    this.size++;
  }

  root(): Buffer {
    if (this.peaks.length === 0) return EMPTY_ROOT;
    let h = this.peaks.at(-1)!.hash;
    for (let i = this.peaks.length - 2; i >= 0; i--) h = nodeHash(this.peaks[i]!.hash, h);
    return h;
  }

  clone(): MerkleFrontier {
    const c = new MerkleFrontier();
    c.peaks = [...this.peaks];
    c.size = this.size;
    return c;
  }
}

/** The tree head of these leaf hashes. */
export function merkleRoot(leaves: Buffer[]): Buffer {
  const f = new MerkleFrontier();
  for (const l of leaves) f.append(l);
  return f.root();
}

/**
 * The whole tree of a list of leaves, level by level, for proving many leaves at the cost of building it once.
 * An unpaired last node is carried up unchanged, which gives the RFC's shape for any size.
 */
export class MerkleTree {
  private readonly levels: Buffer[][];

  constructor(leaves: Buffer[]) {
    this.levels = [leaves];
    let level = leaves;
    while (level.length > 1) {
      const next: Buffer[] = [];
      for (let j = 0; j < level.length; j += 2)
        next.push(j + 1 < level.length ? nodeHash(level[j]!, level[j + 1]!) : level[j]!);
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  root(): Buffer {
    return this.size === 0 ? EMPTY_ROOT : this.levels.at(-1)![0]!;
  }

  /** Inclusion proof (RFC 9162 §2.1.3.1, PATH) of leaf `index` in the whole tree, bottom-up. */
  proof(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size)
      throw new MerkleRangeError(
        `audit/merkle: leaf index ${index} is outside a tree of ${this.size} leaves`,
      );
    const proof: Buffer[] = [];
    let i = index;
    for (const level of this.levels.slice(0, -1)) {
      const sibling = i ^ 1;
      if (sibling < level.length) proof.push(level[sibling]!);
      i >>= 1;
    }
    return proof;
  }
}

/** Inclusion proof of leaf `index` in the tree of the first `size` leaves (one proof; MerkleTree for many). */
export function inclusionProof(leaves: Buffer[], index: number, size = leaves.length): Buffer[] {
  if (!Number.isInteger(size) || size < 1 || size > leaves.length)
    throw new MerkleRangeError(`audit/merkle: tree size ${size} is outside 1..${leaves.length}`);
  return new MerkleTree(leaves.slice(0, size)).proof(index);
}

/**
 * The root that an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the proof cannot belong to a tree of
 * this size (too long or too short). The proof is good when the result equals the signed root.
 */
export function rootFromInclusionProof(
  leaf: Buffer,
  index: number,
  size: number,
  proof: Buffer[],
): Buffer | null {
  if (!Number.isInteger(size) || !Number.isInteger(index) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node was carried up unpaired.
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
