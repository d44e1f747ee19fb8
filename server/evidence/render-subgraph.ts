/**
 * renderSubgraph: one Subgraph to the files of one export format (GraphML, GEXF, CSV pair, JSON). Pure.
 */
import type { Subgraph } from "../../model/graph.js";
import { flattenSubgraph, type FlatGraph } from "./attributes.js";
import { csvDocument } from "./csv.js";
import { EvidenceInputError } from "./errors.js";
import { renderGexf, type NodeVisual } from "./gexf.js";
import { renderGraphml } from "./graphml.js";
import { layoutSubgraph } from "./layout.js";
import { nodeColour } from "./palette.js";
import { SUBGRAPH_FORMATS, type RenderedFile, type SubgraphFormat } from "./types.js";

export interface RenderOptions {
  /** Names the graph inside the file (GraphML graph id, GEXF description); e.g. the case number. */
  title?: string;
}

function nodesCsv(flat: FlatGraph): string {
  const cols = flat.nodeColumns.map((c) => c.name);
  const rows = flat.nodes.map((n) => [n.id, ...cols.map((c) => n.attrs[c])]);
  return csvDocument(["id", ...cols], rows);
}

function edgesCsv(flat: FlatGraph): string {
  const cols = flat.edgeColumns.map((c) => c.name);
  const rows = flat.edges.map((e) => [e.id, e.source, e.target, ...cols.map((c) => e.attrs[c])]);
  return csvDocument(["id", "source", "target", ...cols], rows);
}

function visualsOf(sub: Subgraph, flat: FlatGraph): Map<string, NodeVisual> {
  const layout = layoutSubgraph(sub);
  const degree = new Map<string, number>();
  for (const e of flat.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const visuals = new Map<string, NodeVisual>();
  for (const node of sub.nodes) {
    const p = layout.get(node.id);
    if (!p) continue;
    visuals.set(node.id, {
      x: Math.round(p.x * 1000 * 100) / 100,
      y: Math.round(p.y * 1000 * 100) / 100,
      colour: nodeColour(node),
      size: 5 + 2 * Math.sqrt(degree.get(node.id) ?? 0),
    });
  }
  return visuals;
}

function jsonDocument(sub: Subgraph, flat: FlatGraph): string {
  const byId = <T extends { id: string }>(list: T[]) =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const doc = {
    format: "mulegraph-subgraph",
    formatVersion: 1,
    truncated: sub.truncated,
    counts: { nodes: flat.nodes.length, edges: flat.edges.length },
    nodes: byId(sub.nodes),
    edges: byId(sub.edges),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/**
 * Render a subgraph in one format.
 * @returns the files of that format: `subgraph.graphml`, `subgraph.gexf`, `nodes.csv` + `edges.csv`, or
 *   `subgraph.json`
 * @throws EvidenceInputError for an unknown format
 */
export function renderSubgraph(
  sub: Subgraph,
  format: SubgraphFormat,
  opts: RenderOptions = {},
): RenderedFile[] {
  if (!SUBGRAPH_FORMATS.includes(format)) {
    throw new EvidenceInputError(
      `evidence/render: unknown format "${String(format)}"; use one of ${SUBGRAPH_FORMATS.join(", ")}`,
    );
  }
  const flat = flattenSubgraph(sub);
  const title = opts.title ?? "mulegraph";
  switch (format) {
    case "graphml":
      return [{ name: "subgraph.graphml", content: renderGraphml(flat, title) }];
    case "gexf":
      return [
        {
          name: "subgraph.gexf",
          content: renderGexf(flat, visualsOf(sub, flat), `Mulegraph export: ${title}`),
        },
      ];
    case "csv":
      return [
        { name: "nodes.csv", content: nodesCsv(flat) },
        { name: "edges.csv", content: edgesCsv(flat) },
      ];
    case "json":
      return [{ name: "subgraph.json", content: jsonDocument(sub, flat) }];
  }
}
