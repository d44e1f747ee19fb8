import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../server/audit/index.js";
import {
  buildEvidencePackage,
  EvidenceNotFoundError,
  PackageFormatError,
  verifyPackage,
  type EvidencePackage,
} from "../../server/evidence/index.js";
import { formatKzt } from "../../server/evidence/format.js";
import { sha256 } from "../../server/evidence/manifest.js";
import { readZip } from "../../server/evidence/zip.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";
import {
  ACC,
  AMOUNT,
  ATM,
  CASE_NO,
  CLUSTER_ID,
  DROP_NAME,
  evidenceAnalysis,
  evidenceRecords,
  FILES,
  HELD,
  TX,
} from "./records.fixtures.js";
import { pdfText } from "../support/pdf-text.js";
import { flipByteIn, swapFiles } from "./zip-tamper.js";

let dir: string;
let store: GraphStore;
let tracePkg: EvidencePackage;
let files: Map<string, Buffer>;
const EXPORTED_AT = Date.UTC(2024, 5, 1, 6, 30);

const csvRows = (name: string) =>
  parseCsv(files.get(name)!.toString("utf8"), { columns: true, bom: true }) as Record<string, string>[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-evidence-"));
  store = await openEmbeddedStore({ dataDir: path.join(dir, "data") });
  await store.writeBatch(evidenceRecords());
  await store.writeAnalysis(evidenceAnalysis());
  await audit(store, { actor: "analyst1", action: "upload.create", target: "upload-1" });
  tracePkg = await buildEvidencePackage({
    store,
    selection: { trace: CASE_NO },
    actor: "prosecutor1",
    out: path.join(dir, "case.zip"),
    now: EXPORTED_AT,
  });
  files = new Map((await readZip(tracePkg.bytes)).map((e) => [e.path, e.data!]));
  if (process.env.MULEGRAPH_KEEP_EVIDENCE) writeFileSync(process.env.MULEGRAPH_KEEP_EVIDENCE, tracePkg.bytes);
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("evidence package", () => {
  it("holds the subgraph in every format, provenance, sources, the reports and a manifest hashing every file", () => {
    for (const name of ["subgraph.graphml", "subgraph.gexf", "nodes.csv", "edges.csv", "subgraph.json"]) {
      expect(files.has(name), name).toBe(true);
    }
    for (const name of [
      "provenance.csv",
      "sources.csv",
      "report.html",
      "report.pdf",
      "trace.json",
      "manifest.json",
    ]) {
      expect(files.has(name), name).toBe(true);
    }
    const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8"));
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual(
      [...files.keys()].filter((p) => p !== "manifest.json").sort(),
    );
    for (const f of manifest.files) expect(f.sha256).toBe(sha256(files.get(f.path)!));
    expect(manifest.appVersion).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    expect(manifest.caseNo).toBe(CASE_NO);
    expect(manifest.actor).toBe("prosecutor1");
    expect(manifest.exportedAt).toBe(new Date(EXPORTED_AT).toISOString());
  });

  it("names the audit chain head in the manifest and records the export with the manifest's hash", async () => {
    const head = tracePkg.manifest.auditHead!;
    expect(head.seq).toBe(1);
    const entries = await store.auditEntries({ afterSeq: 0 });
    expect(head.hash).toBe(entries[0]!.hash);
    const exportEntry = entries.find((e) => e.seq === head.seq + 1)!;
    expect(exportEntry).toMatchObject({
      actor: "prosecutor1",
      action: "export.create",
      target: `complaint:${CASE_NO}`,
    });
    expect(exportEntry.params.manifestSha256).toBe(sha256(files.get("manifest.json")!));
    expect(exportEntry.params.packageSha256).toBe(sha256(readFileSync(path.join(dir, "case.zip"))));
  });

  it("shows only the transfers that carried traced money, with the traced amount", () => {
    const edges = csvRows("edges.csv");
    const ids = edges.map((e) => e.id).sort();
    expect(ids).toContain(`tx:${TX.STOLEN}`);
    expect(ids).toContain(`tx:${TX.OUT}`);
    expect(ids.some((id) => id.includes(TX.CASH))).toBe(true);
    expect(ids.some((id) => id.includes(TX.REFUND))).toBe(false);
    const stolen = edges.find((e) => e.id === `tx:${TX.STOLEN}`)!;
    expect(Number(stolen.tracedKzt)).toBe(AMOUNT.LOSS);
    const nodes = csvRows("nodes.csv").map((n) => n.id);
    expect(nodes).toEqual(
      expect.arrayContaining([
        `account:${ACC.VICTIM}`,
        `account:${ACC.DROP}`,
        `cashpoint:${ATM}`,
        `complaint:${CASE_NO}`,
      ]),
    );
  });

  it("ties every transfer to its source files' SHA-256 and line numbers", () => {
    const rows = csvRows("provenance.csv");
    const stolen = rows.filter((r) => r.txId === TX.STOLEN);
    expect(stolen.map((r) => [r.fileSha256, r.line]).sort()).toEqual([
      [FILES.STATEMENT, "2"],
      [FILES.REGISTER, "3"],
    ]);
    expect(stolen.find((r) => r.fileSha256 === FILES.STATEMENT)!.fileName).toBe("выписка_сеитова.csv");
    expect(rows.find((r) => r.txId === TX.CASH)).toMatchObject({ fileSha256: FILES.REGISTER, line: "5" });
    const sources = csvRows("sources.csv");
    // The complaint register is cited too: by the REPORTED relationship from the complaint to the victim.
    expect(sources.map((s) => s.sha256).sort()).toEqual(
      [FILES.STATEMENT, FILES.REGISTER, FILES.COMPLAINTS].sort(),
    );
  });

  it("neutralises a formula-like holder name in the package's CSV", () => {
    const drop = csvRows("nodes.csv").find((n) => n.id === `account:${ACC.DROP}`)!;
    expect(drop.label).toBe(`'${DROP_NAME}`);
  });

  it("writes a real PDF whose text names the case number and the freeze-list total", async () => {
    const pdf = files.get("report.pdf")!;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain(CASE_NO);
    const freezeLine = text
      .split("\n")
      .find((l) => l.trim().startsWith("Total") && l.includes(formatKzt(HELD)));
    expect(freezeLine, "a Total row with the held amount").toBeDefined();
    expect(text).toContain("Сеитова Алия");
    expect(text).toContain("prosecutor1");
  });

  it("escapes user values in the HTML report", () => {
    const html = files.get("report.html")!.toString("utf8");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(CASE_NO);
    expect(html).toContain(formatKzt(HELD));
  });

  it("verifies when untouched", async () => {
    const report = await verifyPackage(path.join(dir, "case.zip"));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verified).toBe(tracePkg.manifest.files.length);
    expect(report.manifestSha256).toBe(tracePkg.manifestSha256);
  });

  it("names the file when one byte of a stored entry is altered", async () => {
    const report = await verifyPackage(await flipByteIn(tracePkg.bytes, "report.pdf"));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ path: "report.pdf", kind: "altered" })]);
  });

  it("names the file when one byte of a compressed entry is altered", async () => {
    const report = await verifyPackage(await flipByteIn(tracePkg.bytes, "provenance.csv"));
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ path: "provenance.csv", kind: "altered" })]);
  });

  it("names a removed file and an added file", async () => {
    const tampered = await swapFiles(tracePkg.bytes, "sources.csv", {
      path: "extra-evidence.csv",
      content: "x\r\n",
    });
    const report = await verifyPackage(tampered);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "sources.csv", kind: "removed" }),
        expect.objectContaining({ path: "extra-evidence.csv", kind: "added" }),
      ]),
    );
    expect(report.problems).toHaveLength(2);
  });

  it("rejects something that is not a zip with PackageFormatError", async () => {
    await expect(verifyPackage(Buffer.from("not a zip at all"))).rejects.toThrow(PackageFormatError);
  });

  it("exports a cluster with its members only, the analysis parameters and the cluster's reasons", async () => {
    const pkg = await buildEvidencePackage({ store, selection: { cluster: CLUSTER_ID }, actor: "admin" });
    expect(pkg.resolved.subgraph.nodes.map((n) => n.id).sort()).toEqual(
      [`account:${ACC.DROP}`, `account:${ACC.EXCHANGE}`].sort(),
    );
    const entries = new Map((await readZip(pkg.bytes)).map((e) => [e.path, e.data!]));
    expect(JSON.parse(entries.get("cluster.json")!.toString()).analysisRun.params).toEqual({
      seed: 42,
      resolution: 1,
    });
    expect(entries.has("trace.json")).toBe(false);
    const html = entries.get("report.html")!.toString();
    expect(html).toContain("inflow from a reported victim");
    expect((await verifyPackage(pkg.bytes)).ok).toBe(true);
  });

  it("exports listed accounts as their induced subgraph", async () => {
    const pkg = await buildEvidencePackage({
      store,
      selection: { accounts: [ACC.VICTIM, ACC.DROP] },
      actor: "admin",
    });
    expect(pkg.resolved.subgraph.edges.map((e) => e.id).sort()).toEqual(
      [`tx:${TX.REFUND}`, `tx:${TX.STOLEN}`].sort(),
    );
  });

  it("refuses an unknown case and an unknown cluster with EvidenceNotFoundError", async () => {
    await expect(buildEvidencePackage({ store, selection: { trace: "000" }, actor: "x" })).rejects.toThrow(
      EvidenceNotFoundError,
    );
    await expect(buildEvidencePackage({ store, selection: { cluster: "nope" }, actor: "x" })).rejects.toThrow(
      EvidenceNotFoundError,
    );
  });
});
