/**
 * The graph explorer's canvas: one graphology graph and one sigma renderer for the page's life.
 * Content is merged in from API subgraphs; hover, filters and highlights go through reducers
 * (never by mutating node data), and ForceAtlas2 runs in a web worker. Parallel transfers between the same two
 * nodes are drawn as one edge carrying their count and sum (and each transfer's time and amount, so the time and
 * amount filters still apply per transfer). New nodes are placed from a hash of their id, so the same content
 * always gets the same layout.
 */
import { fitViewportToNodes } from "@sigma/utils";
import { NodeSquareProgram } from "@sigma/node-square";
import { MultiDirectedGraph } from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { EdgeArrowProgram, NodeCircleProgram } from "sigma/rendering";
import type { EntityType, GraphEdge, GraphNode, Subgraph } from "../../../model/graph";
import { fmtKzt, fmtTime } from "../dom";
import { edgeLabel, type EdgeMember, membersVisible } from "./edges";
import {
  communityColor,
  LABEL_FONT,
  loadGlyphFont,
  roleColor,
  ROLE_COLORS,
  TYPE_COLORS,
  TYPE_GLYPH,
} from "./palette";
import { cameraMoving, edgeFastLineProgram, NodeFastPointProgram } from "./programs";
import { GraphTooltip } from "./tooltip";

export { communityColor, ROLE_COLORS, TYPE_COLORS };

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
  /** Latest transfer time among the edge's transfers. */
  ts?: number;
  /** Sum of the edge's transfers in KZT. */
  amountKzt?: number;
  /** Traced amount when the edge belongs to a trace result (summed over its transfers). */
  traced?: number;
  /** Transfers drawn as this one edge (one for a single transfer; none for a link such as USES). */
  members: EdgeMember[];
  label?: string;
  /** The first relationship drawn as this edge. */
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
  /** Nodes marked with a glyph before their label (the trace's accounts to freeze). */
  private marks = new Map<string, string>();
  private readonly tooltip: GraphTooltip;
  /** Amounts and dates written on the edges (else only on hover). */
  edgeLabels = false;
  /** Name every node (a small graph such as a trace's); load() turns it off again. */
  labelAll = false;
  /** Fill accounts by role (default) or by community. */
  colorBy: "community" | "role" = "role";

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
      // Large graphs draw no edge picking layer (no edge hover there; see edgeFastLineProgram).
      edgeProgramClasses: { arrow: EdgeArrowProgram, line: edgeFastLineProgram(() => this.large) },
      defaultEdgeType: "line",
      renderEdgeLabels: false,
      // On for the canvas's life: sigma creates the edges' picking layer only then, and toggling it re-indexes all.
      enableEdgeEvents: true,
      hideEdgesOnMove: true,
      hideLabelsOnMove: true,
      labelFont: LABEL_FONT,
      edgeLabelFont: LABEL_FONT,
      labelDensity: 1,
      labelGridCellSize: 90,
      labelRenderedSizeThreshold: 7,
      zIndex: true,
      nodeReducer: (node, data) => this.reduceNode(node, data),
      edgeReducer: (edge, data) => this.reduceEdge(edge, data),
    });
    this.tooltip = new GraphTooltip(container);
    this.sigma.on("enterNode", ({ node, event }) => {
      this.setHovered(node);
      this.tooltip.show(event, this.nodeTip(node));
    });
    this.sigma.on("leaveNode", () => {
      this.setHovered(null);
      this.tooltip.hide();
    });
    this.sigma.on("enterEdge", ({ edge, event }) => this.tooltip.show(event, this.edgeTip(edge)));
    this.sigma.on("leaveEdge", () => this.tooltip.hide());
    // Labels drawn before the glyph font arrived would keep a fallback box: draw them again once it is here.
    void loadGlyphFont().then((ok) => ok && this.sigma.refresh({ skipIndexation: true }));
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
    for (const node of sub.nodes) {
      if (this.graph.hasNode(node.id)) {
        this.graph.mergeNodeAttributes(node.id, nodeStyle(node));
        continue;
      }
      const anchor = anchors.get(node.id);
      // Placed from the id's hash, not Math.random: the same content gets the same layout every time.
      const h1 = hash01(node.id, 1);
      const h2 = hash01(node.id, 2);
      const angle = h1 * 2 * Math.PI;
      const r = anchor ? 1 + h2 : 10 * Math.sqrt(n0 + addedNodes + 1) * (0.5 + h2);
      this.graph.addNode(node.id, {
        x: (anchor?.x ?? 0) + r * Math.cos(angle),
        y: (anchor?.y ?? 0) + r * Math.sin(angle),
        ...nodeStyle(node),
      });
      addedNodes++;
    }
    let max = this.maxAmount;
    for (const edge of sub.edges) {
      const { source, target } = edge;
      if (!this.graph.hasNode(source) || !this.graph.hasNode(target)) continue;
      const tracedKzt = traced?.get(edge.id);
      if (edge.type !== "TRANSFER" && edge.type !== "WITHDREW") {
        if (this.graph.hasEdge(edge.id)) continue;
        this.graph.addDirectedEdgeWithKey(edge.id, source, target, edgeStyle(edge, null));
        addedEdges++;
        continue;
      }
      // The pair's edge, looked for only when some edge joins the two already (the common case is a new pair).
      const key = this.graph.hasDirectedEdge(source, target)
        ? this.graph.findOutEdge(source, (_e, a, _s, t) => t === target && a.relType === edge.type)
        : undefined;
      if (key !== undefined) {
        const a = this.graph.getEdgeAttributes(key);
        const known = a.members.some((m) => m.id === edge.id);
        if (known && tracedKzt === undefined) continue;
        // Copy on write: undo snapshots share the attribute objects of the moment they were taken.
        const members = known
          ? a.members.map((m) => (m.id === edge.id ? { ...m, traced: tracedKzt } : m))
          : [...a.members, memberOf(edge, tracedKzt)];
        this.graph.mergeEdgeAttributes(key, aggregateAttrs(members));
        max = Math.max(max, edgeWeight(this.graph.getEdgeAttributes(key)));
        continue;
      }
      // A new pair: its edge is keyed by its first transfer.
      const attrs = edgeStyle(edge, memberOf(edge, tracedKzt));
      this.graph.addDirectedEdgeWithKey(edge.id, source, target, attrs);
      max = Math.max(max, edgeWeight(attrs));
      addedEdges++;
    }
    // Edge widths are relative to the largest amount: the whole graph is processed again only when it grew.
    const maxGrew = max > this.maxAmount;
    this.maxAmount = max;
    return { addedNodes, addedEdges, restyle: maxGrew || wasLarge !== this.large || traced !== undefined };
  }

  /** Replace the whole content (one graph for the page's life: clear + merge). */
  load(sub: Subgraph, traced?: Map<string, number>): void {
    this.stopLayout();
    this.graph.clear();
    this.marks.clear();
    this.labelAll = false;
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
    this.marks.delete(id);
    if (this.selected === id) this.select(null);
  }

  /** The content and filters as they are now, to come back to (undo). Cheap: attribute objects are shared. */
  snapshot(): CanvasSnapshot {
    return { graph: this.graph.export(), filters: { ...this.filters }, maxAmount: this.maxAmount };
  }

  /** Go back to a snapshot: content, positions and filters. */
  restore(s: CanvasSnapshot): void {
    this.stopLayout();
    this.graph.clear();
    this.graph.import(s.graph);
    this.filters = { ...s.filters };
    this.maxAmount = s.maxAmount;
    if (this.selected && !this.graph.hasNode(this.selected)) this.select(null);
    this.sigma.refresh();
  }

  /** Put a glyph before these nodes' labels and always show them (❄ for the accounts to freeze). */
  mark(ids: Iterable<string>, glyph: string): void {
    for (const id of ids) this.marks.set(id, glyph);
    this.sigma.refresh({ skipIndexation: true });
  }

  /** Write amounts and dates on the edges, or only show them on hover. */
  setEdgeLabels(on: boolean): void {
    this.edgeLabels = on;
    this.sigma.setSetting("renderEdgeLabels", on);
  }

  /** The current filters. */
  getFilters(): Filters {
    return { ...this.filters };
  }

  /** Every transfer drawn (the time histogram's data). */
  transfers(): EdgeMember[] {
    const out: EdgeMember[] = [];
    this.graph.forEachEdge((_e, a) => {
      for (const m of a.members) out.push(m);
    });
    return out;
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
      for (const m of a.members) {
        if (m.ts === undefined) continue;
        if (m.ts < lo) lo = m.ts;
        if (m.ts > hi) hi = m.ts;
      }
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

  private filtering(): boolean {
    const f = this.filters;
    return f.from !== undefined || f.to !== undefined || f.minAmount !== undefined;
  }

  private nodeTip(node: string): string[] {
    const a = this.graph.getNodeAttributes(node);
    const d = a.data;
    const lines = [`${TYPE_GLYPH[d.type] ? `${TYPE_GLYPH[d.type]} ` : ""}${d.label || d.key}`];
    lines.push([d.type, d.role && d.role !== "ordinary" ? d.role : "", d.key].filter(Boolean).join(" · "));
    if (d.score !== undefined) lines.push(`${Math.round(d.score)}/100`);
    const glyph = this.marks.get(node);
    if (glyph) lines.push(glyph);
    return lines;
  }

  private edgeTip(edge: string): string[] {
    const a = this.graph.getEdgeAttributes(edge);
    const [s, t] = this.graph.extremities(edge);
    const name = (n: string) => {
      const d = this.graph.getNodeAttribute(n, "data");
      return d.label || d.key;
    };
    const lines = [`${name(s)} → ${name(t)}`];
    const shown = this.filtering() ? membersVisible(a.members, this.filters) : a.members;
    if (!a.members.length) return [...lines, a.relType];
    lines.push(edgeLabel(shown, fmtKzt, fmtTime));
    if (a.traced !== undefined) lines.push(`↳ ${fmtKzt(a.traced)}`);
    return lines;
  }

  private reduceNode(
    node: string,
    data: NodeAttrs,
  ): Partial<NodeAttrs> & { highlighted?: boolean; zIndex?: number; forceLabel?: boolean } {
    // Sigma hands the reducer its own shallow copy of the attributes: styled in place, not copied again (this runs
    // for every node at every full refresh, several times per node while a big graph loads).
    const res: NodeAttrs & { highlighted?: boolean; zIndex?: number; forceLabel?: boolean } = data;
    if (this.large) (res as { type: string }).type = "point";
    if (data.entityType === "account") {
      res.color = this.colorBy === "role" ? roleColor(data.role) : communityColor(data.community);
      // Labels by importance: the roles an investigator looks for first are always named.
      if (!this.large && data.role && data.role !== "ordinary" && data.role !== "drop") res.forceLabel = true;
    }
    if (this.labelAll && !this.large) res.forceLabel = true;
    const mark = this.marks.get(node);
    if (mark) {
      res.label = `${mark} ${data.label}`;
      res.forceLabel = true;
      res.zIndex = 2;
    }
    if (this.highlighted.size && this.highlighted.has(node)) {
      res.highlighted = true;
      res.forceLabel = true;
      res.zIndex = 2;
    }
    if (this.hovered) {
      if (node !== this.hovered && !this.hoveredNeighbours.has(node)) {
        res.color = "#e5e8eb";
        res.label = "";
        res.forceLabel = false;
        res.zIndex = 0;
      } else {
        res.zIndex = 1;
        res.highlighted = true;
        res.forceLabel = true;
      }
    }
    if (node === this.selected) {
      res.highlighted = true;
      res.forceLabel = true;
      res.zIndex = 3;
    }
    return res;
  }

  private reduceEdge(edge: string, data: EdgeAttrs): Partial<EdgeAttrs> & { hidden?: boolean } {
    let weight = edgeWeight(data);
    let shown: EdgeMember[] | null = null;
    if (this.filtering() && data.members.length) {
      shown = membersVisible(data.members, this.filters);
      if (!shown.length) return Object.assign(data, { hidden: true });
      if (shown.length !== data.members.length) weight = sumAmount(shown);
    }
    // Sigma's own shallow copy, styled in place (see reduceNode).
    const res: EdgeAttrs & { hidden?: boolean } = data;
    res.type = this.large || this.graph.size > 5000 ? "line" : "arrow";
    res.size = weight > 0 ? 0.6 + 5 * (Math.log1p(weight) / Math.log1p(this.maxAmount)) : 0.5;
    res.color = data.traced !== undefined ? "#c0392b" : data.relType === "TRANSFER" ? "#8d99a6" : "#d5d8dc";
    if (this.edgeLabels && data.members.length) res.label = edgeLabel(shown ?? data.members, fmtKzt, fmtTime);
    if (this.hovered) {
      const [s, t] = this.graph.extremities(edge);
      if (s !== this.hovered && t !== this.hovered) res.hidden = true;
    }
    return res;
  }
}

/** What snapshot() keeps. */
export interface CanvasSnapshot {
  graph: ReturnType<MultiDirectedGraph<NodeAttrs, EdgeAttrs>["export"]>;
  filters: Filters;
  maxAmount: number;
}

/** A number in [0, 1) from a string (FNV-1a), salted: the same id always lands in the same place. */
function hash01(s: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

function nodeStyle(node: GraphNode): Omit<NodeAttrs, "x" | "y"> {
  const isAccount = node.type === "account";
  const score = node.score ?? 0;
  const glyph = TYPE_GLYPH[node.type];
  return {
    // Detection scores run 0–100. Other kinds are big enough to see and to click.
    size: isAccount ? 5 + 9 * Math.min(1, Math.max(0, score / 100)) : 5,
    color: isAccount ? roleColor(node.role) : TYPE_COLORS[node.type],
    label: `${glyph ? `${glyph} ` : ""}${node.label || node.key}`,
    type: isAccount ? "circle" : "square",
    entityType: node.type,
    community: node.community,
    role: node.role,
    score: node.score,
    data: node,
  };
}

function memberOf(edge: GraphEdge, traced: number | undefined): EdgeMember {
  const m: EdgeMember = { id: edge.id };
  if (typeof edge.props.ts === "number") m.ts = edge.props.ts;
  if (typeof edge.props.amountKzt === "number") m.amountKzt = edge.props.amountKzt;
  if (traced !== undefined) m.traced = traced;
  return m;
}

function sumAmount(members: readonly EdgeMember[]): number {
  let s = 0;
  for (const m of members) s += m.traced ?? m.amountKzt ?? 0;
  return s;
}

function sumTraced(members: readonly EdgeMember[]): number | undefined {
  let s = 0;
  let any = false;
  for (const m of members) {
    if (m.traced === undefined) continue;
    s += m.traced;
    any = true;
  }
  return any ? s : undefined;
}

/** The attributes an aggregated edge derives from its transfers. */
function aggregateAttrs(members: EdgeMember[]): Pick<EdgeAttrs, "members" | "ts" | "amountKzt" | "traced"> {
  let ts: number | undefined;
  let amount: number | undefined;
  for (const m of members) {
    if (m.ts !== undefined) ts = ts === undefined ? m.ts : Math.max(ts, m.ts);
    if (m.amountKzt !== undefined) amount = (amount ?? 0) + m.amountKzt;
  }
  return { members, ts, amountKzt: amount, traced: sumTraced(members) };
}

/** What an edge's width stands for: the traced amount on a trace, else the transfers' sum in KZT. */
function edgeWeight(a: Pick<EdgeAttrs, "traced" | "amountKzt">): number {
  return a.traced ?? a.amountKzt ?? 0;
}

function edgeStyle(edge: GraphEdge, member: EdgeMember | null): EdgeAttrs {
  // Built directly (no loop, no spread): this runs for every edge of a 150 000-edge graph.
  return {
    size: 1,
    color: "#8d99a6",
    type: "arrow",
    relType: edge.type,
    members: member ? [member] : [],
    ts: member?.ts,
    amountKzt: member?.amountKzt,
    traced: member?.traced,
    data: edge,
  };
}
