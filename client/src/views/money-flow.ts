/**
 * The money-flow picture of a trace: a Sankey-style diagram from the victim through the hops to the exits and the
 * accounts still holding money. Columns are hops (breadth-first from the accounts that only pay out), exits sit in
 * a last column; a node's height is the traced money through it, a link's width the traced money it carried. Drawn
 * with plain SVG DOM calls; every label is a text node.
 */
import type { TraceResult } from "../api";
import { fmtKzt } from "../dom";
import { formatDate, t } from "../i18n/index";

const NS = "http://www.w3.org/2000/svg";
/** Beyond this many nodes the smallest are left out (the tables below list everything). */
const MAX_NODES = 60;

interface FlowNode {
  id: string;
  kind: "source" | "account" | "exit";
  inKzt: number;
  outKzt: number;
  heldKzt: number;
  depth: number;
  x: number;
  y: number;
  h: number;
  inUsed: number;
  outUsed: number;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function text(
  x: number,
  y: number,
  content: string,
  anchor: "start" | "middle" | "end",
  cls: string,
): SVGTextElement {
  const label = svg("text", { x, y, "text-anchor": anchor, class: cls });
  label.textContent = content;
  return label;
}

/** Where each traced edge ends in the picture: the exit it reached (wallet, ATM) or its receiving account. */
function targetOf(r: TraceResult): (e: TraceResult["edges"][number]) => string {
  const walletOf = new Map<string, string>();
  for (const x of r.exits) if (x.kind === "wallet") for (const t of x.txIds) walletOf.set(t, x.id);
  return (e) => walletOf.get(e.txId) ?? (e.to.startsWith("atm:") ? e.to.slice(4) : e.to);
}

/** The diagram, or a note when the trace moved no money. */
export function moneyFlow(
  r: TraceResult,
  minWidth = 1100,
  freeze: ReadonlySet<string> = new Set(),
): SVGSVGElement {
  const exits = new Set(r.exits.map((x) => x.id));
  const to = targetOf(r);
  const links = new Map<string, { from: string; to: string; kzt: number }>();
  for (const e of r.edges) {
    const key = `${e.from}\u0000${to(e)}`;
    const l = links.get(key) ?? { from: e.from, to: to(e), kzt: 0 };
    l.kzt += e.tracedKzt;
    links.set(key, l);
  }
  const nodes = new Map<string, FlowNode>();
  const node = (id: string): FlowNode => {
    let n = nodes.get(id);
    if (!n) {
      n = {
        id,
        kind: exits.has(id) ? "exit" : "account",
        inKzt: 0,
        outKzt: 0,
        heldKzt: r.holdingKzt[id] ?? 0,
        depth: -1,
        x: 0,
        y: 0,
        h: 0,
        inUsed: 0,
        outUsed: 0,
      };
      nodes.set(id, n);
    }
    return n;
  };
  for (const l of links.values()) {
    node(l.from).outKzt += l.kzt;
    node(l.to).inKzt += l.kzt;
  }
  const value = (n: FlowNode): number => Math.max(n.inKzt, n.outKzt + n.heldKzt);
  // Keep the largest nodes; the rest (and their links) are left out of the picture.
  const kept = new Set(
    [...nodes.values()]
      .sort((a, b) => value(b) - value(a))
      .slice(0, MAX_NODES)
      .map((n) => n.id),
  );
  const shown = [...links.values()].filter((l) => kept.has(l.from) && kept.has(l.to) && l.from !== l.to);

  // Depth: breadth-first from the accounts money only leaves (the victims).
  const outgoing = new Map<string, string[]>();
  for (const l of shown) outgoing.set(l.from, [...(outgoing.get(l.from) ?? []), l.to]);
  const queue = [...kept].filter((id) => nodes.get(id)!.inKzt === 0);
  for (const id of queue) {
    nodes.get(id)!.depth = 0;
    nodes.get(id)!.kind = nodes.get(id)!.kind === "exit" ? "exit" : "source";
  }
  for (let i = 0; i < queue.length; i++) {
    const n = nodes.get(queue[i]!)!;
    for (const next of outgoing.get(n.id) ?? []) {
      const m = nodes.get(next)!;
      if (m.depth < 0) {
        m.depth = n.depth + 1;
        queue.push(next);
      }
    }
  }
  const inPicture = [...kept].map((id) => nodes.get(id)!).filter((n) => n.depth >= 0 || n.inKzt > 0);
  for (const n of inPicture) if (n.depth < 0) n.depth = 1;
  const lastHop = Math.max(0, ...inPicture.filter((n) => n.kind !== "exit").map((n) => n.depth));
  for (const n of inPicture) if (n.kind === "exit") n.depth = lastHop + 1;

  const columns: FlowNode[][] = [];
  for (const n of inPicture) (columns[n.depth] ??= []).push(n);
  const cols = columns.filter(Boolean);
  // Below the columns, a time axis: each column's span of arrival times (time runs left to right with the hops).
  const axis = 22;
  const height = axis + Math.max(240, Math.min(900, 40 + 28 * Math.max(1, ...cols.map((c) => c.length))));
  const top = 20;
  const gap = 10;
  const usable = height - axis - 2 * top;
  const scale = Math.min(
    ...cols.map(
      (c) =>
        (usable - gap * (c.length - 1)) /
        Math.max(
          1,
          c.reduce((s, n) => s + value(n), 0),
        ),
    ),
  );
  const nodeW = 12;
  // Room for a label (about 170 px) beside every column: the victims' on the left, the others on the right.
  const width = Math.max(minWidth, 340 + 190 * cols.length);
  const colStep = cols.length > 1 ? (width - 170 - 150 - nodeW) / (cols.length - 1) : 0;
  cols.forEach((col, ci) => {
    col.sort((a, b) => value(b) - value(a));
    let y = top;
    for (const n of col) {
      n.x = 170 + ci * colStep;
      n.y = y;
      n.h = Math.max(2, value(n) * scale);
      y += n.h + gap;
    }
  });

  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "money-flow", role: "img" });
  root.dataset.testid = "money-flow";
  const title = svg("title", {});
  title.textContent = t("flow.title", { cases: r.complaints.join(", "), amount: fmtKzt(r.tracedKzt) });
  root.append(title);
  if (!shown.length) {
    root.append(text(width / 2, height / 2, t("flow.none"), "start", "flow-label"));
    return root;
  }
  const arrivals = new Map<string, number[]>();
  for (const e of r.edges) {
    const at = (id: string) => {
      const list = arrivals.get(id);
      if (list) list.push(e.ts);
      else arrivals.set(id, [e.ts]);
    };
    at(to(e));
    if (nodes.get(e.from)?.kind === "source") at(e.from);
  }
  const axisY = height - 6;
  root.append(
    svg("line", { x1: 20, x2: width - 20, y1: height - axis + 2, y2: height - axis + 2, class: "flow-axis" }),
  );
  cols.forEach((col) => {
    const times = col.flatMap((n) => arrivals.get(n.id) ?? []);
    if (!times.length) return;
    const lo = Math.min(...times);
    const hi = Math.max(...times);
    const day = (ms: number) => formatDate(ms, { dateStyle: "short" });
    const span = day(lo) === day(hi) ? day(lo) : `${day(lo)} – ${day(hi)}`;
    const label = text(col[0]!.x + 6, axisY, span, "middle", "flow-time");
    label.dataset.testid = "flow-time";
    root.append(label);
  });
  root.append(text(width - 20, axisY, t("flow.timeAxis"), "end", "flow-time"));
  // Links: stacked on each node's right (out) and left (in) side, in target / source order.
  const ordered = [...shown].sort((a, b) => nodes.get(a.to)!.y - nodes.get(b.to)!.y || b.kzt - a.kzt);
  for (const l of ordered) {
    const a = nodes.get(l.from)!;
    const b = nodes.get(l.to)!;
    const w = Math.max(1, l.kzt * scale);
    const y0 = a.y + a.outUsed + w / 2;
    const y1 = b.y + b.inUsed + w / 2;
    a.outUsed += w;
    b.inUsed += w;
    const x0 = a.x + nodeW;
    const x1 = b.x;
    const mx = (x0 + x1) / 2;
    const path = svg("path", {
      d: `M${x0},${y0} C${mx},${y0} ${mx},${y1} ${x1},${y1}`,
      class: `flow-link${b.kind === "exit" ? " to-exit" : ""}`,
      "stroke-width": w,
    });
    const tip = svg("title", {});
    tip.textContent = `${l.from} → ${l.to}: ${fmtKzt(l.kzt)}`;
    path.append(tip);
    root.append(path);
  }
  for (const n of inPicture) {
    const cls = n.kind === "exit" ? "exit" : n.heldKzt > 0 ? "held" : n.kind === "source" ? "source" : "hop";
    const rect = svg("rect", { x: n.x, y: n.y, width: nodeW, height: n.h, class: `flow-node ${cls}` });
    rect.dataset.node = n.id;
    if (freeze.has(n.id)) rect.dataset.freeze = "true";
    const tip = svg("title", {});
    tip.textContent =
      t("flow.nodeTip", { id: n.id, in: fmtKzt(n.inKzt), out: fmtKzt(n.outKzt) }) +
      (n.heldKzt ? t("flow.heldTip", { held: fmtKzt(n.heldKzt) }) : "");
    rect.append(tip);
    root.append(rect);
  }
  // Labels: beside each node, skipped where they would overlap the one above in the same column (the node's tooltip
  // still names it); a victim's label goes left of it, every other to the right.
  const exitKind = new Map(r.exits.map((x) => [x.id, x.kind]));
  const lastLabelY = new Map<number, number>();
  for (const n of [...inPicture].sort((a, b) => a.y - b.y)) {
    const cy = n.y + n.h / 2;
    if (cy - (lastLabelY.get(n.depth) ?? -Infinity) < 24) continue;
    lastLabelY.set(n.depth, cy);
    const left = n.depth === 0;
    const lx = left ? n.x - 4 : n.x + nodeW + 4;
    const anchor = left ? "end" : "start";
    const amount = n.kind === "exit" ? n.inKzt : n.kind === "source" ? n.outKzt : n.heldKzt;
    const label =
      n.kind === "exit"
        ? t("flow.exit")
        : n.kind === "source"
          ? t("flow.stolen")
          : n.heldKzt
            ? t("flow.held")
            : "";
    // ❄ an account to freeze; ₮ a crypto wallet, ₸ a cash point (glyphs in DejaVu Sans, served by styles.css).
    const glyph = freeze.has(n.id)
      ? "\u2744 "
      : exitKind.get(n.id) === "wallet"
        ? "\u20AE "
        : exitKind.get(n.id)?.startsWith("atm")
          ? "\u20B8 "
          : "";
    const name = n.id.length > 24 ? `…${n.id.slice(-22)}` : n.id;
    root.append(text(lx, cy, `${glyph}${name}`, anchor, "flow-label"));
    if (label) root.append(text(lx, cy + 11, `${label} ${fmtKzt(amount)}`, anchor, "flow-amount"));
  }
  return root;
}
