/**
 * Offline verification of an evidence package: recompute the SHA-256 of every file and compare with manifest.json,
 * and check the audit trail's signed tree head and inclusion proofs in audit-proof.json (audit-proof.ts).
 * Needs nothing but the package. Names every file that was altered (or no longer reads back), added, removed or
 * duplicated.
 * The manifest's own hash is reported so it can be matched against the export's entry in the audit trail.
 */
import { readFile } from "node:fs/promises";
import { AUDIT_PROOF_PATH, checkAuditProofFile } from "./audit-proof.js";
import { PackageFormatError } from "./errors.js";
import { MANIFEST_PATH, parseManifest, sha256 } from "./manifest.js";
import type { AuditProofSummary, Manifest, VerifyProblem, VerifyReport } from "./types.js";
import { readZip } from "./zip.js";

export interface VerifyPackageOptions {
  /** The exporting system's audit signing key (SPKI DER, base64, from `audit export-head`): the head must use it. */
  auditPublicKey?: string;
}

/**
 * Verify a package given as bytes or a file path.
 * @throws PackageFormatError when the input is not a zip archive at all (a damaged entry is a problem, not a throw)
 */
export async function verifyPackage(
  pkg: Buffer | string,
  opts: VerifyPackageOptions = {},
): Promise<VerifyReport> {
  const buffer = typeof pkg === "string" ? await readFile(pkg) : pkg;
  const entries = await readZip(buffer);
  const problems: VerifyProblem[] = [];

  const byPath = new Map<string, (typeof entries)[number]>();
  for (const e of entries) {
    if (byPath.has(e.path)) {
      problems.push({
        path: e.path,
        kind: "duplicate",
        detail: "the archive holds this path more than once",
      });
    } else {
      byPath.set(e.path, e);
    }
  }

  const manifestEntry = byPath.get(MANIFEST_PATH);
  let manifest: Manifest | null = null;
  let manifestSha256: string | null = null;
  if (!manifestEntry) {
    problems.push({ path: MANIFEST_PATH, kind: "removed", detail: "the package has no manifest.json" });
  } else if (!manifestEntry.data) {
    problems.push({ path: MANIFEST_PATH, kind: "altered", detail: `cannot be read: ${manifestEntry.error}` });
  } else {
    manifestSha256 = sha256(manifestEntry.data);
    try {
      manifest = parseManifest(manifestEntry.data);
    } catch (err) {
      if (!(err instanceof PackageFormatError)) throw err;
      problems.push({ path: MANIFEST_PATH, kind: "altered", detail: err.message });
    }
  }

  let verified = 0;
  const listed = new Set<string>([MANIFEST_PATH]);
  for (const file of manifest?.files ?? []) {
    listed.add(file.path);
    const entry = byPath.get(file.path);
    if (!entry) {
      problems.push({
        path: file.path,
        kind: "removed",
        detail: "listed in the manifest, missing from the package",
      });
    } else if (!entry.data) {
      // A changed byte in compressed data usually breaks decompression before any hash can be taken.
      problems.push({
        path: file.path,
        kind: "altered",
        detail: `its data cannot be read back: ${entry.error}`,
      });
    } else {
      const found = sha256(entry.data);
      if (found !== file.sha256 || entry.data.length !== file.bytes) {
        problems.push({
          path: file.path,
          kind: "altered",
          detail: `SHA-256 ${found} (${entry.data.length} bytes), manifest says ${file.sha256} (${file.bytes} bytes)`,
        });
      } else {
        verified++;
      }
    }
  }
  if (manifest) {
    for (const path of byPath.keys()) {
      if (!listed.has(path))
        problems.push({ path, kind: "added", detail: "in the package, not in the manifest" });
    }
  }

  // formatVersion 2 packages carry the audit trail's signed head and proofs of the entries they cite.
  let audit: AuditProofSummary | null = null;
  if (manifest && manifest.formatVersion >= 2) {
    const entry = byPath.get(AUDIT_PROOF_PATH);
    if (!entry?.data) {
      if (!manifest.files.some((f) => f.path === AUDIT_PROOF_PATH)) {
        problems.push({
          path: AUDIT_PROOF_PATH,
          kind: "removed",
          detail: "a formatVersion 2 package must carry the audit trail's signed head and proofs",
        });
      }
    } else {
      const checked = checkAuditProofFile(entry.data, manifest.auditHead, opts.auditPublicKey);
      audit = checked.summary;
      for (const detail of checked.problems) problems.push({ path: AUDIT_PROOF_PATH, kind: "audit", detail });
    }
  }

  return { ok: problems.length === 0, manifestSha256, manifest, verified, problems, audit };
}
