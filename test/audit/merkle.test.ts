/**
 * The audit Merkle tree against Certificate Transparency's published vectors (the leaves, roots and audit paths of
 * google/certificate-transparency cpp/merkletree/merkle_tree_test.cc, reproduced by every RFC 6962 implementation),
 * the RFC 9162 inclusion check against every leaf of every small tree, and the entry hashes that feed it.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditHash, auditHashes, auditLeafHash } from "../../server/audit/entry-hash.js";
import type { AuditEntry } from "../../server/store/types.js";
import {
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleFrontier,
  MerkleRangeError,
  merkleRoot,
  nodeHash,
  rootFromInclusionProof,
} from "../../server/audit/merkle.js";

const CT_LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map((h) => leafHash(Buffer.from(h, "hex")));
const CT_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const CT_PATHS: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    5,
    8,
    [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [
    1,
    5,
    [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
];

const hex = (b: Buffer | null) => b?.toString("hex") ?? null;

/** The RFC's recursive definition, written out literally, as the reference for larger trees. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash("sha256").digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

describe("audit Merkle tree", () => {
  it("gives Certificate Transparency's published root for every tree of 1 to 8 leaves", () => {
    for (let n = 1; n <= 8; n++)
      expect(hex(merkleRoot(CT_LEAVES.slice(0, n))), `n=${n}`).toBe(CT_ROOTS[n - 1]);
    expect(merkleRoot([])).toEqual(EMPTY_ROOT);
    expect(hex(EMPTY_ROOT)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("gives the published audit paths, and each leads back to the published root", () => {
    for (const [i, n, path] of CT_PATHS) {
      expect(
        inclusionProof(CT_LEAVES, i, n).map((b) => b.toString("hex")),
        `i=${i} n=${n}`,
      ).toEqual(path);
      const root = rootFromInclusionProof(
        CT_LEAVES[i]!,
        i,
        n,
        path.map((h) => Buffer.from(h, "hex")),
      );
      expect(hex(root)).toBe(CT_ROOTS[n - 1]);
    }
  });

  it("keeps, leaf by leaf, the same root as the RFC's recursive definition for trees up to 70 leaves", () => {
    const leaves = leavesOf(70);
    const f = new MerkleFrontier();
    for (let n = 1; n <= 70; n++) {
      f.append(leaves[n - 1]!);
      expect(hex(f.root()), `n=${n}`).toBe(hex(mth(leaves.slice(0, n))));
    }
  });

  it("proves every leaf of every tree up to 40 leaves, and no proof survives a changed leaf, index or size", () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = leavesOf(n);
      const root = hex(mth(leaves));
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i);
        expect(hex(rootFromInclusionProof(leaves[i]!, i, n, proof)), `n=${n} i=${i}`).toBe(root);
        expect(hex(rootFromInclusionProof(leafHash(Buffer.from("forged")), i, n, proof))).not.toBe(root);
        if (n > 1) expect(hex(rootFromInclusionProof(leaves[i]!, (i + 1) % n, n, proof))).not.toBe(root);
        // Against a bigger tree the same path must not reach that tree's root (the size is signed with the root).
        const bigger = hex(mth([...leaves, leafHash(Buffer.from("next"))]));
        expect(hex(rootFromInclusionProof(leaves[i]!, i, n + 1, proof))).not.toBe(bigger);
      }
    }
  });

  it("refuses an index or size outside the tree", () => {
    expect(() => inclusionProof(leavesOf(3), 3)).toThrow(MerkleRangeError);
    expect(() => inclusionProof(leavesOf(3), 0, 4)).toThrow(MerkleRangeError);
    expect(rootFromInclusionProof(leavesOf(1)[0]!, 3, 3, [])).toBeNull();
  });
});

describe("an audit entry's hashes", () => {
  it("are the same from one canonical text as from the two separate definitions, for any entry", () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.integer({ min: 1 }),
          ts: fc.integer({ min: 0 }),
          actor: fc.string(),
          action: fc.string(),
          target: fc.option(fc.string(), { nil: null }),
          params: fc.dictionary(fc.string(), fc.jsonValue()),
          prevHash: fc.string(),
          hash: fc.string(),
        }),
        (raw) => {
          const entry = JSON.parse(JSON.stringify(raw)) as AuditEntry;
          const { hash: _h, ...rest } = entry;
          const both = auditHashes(entry);
          expect(both.chain).toBe(auditHash(rest));
          expect(both.leaf.toString("hex")).toBe(auditLeafHash(entry).toString("hex"));
        },
      ),
    );
  });
});
