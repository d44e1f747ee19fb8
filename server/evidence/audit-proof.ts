/**
 * audit-proof.json of an evidence package (formatVersion 2): the audit trail's signed tree head at export time and
 * RFC 9162 inclusion proofs of the audit entries the package cites (earlier exports and views of the same
 * selection, the trace or analysis run behind it, and always the newest entry, which the manifest names as the
 * chain head). verify() checks it with nothing but the package: the head's Ed25519 signature, each entry's hash and
 * each proof leading to the signed root. docs/AUDIT.md describes the format.
 */
import { z } from "zod";
import { checkAuditProof, proveEntries, SignedTreeHeadSchema, type AuditProof } from "../audit/index.js";
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { describeSelection } from "./selection.js";
import type { AuditHead, AuditProofSummary, ResolvedSelection } from "./types.js";

export const AUDIT_PROOF_PATH = "audit-proof.json";

/** Most cited entries a package proves (the newest of them). */
const MAX_CITED = 100;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const AuditProofSchema = z.object({
  head: SignedTreeHeadSchema,
  entries: z.array(
    z.object({
      entry: z.object({
        seq: z.number().int().positive(),
        ts: z.number(),
        actor: z.string(),
        action: z.string(),
        target: z.string().nullable(),
        params: z.record(z.string(), z.unknown()),
        prevHash: Hex64,
        hash: Hex64,
      }),
      leafIndex: z.number().int().nonnegative(),
      proof: z.array(Hex64),
    }),
  ),
});

/** Which audit entries concern this selection. */
function citer(resolved: ResolvedSelection): (e: AuditEntry) => boolean {
  const sel = resolved.selection;
  const described = describeSelection(sel);
  const targets = new Set<string>();
  if ("trace" in sel) targets.add(`trace ${sel.trace}`);
  if ("cluster" in sel) {
    targets.add(`cluster.view ${sel.cluster}`);
    if (resolved.analysisRun) targets.add(`analysis.run ${resolved.analysisRun.runId}`);
  }
  if ("accounts" in sel) for (const id of described.split(",")) targets.add(`entity.view ${id}`);
  return (e) =>
    (e.action === "export.create" && e.target === described) || targets.has(`${e.action} ${e.target}`);
}

/**
 * Sign a head over the whole trail now and prove the entries the selection cites.
 * @throws AuditIntegrityError when the trail fails verification (no package is vouched for by a broken trail)
 */
export async function buildAuditProof(
  store: AuditRecords,
  resolved: ResolvedSelection,
): Promise<{ proof: AuditProof; auditHead: AuditHead | null; text: string }> {
  const proof = await proveEntries(store, citer(resolved), MAX_CITED);
  const newest = proof.entries.at(-1)?.entry;
  return {
    proof,
    auditHead: newest ? { seq: newest.seq, hash: newest.hash } : null,
    text: JSON.stringify(proof, null, 2) + "\n",
  };
}

/**
 * Check audit-proof.json bytes against the manifest's chain head (and the exporting system's signing key, when the
 * reader has it); one message per failure.
 */
export function checkAuditProofFile(
  data: Buffer,
  auditHead: AuditHead | null,
  expectedPublicKey?: string,
): { summary: AuditProofSummary | null; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(data.toString("utf8"));
  } catch (err) {
    return { summary: null, problems: [`not JSON: ${(err as Error).message}`] };
  }
  const parsed = AuditProofSchema.safeParse(value);
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    return { summary: null, problems: [`the wrong shape: ${what}`] };
  }
  const proof = parsed.data as AuditProof;
  const problems = checkAuditProof(proof, expectedPublicKey).problems;
  const { head } = proof;
  if (auditHead) {
    const named = proof.entries.find((e) => e.entry.seq === auditHead.seq);
    if (!named || named.entry.hash !== auditHead.hash)
      problems.push(
        `the manifest's audit chain head (entry ${auditHead.seq}) is not among the proved entries`,
      );
    if (head.treeSize < auditHead.seq)
      problems.push(
        `the signed head covers ${head.treeSize} entries, fewer than the manifest's chain head ${auditHead.seq}`,
      );
  }
  return {
    summary: {
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      signedAt: new Date(head.timestamp).toISOString(),
      publicKey: head.publicKey,
      entries: proof.entries.map((e) => ({
        seq: e.entry.seq,
        action: e.entry.action,
        target: e.entry.target,
      })),
    },
    problems,
  };
}
