/**
 * Hostile probes of an evidence package's audit proofs, through the real CLI processes a prosecutor's office would
 * run: a package verifies offline with its signed head and proofs; a holder who alters the head (and re-hashes the
 * manifest so the file check passes) is caught; a head re-signed with a key of their own is caught against the head
 * the investigator kept; and no package is built from a trail whose newest entry was cut.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSigner, type AuditProof } from "../../server/audit/index.js";
import { MANIFEST_PATH, manifestFiles, manifestJson, parseManifest } from "../../server/evidence/manifest.js";
import { readZip, writeZip } from "../../server/evidence/zip.js";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { type ErrorBody, startTestServer } from "../api/harness.js";
import { CASE_NO, evidenceRecords } from "../evidence/records.fixtures.js";

function cli(dataDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/mulegraph.js", "--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "", MULEGRAPH_AUDIT_HEAD_LOG: "", MULEGRAPH_AUDIT_KEY_FILE: "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The package with audit-proof.json changed by `edit` and manifest.json re-hashed to match, as a forger would. */
async function forge(zip: string, out: string, edit: (p: AuditProof) => void): Promise<string> {
  const entries = await readZip(readFileSync(zip));
  const files = entries
    .filter((e) => e.path !== MANIFEST_PATH)
    .map((e) => ({ path: e.path, content: e.data! }));
  const proofFile = files.find((f) => f.path === "audit-proof.json")!;
  const proof = JSON.parse(proofFile.content.toString("utf8")) as AuditProof;
  edit(proof);
  proofFile.content = Buffer.from(JSON.stringify(proof, null, 2) + "\n");
  const manifest = parseManifest(entries.find((e) => e.path === MANIFEST_PATH)!.data!);
  manifest.files = manifestFiles(files);
  writeFileSync(
    out,
    await writeZip(
      [...files, { path: MANIFEST_PATH, content: Buffer.from(manifestJson(manifest)) }],
      new Date(0),
    ),
  );
  return out;
}

describe("an evidence package's audit proofs in hostile hands", () => {
  let dir: string;
  let dataDir: string;
  let zip: string;
  let keptHead: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-hostile-package-"));
    dataDir = path.join(dir, "data");
    const store = await openEmbeddedStore({ dataDir });
    await store.writeBatch(evidenceRecords());
    await store.close();
    // Two exports: the second package cites the first export of the same case.
    zip = path.join(dir, "case.zip");
    for (const out of [path.join(dir, "first.zip"), zip]) {
      const r = cli(
        dataDir,
        "export",
        "--trace",
        CASE_NO,
        "--format",
        "package",
        "--out",
        out,
        "--actor",
        "p1",
      );
      expect(r.status, r.stderr).toBe(0);
    }
    const head = cli(dataDir, "audit", "export-head");
    expect(head.status, head.stderr).toBe(0);
    keptHead = path.join(dir, "kept-head.json");
    writeFileSync(keptHead, head.stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("verifies offline, naming the signed head and the cited export, and against the investigator's kept head", () => {
    const r = cli(dataDir, "verify", zip, "--head", keptHead);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/audit trail signed head: 1 entry, root [0-9a-f]{64}.*1 cited entry proved/);
    expect(r.stdout).toContain(
      `audit signing key: ${loadSigner(path.join(dataDir, "audit-signing.key")).publicKey}`,
    );
    const json = JSON.parse(cli(dataDir, "--json", "verify", zip).stdout) as {
      audit: { entries: { seq: number; action: string; target: string }[] };
    };
    expect(json.audit.entries).toEqual([{ seq: 1, action: "export.create", target: `complaint:${CASE_NO}` }]);
  });

  it("fails when the package's head is altered, even with the manifest re-hashed", async () => {
    const forged = await forge(zip, path.join(dir, "altered.zip"), (p) => (p.head.treeSize += 5));
    const r = cli(dataDir, "verify", forged);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit\s+audit-proof\.json\s+the signed head's signature is not valid/);
  });

  it("fails a head re-signed with the forger's own key when checked against the kept head", async () => {
    const theirs = loadSigner(path.join(dir, "forger.key"));
    const forged = await forge(zip, path.join(dir, "resigned.zip"), (p) =>
      Object.assign(p.head, theirs.signHead(p.head.treeSize + 5, p.head.rootHash)),
    );
    const r = cli(dataDir, "verify", forged, "--head", keptHead);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("signed by another key");
  });

  it("builds no package from a trail whose newest entry was cut", () => {
    const db = new Database(path.join(dataDir, DB_FILE));
    try {
      db.prepare("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)").run();
    } finally {
      db.close();
    }
    const out = path.join(dir, "refused.zip");
    const r = cli(dataDir, "export", "--trace", CASE_NO, "--format", "package", "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /audit trail fails verification: the newest signed head covers \d+ entries, the store has/,
    );
  });
});

describe("an evidence package asked of the API over a cut trail", () => {
  it("is refused with 409 naming the missing tail", async () => {
    const t = await startTestServer();
    try {
      await t.store.writeBatch(evidenceRecords());
      const prosecutor = await t.as("prosecutor");
      const db = new Database(path.join(t.dataDir, DB_FILE));
      try {
        db.prepare("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)").run();
      } finally {
        db.close();
      }
      const r = await prosecutor.post<ErrorBody>("/api/exports", {
        selection: { trace: CASE_NO },
        format: "package",
      });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toMatch(/audit trail fails verification: the newest signed head covers/);
    } finally {
      await t.close();
    }
  });
});
