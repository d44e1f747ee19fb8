/**
 * GraphML writer (http://graphml.graphdrawing.org/). Directed graph, one typed <key> per node and edge attribute, so
 * Gephi, yEd and i2 Analyst's Notebook import the attributes with their types. Gephi takes the `label` key as the
 * node label and `weight` as the edge weight. graphology-graphml only parses, hence this writer.
 */
import { cellText, type AttrColumn, type FlatGraph, type FlatNode } from "./attributes.js";
import { xmlEscape } from "./xml.js";

function keyId(kind: "n" | "e", index: number): string {
  return `${kind}${index}`;
}

function keyLines(kind: "n" | "e", columns: AttrColumn[]): string[] {
  const target = kind === "n" ? "node" : "edge";
  return columns.map(
    (c, i) =>
      `  <key id="${keyId(kind, i)}" for="${target}" attr.name="${xmlEscape(c.name)}" attr.type="${c.type}"/>`,
  );
}

function dataLines(kind: "n" | "e", columns: AttrColumn[], element: FlatNode): string[] {
  const lines: string[] = [];
  columns.forEach((c, i) => {
    const value = element.attrs[c.name];
    if (value === undefined) return;
    lines.push(`      <data key="${keyId(kind, i)}">${xmlEscape(cellText(value))}</data>`);
  });
  return lines;
}

/**
 * Render a flattened subgraph as a GraphML document.
 * @param graph - from flattenSubgraph
 * @param graphId - the graph element's id (e.g. the case number)
 */
export function renderGraphml(graph: FlatGraph, graphId = "mulegraph"): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"' +
      ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns' +
      ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keyLines("n", graph.nodeColumns),
    ...keyLines("e", graph.edgeColumns),
    `  <graph id="${xmlEscape(graphId)}" edgedefault="directed">`,
  ];
  for (const node of graph.nodes) {
    out.push(
      `    <node id="${xmlEscape(node.id)}">`,
      ...dataLines("n", graph.nodeColumns, node),
      "    </node>",
    );
  }
  for (const edge of graph.edges) {
    out.push(
      `    <edge id="${xmlEscape(edge.id)}" source="${xmlEscape(edge.source)}" target="${xmlEscape(edge.target)}">`,
      ...dataLines("e", graph.edgeColumns, edge),
      "    </edge>",
    );
  }
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}
