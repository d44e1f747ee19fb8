/**
 * Deterministic layout for the pictures in reports and the positions in GEXF: ForceAtlas2 (Jacomy et al. 2014,
 * "ForceAtlas2, a Continuous Graph Layout Algorithm", PLoS ONE 9(6)) run synchronously for a fixed number of
 * iterations from a circular start in node-id order. No randomness, so the same subgraph always gets the same
 * picture (and the same package hashes).
 */
import { createRequire } from "node:module";
import { MultiDirectedGraph } from "graphology";
import type { NodeId, Subgraph } from "../../model/graph.js";

// The package is CommonJS with `module.exports = layout`; its typings describe that as a default export, which
// NodeNext resolution cannot see, so load it through require and take the type from the typings.
type ForceAtlas2 = (typeof import("graphology-layout-forceatlas2"))["default"];
const forceAtlas2 = createRequire(import.meta.url)("graphology-layout-forceatlas2") as ForceAtlas2;

export interface Point {
  x: number;
  y: number;
}

/** Node positions normalised into the unit square [0, 1]², aspect ratio kept, centred. */
export type Layout = Map<NodeId, Point>;

/** Iterations: enough to settle a case-sized graph, bounded so a large export stays fast. */
function iterationsFor(order: number): number {
  if (order <= 200) return 300;
  if (order <= 2000) return 100;
  return 40;
}

/** Above this many nodes, Barnes–Hut approximation (O(n log n) repulsion instead of O(n²)). */
const BARNES_HUT_FROM = 300;

// The package lays out one subgraph for the GEXF file and again for the report: compute it once.
const memo = new WeakMap<Subgraph, Layout>();

/** Lay out a subgraph. Pure and deterministic (memoised per subgraph object; do not mutate it afterwards). */
export function layoutSubgraph(sub: Subgraph): Layout {
  const known = memo.get(sub);
  if (known) return known;
  const layout = computeLayout(sub);
  memo.set(sub, layout);
  return layout;
}

function computeLayout(sub: Subgraph): Layout {
  const ids = [...new Set(sub.nodes.map((n) => n.id))].sort();
  const layout: Layout = new Map();
  if (ids.length === 0) return layout;
  if (ids.length === 1) {
    layout.set(ids[0]!, { x: 0.5, y: 0.5 });
    return layout;
  }

  const graph = new MultiDirectedGraph();
  ids.forEach((id, i) => {
    const angle = (2 * Math.PI * i) / ids.length;
    graph.addNode(id, { x: 100 * Math.cos(angle), y: 100 * Math.sin(angle) });
  });
  const edges = [...sub.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const e of edges) {
    if (graph.hasNode(e.source) && graph.hasNode(e.target)) graph.addEdge(e.source, e.target);
  }
  forceAtlas2.assign(graph, {
    iterations: iterationsFor(ids.length),
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > BARNES_HUT_FROM },
    getEdgeWeight: null,
  });

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  graph.forEachNode((_id, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const offX = (span - (maxX - minX)) / 2;
  const offY = (span - (maxY - minY)) / 2;
  graph.forEachNode((id, a) => {
    layout.set(id, { x: (a.x - minX + offX) / span, y: (a.y - minY + offY) / span });
  });
  return layout;
}
