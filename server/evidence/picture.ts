/**
 * The graph picture of a report as a renderer-neutral scene: circles, lines with arrowheads, short labels and a
 * legend, in page units. The HTML report draws it as SVG and the PDF report with pdfkit, so both show the same
 * picture from the same deterministic layout.
 */
import type { GraphEdge, Subgraph } from "../../model/graph.js";
import type { Layout } from "./layout.js";
import { EDGE_COLOURS, nodeColour, ROLE_COLOURS, TYPE_COLOURS } from "./palette.js";

export interface SceneNode {
  x: number;
  y: number;
  r: number;
  fill: string;
  /** Shown only when the graph is small enough for labels to stay readable. */
  label?: string;
}

export interface SceneEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string;
  width: number;
  /** Triangle at the target end: three points. */
  arrow: [number, number][];
}

export interface Scene {
  width: number;
  height: number;
  nodes: SceneNode[];
  edges: SceneEdge[];
  legend: { colour: string; label: string }[];
  /** Nodes left without a label because there were too many. */
  unlabelled: number;
}

export interface SceneOptions {
  width: number;
  height: number;
  /** The weight that sets an edge's stroke width (e.g. traced or transferred KZT); 1 for all when absent. */
  weightOf?: (edge: GraphEdge) => number;
  /** Label nodes when there are at most this many; default 40. */
  maxLabels?: number;
}

const MARGIN = 24;
const LABEL_CHARS = 22;

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > LABEL_CHARS ? `${oneLine.slice(0, LABEL_CHARS - 1)}…` : oneLine;
}

/** Build the scene of a subgraph in a width × height box. Pure. */
export function buildScene(sub: Subgraph, layout: Layout, opts: SceneOptions): Scene {
  const { width, height } = opts;
  const maxLabels = opts.maxLabels ?? 40;
  const side = Math.min(width, height) - 2 * MARGIN;
  const offX = (width - side) / 2;
  const offY = (height - side) / 2;

  const degree = new Map<string, number>();
  for (const e of sub.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const nodes = [...sub.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const labelled = nodes.length <= maxLabels;
  const at = new Map<string, SceneNode>();
  for (const n of nodes) {
    const p = layout.get(n.id);
    if (!p) continue;
    const sceneNode: SceneNode = {
      x: offX + p.x * side,
      y: offY + p.y * side,
      r: Math.min(10, 3 + Math.sqrt(degree.get(n.id) ?? 0)),
      fill: nodeColour(n),
      label: labelled ? shorten(n.label || n.key) : undefined,
    };
    at.set(n.id, sceneNode);
  }

  const weights = sub.edges.map((e) => Math.max(0, opts.weightOf?.(e) ?? 1));
  const maxWeight = Math.max(1e-9, ...weights);
  const edges: SceneEdge[] = [];
  sub.edges.forEach((e, i) => {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b || a === b) return;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    // The arrow tip touches the target circle's rim.
    const tipX = b.x - ux * b.r;
    const tipY = b.y - uy * b.r;
    const size = 5;
    edges.push({
      x1: a.x + ux * a.r,
      y1: a.y + uy * a.r,
      x2: tipX - ux * size,
      y2: tipY - uy * size,
      stroke: EDGE_COLOURS[e.type],
      width: 0.5 + 3.5 * Math.sqrt(weights[i]! / maxWeight),
      arrow: [
        [tipX, tipY],
        [tipX - ux * size * 1.6 - uy * size * 0.8, tipY - uy * size * 1.6 + ux * size * 0.8],
        [tipX - ux * size * 1.6 + uy * size * 0.8, tipY - uy * size * 1.6 - ux * size * 0.8],
      ],
    });
  });

  const legend: Scene["legend"] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    const label = n.role ? `account: ${n.role}` : n.type;
    if (seen.has(label)) continue;
    seen.add(label);
    legend.push({ colour: n.role ? ROLE_COLOURS[n.role] : TYPE_COLOURS[n.type], label });
  }
  legend.sort((x, y) => x.label.localeCompare(y.label));

  return { width, height, nodes: [...at.values()], edges, legend, unlabelled: labelled ? 0 : at.size };
}
