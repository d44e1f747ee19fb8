/**
 * GEXF 1.3 writer (https://gexf.net) on graphology-gexf: attributes from the flattened subgraph, plus positions and
 * colours so that Gephi opens the file already laid out.
 */
import { MultiDirectedGraph } from "graphology";
import { write } from "graphology-gexf";
import type { AttrValue, FlatGraph } from "./attributes.js";
import { xmlSafe } from "./xml.js";

/** How a node is drawn: position (any scale), colour (#rrggbb), size. */
export interface NodeVisual {
  x: number;
  y: number;
  colour: string;
  size: number;
}

/**
 * "#rrggbb" as "rgb(r,g,b)": graphology-gexf then writes viz:color's r, g and b attributes, which every GEXF reader
 * knows (networkx and older Gephi require them), instead of GEXF 1.3's optional hex alone.
 */
function rgb(colour: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return colour;
  return `rgb(${parseInt(m[1]!, 16)},${parseInt(m[2]!, 16)},${parseInt(m[3]!, 16)})`;
}

function clean(attrs: Record<string, AttrValue>): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [name, value] of Object.entries(attrs))
    out[name] = typeof value === "string" ? xmlSafe(value) : value;
  return out;
}

/**
 * Render a flattened subgraph as GEXF 1.3.
 * @param graph - from flattenSubgraph
 * @param visuals - per node id; nodes without one get no viz element
 * @param description - written to <meta><description>
 */
export function renderGexf(graph: FlatGraph, visuals: Map<string, NodeVisual>, description: string): string {
  const g = new MultiDirectedGraph({ allowSelfLoops: true });
  g.setAttribute("creator", "Mulegraph");
  g.setAttribute("description", xmlSafe(description));
  for (const node of graph.nodes) g.addNode(node.id, clean(node.attrs));
  for (const edge of graph.edges) g.addEdgeWithKey(edge.id, edge.source, edge.target, clean(edge.attrs));

  return write(g, {
    version: "1.3",
    formatNode(key, attrs) {
      const { label, ...rest } = attrs;
      const v = visuals.get(key);
      return {
        label: typeof label === "string" ? label : undefined,
        attributes: rest,
        viz: v ? { x: v.x, y: v.y, size: v.size, color: rgb(v.colour) } : undefined,
      };
    },
    formatEdge(_key, attrs) {
      const { weight, ...rest } = attrs;
      return { weight: typeof weight === "number" ? weight : undefined, attributes: rest };
    },
  });
}
