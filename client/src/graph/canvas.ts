/**
 * The graph explorer's canvas: one graphology graph and one sigma renderer for the page's life.
 * Content is merged in from API subgraphs; hover, filters and highlights go through reducers
 * (never by mutating node data), and ForceAtlas2 runs in a web worker.
 */
import { fitViewportToNodes } from "@sigma/utils";
import { NodeSquareProgram } from "@sigma/node-square";
import { MultiDirectedGraph } from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { EdgeArrowProgram, EdgeLineProgram, NodeCircleProgram } from "sigma/rendering";
import type { EntityType, GraphEdge, GraphNode, Subgraph } from "../../../model/graph";
import { cameraMoving, NodeFastPointProgram } from "./programs";

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  type: "circle" | "square";
  entityType: EntityType;
  community?: string;
  role?: string;
  score?: number;
  fixed?: boolean;
  data: GraphNode;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  type: "arrow" | "line";
  relType: string;
  ts?: number;
  amountKzt?: number;
  /** Traced amount when the edge belongs to a trace result. */
  traced?: number;
  data: GraphEdge;
}

export interface Filters {
  from?: number;
  to?: number;
  minAmount?: number;
}

/**
 * Above this many nodes the canvas switches to large-graph mode: nodes drawn as points (one vertex each, see
 * programs.ts), edges as plain lines without arrowheads.
 */
export const LARGE_GRAPH_NODES = 1000;

const COMMUNITY_PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#393b79",
  "#637939",
  "#8c6d31",
  "#843c39",
];

/** Colours of non-account entities (drawn as squares) and of accounts by role. */
export const TYPE_COLORS: Record<EntityType, string> = {
  account: "#7f8c9a",
  person: "#34495e",
  company: "#5d6d7e",
  card: "#16a085",
  phone: "#27ae60",
  device: "#d35400",
  ip: "#8e44ad",
  wallet: "#c0392b",
  complaint: "#2980b9",
  cashpoint: "#c0392b",
};

export const ROLE_COLORS: Record<string, string> = {
  victim: "#2980b9",
  drop: "#e67e22",
  hub: "#c0392b",
  exit: "#8b0000",
  organiser: "#6c3483",
};

const TYPE_ICON: Record<EntityType, string> = {
  account: "",
  person: "👤 ",
  company: "🏢 ",
  card: "💳 ",
  phone: "☎ ",
  device: "💻 ",
  ip: "🌐 ",
  wallet: "₮ ",
  complaint: "⚖ ",
  cashpoint: "🏧 ",
};

export function communityColor(community: string | undefined): string {
  if (!community) return TYPE_COLORS.account;
  let h = 0;
  for (let i = 0; i < community.length; i++) h = (h * 31 + community.charCodeAt(i)) | 0;
  return COMMUNITY_PALETTE[Math.abs(h) % COMMUNITY_PALETTE.length]!;
}

export class GraphCanvas {
  readonly graph = new MultiDirectedGraph<NodeAttrs, EdgeAttrs>();
  readonly sigma: Sigma<NodeAttrs, EdgeAttrs>;
  private layout: FA2Layout<NodeAttrs, EdgeAttrs> | null = null;
  private hovered: string | null = null;
  private hoveredNeighbours = new Set<string>();
  private filters: Filters = {};
  private highlighted = new Set<string>();
  selected: string | null = null;
  private listeners: { select: ((id: string | null) => void)[]; expand: ((id: string) => void)[] } = {
    select: [],
    expand: [],
  };
  private firstRenderAt: number | null = null;
  private maxAmount = 1;
  /** Fill accounts by community (default) or by role. */
  colorBy: "community" | "role" = "community";

  /** `largeGraphNodes`: where large-graph mode begins (default LARGE_GRAPH_NODES; bench.ts compares without it). */
  constructor(
    container: HTMLElement,
    private readonly opts: { largeGraphNodes?: number } = {},
  ) {
    this.sigma = new Sigma<NodeAttrs, EdgeAttrs>(this.graph, container, {
      nodeProgramClasses: {
        circle: NodeCircleProgram,
        square: NodeSquareProgram,
        point: NodeFastPointProgram,
      },
      edgeProgramClasses: { arrow: EdgeArrowProgram, line: EdgeLineProgram },
      defaultEdgeType: "line",
      renderEdgeLabels: false,
      hideEdgesOnMove: true,
      hideLabelsOnMove: true,
      labelDensity: 0.7,
      labelRenderedSizeThreshold: 9,
      zIndex: true,
      nodeReducer: (node, data) => this.reduceNode(node, data),
      edgeReducer: (edge, data) => this.reduceEdge(edge, data),
    });
    this.sigma.on("enterNode", ({ node }) => this.setHovered(node));
    this.sigma.on("leaveNode", () => this.setHovered(null));
    this.sigma.on("clickNode", ({ node }) => this.select(node));
    this.sigma.on("clickStage", () => this.select(null));
    this.sigma.on("doubleClickNode", (e) => {
      e.preventSigmaDefault();
      for (const l of this.listeners.expand) l(e.node);
    });
    this.sigma.once("afterRender", () => {
      this.firstRenderAt = performance.now();
    });
    // Once the camera stops, render again: edges (hidden while moving) and the picking layer come back.
    let settle: ReturnType<typeof setTimeout> | null = null;
    this.sigma.getCamera().on("updated", () => {
      if (settle) clearTimeout(settle);
      settle = setTimeout(() => {
        settle = null;
        if (!cameraMoving(this.sigma)) this.sigma.scheduleRender();
      }, 120);
    });
  }

  /** Large-graph mode: points and plain lines (LARGE_GRAPH_NODES). */
  get large(): boolean {
    return this.graph.order > (this.opts.largeGraphNodes ?? LARGE_GRAPH_NODES);
  }

  on(event: "select", fn: (id: string | null) => void): void;
  on(event: "expand", fn: (id: string) => void): void;
  on(event: "select" | "expand", fn: (id: string) => void): void {
    (this.listeners[event] as ((id: string) => void)[]).push(fn);
  }

  get firstRender(): number | null {
    return this.firstRenderAt;
  }

  /** Add the nodes and edges of a subgraph that are not there yet; new nodes start near a known neighbour. */
  merge(sub: Subgraph, traced?: Map<string, number>): { addedNodes: number; addedEdges: number } {
    const { addedNodes, addedEdges, restyle } = this.add(sub, traced);
    if (restyle) this.sigma.refresh();
    return { addedNodes, addedEdges };
  }

  /** Add the subgraph; `restyle` says whether nodes or edges already drawn must be processed again. */
  private add(
    sub: Subgraph,
    traced?: Map<string, number>,
  ): { addedNodes: number; addedEdges: number; restyle: boolean } {
    let addedNodes = 0;
    let addedEdges = 0;
    const anchors = new Map<string, { x: number; y: number }>();
    for (const e of sub.edges) {
      for (const [a, b] of [
        [e.source, e.target],
        [e.target, e.source],
      ] as const) {
        if (this.graph.hasNode(a) && !this.graph.hasNode(b) && !anchors.has(b)) {
          const p = this.graph.getNodeAttributes(a);
          anchors.set(b, { x: p.x, y: p.y });
        }
      }
    }
    const n0 = this.graph.order;
    const wasLarge = this.large;
    // Edge widths are relative to the largest amount: known before the edges go in, every edge is drawn right the
    // first time, and the whole graph is processed again only when the largest amount grew.
    let max = this.maxAmount;
    for (const e of sub.edges) max = Math.max(max, edgeValue(e, traced?.get(e.id)));
    const maxGrew = max > this.maxAmount;
    this.maxAmount = max;
    for (const node of sub.nodes) {
      if (this.graph.hasNode(node.id)) {
        this.graph.mergeNodeAttributes(node.id, nodeStyle(node));
        continue;
      }
      const anchor = anchors.get(node.id);
      const angle = Math.random() * 2 * Math.PI;
      const r = anchor ? 1 + Math.random() : 10 * Math.sqrt(n0 + addedNodes + 1);
      this.graph.addNode(node.id, {
        x: (anchor?.x ?? 0) + r * Math.cos(angle),
        y: (anchor?.y ?? 0) + r * Math.sin(angle),
        ...nodeStyle(node),
      });
      addedNodes++;
    }
    for (const edge of sub.edges) {
      if (!this.graph.hasNode(edge.source) || !this.graph.hasNode(edge.target)) continue;
      if (this.graph.hasEdge(edge.id)) {
        if (traced?.has(edge.id)) this.graph.setEdgeAttribute(edge.id, "traced", traced.get(edge.id));
        continue;
      }
      this.graph.addDirectedEdgeWithKey(
        edge.id,
        edge.source,
        edge.target,
        edgeStyle(edge, traced?.get(edge.id)),
      );
      addedEdges++;
    }
    return { addedNodes, addedEdges, restyle: maxGrew || wasLarge !== this.large || traced !== undefined };
  }

  /** Replace the whole content (one graph for the page's life: clear + merge). */
  load(sub: Subgraph, traced?: Map<string, number>): void {
    this.stopLayout();
    this.graph.clear();
    this.maxAmount = 1;
    this.highlighted.clear();
    this.selected = null;
    this.add(sub, traced);
    if (this.graph.order > 1 && this.graph.order <= 3000) {
      forceAtlas2.assign(this.graph, { iterations: 100, settings: forceAtlas2.inferSettings(this.graph) });
    }
    this.sigma.refresh();
    this.fit(false);
  }

  remove(id: string): void {
    if (!this.graph.hasNode(id)) return;
    this.graph.dropNode(id);
    if (this.selected === id) this.select(null);
  }

  togglePin(id: string): boolean {
    const fixed = !this.graph.getNodeAttribute(id, "fixed");
    this.graph.setNodeAttribute(id, "fixed", fixed);
    return fixed;
  }

  select(id: string | null): void {
    this.selected = id;
    this.sigma.refresh({ skipIndexation: true });
    for (const l of this.listeners.select) l(id);
  }

  highlight(ids: Iterable<string>): void {
    this.highlighted = new Set(ids);
    this.sigma.refresh({ skipIndexation: true });
  }

  setColorBy(mode: "community" | "role"): void {
    this.colorBy = mode;
    this.sigma.refresh({ skipIndexation: true });
  }

  setFilters(f: Filters): void {
    this.filters = f;
    this.sigma.refresh({ skipIndexation: true });
  }

  /** Earliest and latest transfer time among the edges shown. */
  timeExtent(): [number, number] | null {
    let lo = Infinity;
    let hi = -Infinity;
    this.graph.forEachEdge((_e, a) => {
      if (a.ts === undefined) return;
      if (a.ts < lo) lo = a.ts;
      if (a.ts > hi) hi = a.ts;
    });
    return lo <= hi ? [lo, hi] : null;
  }

  startLayout(): void {
    if (this.layout?.isRunning()) return;
    this.layout?.kill();
    const settings = forceAtlas2.inferSettings(this.graph);
    this.layout = new FA2Layout(this.graph, {
      settings: { ...settings, barnesHutOptimize: this.graph.order > 2000 },
    });
    this.layout.start();
  }

  stopLayout(): void {
    this.layout?.stop();
  }

  isLayoutRunning(): boolean {
    return this.layout?.isRunning() ?? false;
  }

  fit(animate = true): void {
    if (this.graph.order === 0) return;
    this.sigma.getCamera().animatedReset({ duration: animate ? 300 : 0 });
  }

  zoomTo(ids: string[]): void {
    const present = ids.filter((id) => this.graph.hasNode(id));
    if (present.length) void fitViewportToNodes(this.sigma as unknown as Sigma, present, { animate: true });
  }

  kill(): void {
    this.layout?.kill();
    this.sigma.kill();
  }

  private setHovered(node: string | null): void {
    this.hovered = node;
    this.hoveredNeighbours = node ? new Set(this.graph.neighbors(node)) : new Set();
    this.sigma.refresh({ skipIndexation: true });
  }

  private edgeVisible(a: EdgeAttrs): boolean {
    const f = this.filters;
    if (a.ts !== undefined) {
      if (f.from !== undefined && a.ts < f.from) return false;
      if (f.to !== undefined && a.ts > f.to) return false;
    }
    if (f.minAmount !== undefined && a.amountKzt !== undefined && a.amountKzt < f.minAmount) return false;
    return true;
  }

  private reduceNode(
    node: string,
    data: NodeAttrs,
  ): Partial<NodeAttrs> & { highlighted?: boolean; zIndex?: number } {
    const res: Partial<NodeAttrs> & { highlighted?: boolean; zIndex?: number; hidden?: boolean } = {
      ...data,
    };
    if (this.large) (res as { type: string }).type = "point";
    if (this.colorBy === "role" && data.entityType === "account") {
      res.color = (data.role && ROLE_COLORS[data.role]) || TYPE_COLORS.account;
    }
    if (this.highlighted.size && this.highlighted.has(node)) {
      res.highlighted = true;
      res.color = "#b71c1c";
      res.zIndex = 2;
    }
    if (this.hovered) {
      if (node !== this.hovered && !this.hoveredNeighbours.has(node)) {
        res.color = "#e5e8eb";
        res.label = "";
        res.zIndex = 0;
      } else {
        res.zIndex = 1;
        res.highlighted = true;
      }
    }
    if (node === this.selected) {
      res.highlighted = true;
      res.zIndex = 3;
    }
    return res;
  }

  private reduceEdge(edge: string, data: EdgeAttrs): Partial<EdgeAttrs> & { hidden?: boolean } {
    const v = data.traced ?? data.amountKzt ?? 0;
    const res: Partial<EdgeAttrs> & { hidden?: boolean } = {
      ...data,
      type: this.large || this.graph.size > 5000 ? "line" : "arrow",
      size: v > 0 ? 0.5 + 4 * (Math.log1p(v) / Math.log1p(this.maxAmount)) : 0.5,
      color: data.traced !== undefined ? "#c0392b" : data.relType === "TRANSFER" ? "#9aa5b1" : "#d5d8dc",
    };
    if (!this.edgeVisible(data)) res.hidden = true;
    if (this.hovered) {
      const [s, t] = this.graph.extremities(edge);
      if (s !== this.hovered && t !== this.hovered) res.hidden = true;
    }
    return res;
  }
}

function nodeStyle(node: GraphNode): Omit<NodeAttrs, "x" | "y"> {
  const isAccount = node.type === "account";
  const color = !isAccount
    ? TYPE_COLORS[node.type]
    : node.role && node.role !== "ordinary" && !node.community
      ? (ROLE_COLORS[node.role] ?? TYPE_COLORS.account)
      : communityColor(node.community);
  const score = node.score ?? 0;
  return {
    // Detection scores run 0–100.
    size: isAccount ? 4 + 10 * Math.min(1, Math.max(0, score / 100)) : 3,
    color,
    label: `${TYPE_ICON[node.type]}${node.label || node.key}`,
    type: isAccount ? "circle" : "square",
    entityType: node.type,
    community: node.community,
    role: node.role,
    score: node.score,
    data: node,
  };
}

/** What an edge's width stands for: the traced amount on a trace, else the transfer's amount in KZT. */
function edgeValue(edge: GraphEdge, traced?: number): number {
  if (traced !== undefined) return traced;
  return typeof edge.props.amountKzt === "number" ? edge.props.amountKzt : 0;
}

function edgeStyle(edge: GraphEdge, traced?: number): EdgeAttrs {
  const ts = typeof edge.props.ts === "number" ? edge.props.ts : undefined;
  const amount = typeof edge.props.amountKzt === "number" ? edge.props.amountKzt : undefined;
  return {
    size: 1,
    color: "#9aa5b1",
    type: "arrow",
    relType: edge.type,
    ts,
    amountKzt: amount,
    traced,
    data: edge,
  };
}
