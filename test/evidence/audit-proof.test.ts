/**
 * Evidence packages carry the audit trail's signed tree head at export time and inclusion proofs of the entries they
 * cite (audit-proof.json); `verify` checks them with nothing but the package and fails when the head is altered, even
 * when the manifest is rewritten to match. Real embedded store, real signing key in the data folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  audit,
  AuditIntegrityError,
  auditHash,
  loadSigner,
  verifyTrail,
  type AuditProof,
} from "../../server/audit/index.js";
import { buildEvidencePackage, verifyPackage, type EvidencePackage } from "../../server/evidence/index.js";
import { MANIFEST_PATH, manifestFiles, manifestJson, parseManifest } from "../../server/evidence/manifest.js";
import { readZip, writeZip } from "../../server/evidence/zip.js";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";
import { CASE_NO, evidenceRecords } from "./records.fixtures.js";

let dir: string;
let dataDir: string;
let store: GraphStore;
let pkg: EvidencePackage;

/** The package rebuilt with audit-proof.json changed by `edit`, and the manifest re-hashed to match. */
async function withProof(bytes: Buffer, edit: (p: AuditProof) => void): Promise<Buffer> {
  const entries = await readZip(bytes);
  const files = entries
    .filter((e) => e.path !== MANIFEST_PATH)
    .map((e) => ({ path: e.path, content: e.data! }));
  const proofFile = files.find((f) => f.path === "audit-proof.json")!;
  const proof = JSON.parse(proofFile.content.toString("utf8")) as AuditProof;
  edit(proof);
  proofFile.content = Buffer.from(JSON.stringify(proof, null, 2) + "\n");
  const manifest = parseManifest(entries.find((e) => e.path === MANIFEST_PATH)!.data!);
  manifest.files = manifestFiles(files);
  return writeZip(
    [...files, { path: MANIFEST_PATH, content: Buffer.from(manifestJson(manifest)) }],
    new Date(0),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-evidence-audit-"));
  dataDir = path.join(dir, "data");
  store = await openEmbeddedStore({ dataDir });
  await store.writeBatch(evidenceRecords());
  await audit(store, { actor: "analyst1", action: "upload.create", target: "upload-1" });
  await audit(store, { actor: "inv1", action: "trace", target: CASE_NO, params: { complaints: [CASE_NO] } });
  await audit(store, { actor: "inv1", action: "search", params: { q: "x" } });
  await audit(store, { actor: "inv1", action: "trace", target: "some-other-case" });
  pkg = await buildEvidencePackage({ store, selection: { trace: CASE_NO }, actor: "prosecutor1" });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the audit proofs of an evidence package", () => {
  it("verify offline: a head signed by this trail's key over every entry, and the cited entries proved in it", async () => {
    const report = await verifyPackage(pkg.bytes);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.manifest!.formatVersion).toBe(2);
    expect(report.audit).toMatchObject({
      treeSize: 4,
      publicKey: loadSigner(path.join(dataDir, "audit-signing.key")).publicKey,
    });
    // The trace of this case and the newest entry (the manifest's chain head); not the other case's trace.
    expect(report.audit!.entries.map((e) => [e.seq, e.action, e.target])).toEqual([
      [2, "trace", CASE_NO],
      [4, "trace", "some-other-case"],
    ]);
    expect(report.manifest!.auditHead).toMatchObject({ seq: 4 });
  });

  it("names the signed tree head in the report, as audit-proof.json holds it", async () => {
    const files = new Map((await readZip(pkg.bytes)).map((e) => [e.path, e.data!.toString("utf8")]));
    const proof = JSON.parse(files.get("audit-proof.json")!) as AuditProof;
    expect(files.get("report.html")).toContain("Audit tree head (signed)");
    expect(files.get("report.html")).toContain(`${proof.head.treeSize} entries, root ${proof.head.rootHash}`);
  });

  it("gives a head that the live trail still matches later, as a kept head", async () => {
    const proof = JSON.parse(
      (await readZip(pkg.bytes)).find((e) => e.path === "audit-proof.json")!.data!.toString("utf8"),
    ) as AuditProof;
    await audit(store, { actor: "inv1", action: "search" });
    const result = await verifyTrail(store, { keptHead: proof.head });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each<[string, (p: AuditProof) => void, RegExp]>([
    ["its tree size", (p) => (p.head.treeSize -= 1), /signature is not valid/],
    ["its root hash", (p) => (p.head.rootHash = "f".repeat(64)), /signature is not valid/],
    ["its time", (p) => (p.head.timestamp += 1), /signature is not valid/],
  ])(
    "fails when the package's head is altered (%s), even with the manifest re-hashed",
    async (_what, edit, why) => {
      const report = await verifyPackage(await withProof(pkg.bytes, edit));
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(
        expect.objectContaining({
          path: "audit-proof.json",
          kind: "audit",
          detail: expect.stringMatching(why),
        }),
      );
    },
  );

  it("fails when a cited entry is altered and re-hashed: its proof no longer reaches the signed root", async () => {
    const forged = await withProof(pkg.bytes, (p) => {
      const e = p.entries[0]!.entry;
      e.actor = "someone-else";
      const { hash: _h, ...rest } = e;
      e.hash = auditHash(rest);
    });
    const report = await verifyPackage(forged);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: "audit",
        detail: expect.stringMatching(/entry 2: its inclusion proof does not lead/),
      }),
    );
  });

  it("fails when a head is re-signed with another key and the manifest's chain head no longer among the proofs", async () => {
    const other = loadSigner(path.join(dir, "other.key"));
    const forged = await withProof(pkg.bytes, (p) => {
      p.entries = p.entries.slice(0, 1);
      Object.assign(p.head, other.signHead(p.head.treeSize, p.head.rootHash));
    });
    const report = await verifyPackage(forged);
    expect(report.ok).toBe(false);
    expect(report.audit!.publicKey).toBe(other.publicKey);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: "audit",
        detail: expect.stringMatching(/chain head \(entry 4\) is not among/),
      }),
    );
  });

  it("fails a head re-signed with another key when the reader has the exporting system's key", async () => {
    const other = loadSigner(path.join(dir, "other.key"));
    const forged = await withProof(pkg.bytes, (p) =>
      Object.assign(p.head, other.signHead(p.head.treeSize, p.head.rootHash, p.head.timestamp)),
    );
    const theirs = loadSigner(path.join(dataDir, "audit-signing.key")).publicKey;
    expect((await verifyPackage(forged)).ok).toBe(true);
    const report = await verifyPackage(forged, { auditPublicKey: theirs });
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: "audit", detail: expect.stringMatching(/signed by another key/) }),
    );
    expect((await verifyPackage(pkg.bytes, { auditPublicKey: theirs })).ok).toBe(true);
  });

  it("is refused for a trail whose newest entry was deleted", async () => {
    const db = new Database(path.join(dataDir, DB_FILE));
    const copy = db.prepare("SELECT * FROM audit ORDER BY seq DESC LIMIT 1").get() as Record<string, unknown>;
    db.prepare("DELETE FROM audit WHERE seq = ?").run(copy.seq);
    try {
      await expect(
        buildEvidencePackage({ store, selection: { trace: CASE_NO }, actor: "p" }),
      ).rejects.toThrow(AuditIntegrityError);
    } finally {
      const cols = Object.keys(copy);
      db.prepare(`INSERT INTO audit (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`).run(
        ...cols.map((c) => copy[c]),
      );
      db.close();
    }
    expect((await verifyTrail(store)).ok).toBe(true);
  });
});
