/**
 * buildEvidencePackage: a selection's subgraph in every format, provenance, source files, the report (HTML and PDF)
 * and manifest.json, zipped. Building a package is an audit entry whose params carry the manifest's SHA-256, so the
 * audit trail vouches for the manifest and the manifest for every other file.
 */
import { rename, writeFile } from "node:fs/promises";
import { audit } from "../audit/index.js";
import { AUDIT_PROOF_PATH, buildAuditProof } from "./audit-proof.js";
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { appVersion } from "./app-version.js";
import { MANIFEST_PATH, manifestFiles, manifestJson, sha256 } from "./manifest.js";
import { citedFiles, provenanceCsv, sourcesCsv } from "./provenance.js";
import { renderSubgraph } from "./render-subgraph.js";
import { renderReportHtml } from "./report-html.js";
import { buildReport } from "./report-model.js";
import { renderReportPdf, type PdfOptions } from "./report-pdf.js";
import { describeSelection, resolveSelection, type SelectionStore } from "./selection.js";
import { exitsCsv, freezeListCsv } from "./trace-tables.js";
import {
  SUBGRAPH_FORMATS,
  type AuditHead,
  type EvidenceSelection,
  type Manifest,
  type ResolvedSelection,
  type SourceFileInfo,
} from "./types.js";
import { writeZip } from "./zip.js";

export interface BuildPackageOptions {
  /** Read for the selection and its source files; the export is appended to its audit trail. */
  store: SelectionStore & AuditRecords;
  selection: EvidenceSelection;
  /** Who exports: a username, or `cli:<user>`. */
  actor: string;
  /** Write the .zip here (atomically); when absent only the bytes are returned. */
  out?: string;
  /** Case number printed on the report; default the traced case, else none. */
  caseNo?: string;
  /** Export time, epoch ms; default now. */
  now?: number;
  pdf?: PdfOptions;
  /** More files to carry, hashed in the manifest like the rest (a case's records: server/evidence/case-package.ts). */
  extraFiles?: { path: string; content: string | Buffer }[];
}

export interface EvidencePackage {
  bytes: Buffer;
  manifest: Manifest;
  manifestSha256: string;
  /** The export's entry in the audit trail. */
  auditEntry: AuditEntry;
  resolved: ResolvedSelection;
  /** Things the reader should know (a fallback font…). */
  warnings: string[];
}

async function sourceFilesOf(store: SelectionStore, resolved: ResolvedSelection): Promise<SourceFileInfo[]> {
  const shas = citedFiles(resolved.subgraph);
  return shas.length ? store.sourceFiles(shas) : [];
}

/** Build an evidence package; see the module header. */
export async function buildEvidencePackage(opts: BuildPackageOptions): Promise<EvidencePackage> {
  const { store, actor } = opts;
  const exportedAt = opts.now ?? Date.now();
  const warnings: string[] = [];
  const resolved = await resolveSelection(store, opts.selection);
  const sourceFiles = await sourceFilesOf(store, resolved);
  // A head signed now over the whole trail, and proofs of the entries this selection cites.
  const auditProof = await buildAuditProof(store, resolved);
  const auditHead: AuditHead | null = auditProof.auditHead;
  const caseNo = opts.caseNo ?? ("trace" in resolved.selection ? resolved.selection.trace : null);
  const version = appVersion();

  const files: { path: string; content: Buffer }[] = [];
  const add = (path: string, content: string | Buffer) =>
    files.push({ path, content: typeof content === "string" ? Buffer.from(content, "utf8") : content });

  const { subgraph, trace, cluster, analysisRun } = resolved;
  for (const format of SUBGRAPH_FORMATS) {
    for (const f of renderSubgraph(subgraph, format, {
      title: caseNo ?? describeSelection(resolved.selection),
    })) {
      add(f.name, f.content);
    }
  }
  add("provenance.csv", provenanceCsv(subgraph, sourceFiles));
  add(AUDIT_PROOF_PATH, auditProof.text);
  add("sources.csv", sourcesCsv(subgraph, sourceFiles));
  if (trace) {
    add("trace.json", JSON.stringify(trace, null, 2) + "\n");
    add("freeze-list.csv", freezeListCsv(trace));
    add("exits.csv", exitsCsv(trace));
  }
  if (cluster) add("cluster.json", JSON.stringify({ cluster, analysisRun }, null, 2) + "\n");
  for (const f of opts.extraFiles ?? []) add(f.path, f.content);

  const report = buildReport({
    resolved,
    caseNo,
    actor,
    exportedAt,
    appVersion: version,
    sourceFiles,
    auditHead,
    auditTreeHead: auditProof.proof.head,
  });
  add("report.html", renderReportHtml(report));
  add(
    "report.pdf",
    await renderReportPdf(
      report,
      { author: actor, createdAt: exportedAt },
      {
        ...opts.pdf,
        onWarning: (m) => {
          warnings.push(m);
          opts.pdf?.onWarning?.(m);
        },
      },
    ),
  );

  const manifest: Manifest = {
    format: "mulegraph-evidence",
    formatVersion: 2,
    appVersion: version,
    caseNo,
    selection: resolved.selection,
    actor,
    exportedAt: new Date(exportedAt).toISOString(),
    auditHead,
    files: manifestFiles(files),
  };
  const manifestText = manifestJson(manifest);
  const manifestSha256 = sha256(manifestText);
  const ordered = manifest.files.map((m) => files.find((f) => f.path === m.path)!);
  const bytes = await writeZip(
    [...ordered, { path: MANIFEST_PATH, content: Buffer.from(manifestText, "utf8") }],
    new Date(exportedAt),
  );

  // Recorded before the file is written: no package leaves without its audit entry.
  const auditEntry = await audit(store, {
    actor,
    action: "export.create",
    target: describeSelection(resolved.selection),
    params: {
      format: "package",
      selection: resolved.selection,
      caseNo,
      manifestSha256,
      packageSha256: sha256(bytes),
      files: manifest.files.length,
      nodes: subgraph.nodes.length,
      edges: subgraph.edges.length,
    },
  });

  if (opts.out) {
    const tmp = `${opts.out}.partial-${process.pid}`;
    await writeFile(tmp, bytes);
    await rename(tmp, opts.out);
  }
  return { bytes, manifest, manifestSha256, auditEntry, resolved, warnings };
}
