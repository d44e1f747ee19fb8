/**
 * exportSubgraph: a selection's subgraph in one file format (GraphML, GEXF, CSV, JSON), recorded in the audit trail.
 */
import { audit } from "../audit/index.js";
import type { AuditEntry, AuditRecords } from "../store/ports/records.js";
import { renderSubgraph } from "./render-subgraph.js";
import { describeSelection, resolveSelection, type SelectionStore } from "./selection.js";
import type { EvidenceSelection, RenderedFile, ResolvedSelection, SubgraphFormat } from "./types.js";
import { sha256 } from "./manifest.js";

export interface SubgraphExportOptions {
  store: SelectionStore & AuditRecords;
  selection: EvidenceSelection;
  format: SubgraphFormat;
  actor: string;
}

export interface SubgraphExport {
  files: RenderedFile[];
  resolved: ResolvedSelection;
  auditEntry: AuditEntry;
}

/** Resolve, render and audit one subgraph export. */
export async function exportSubgraph(opts: SubgraphExportOptions): Promise<SubgraphExport> {
  const resolved = await resolveSelection(opts.store, opts.selection);
  const title =
    "trace" in resolved.selection ? resolved.selection.trace : describeSelection(resolved.selection);
  const files = renderSubgraph(resolved.subgraph, opts.format, { title });
  const auditEntry = await audit(opts.store, {
    actor: opts.actor,
    action: "export.create",
    target: describeSelection(resolved.selection),
    params: {
      format: opts.format,
      selection: resolved.selection,
      files: files.map((f) => ({ name: f.name, sha256: sha256(f.content) })),
      nodes: resolved.subgraph.nodes.length,
      edges: resolved.subgraph.edges.length,
    },
  });
  return { files, resolved, auditEntry };
}
