/**
 * The trace's timeline: every traced movement as a bar at its time, its height the traced amount, on a time axis
 * with dated ticks and an amount axis, bars into exits in the exits' colour, and a line at the end of the data (the
 * "as of" moment "held for" is counted to). Plain SVG; every text is a text node.
 */
import type { TraceResult } from "../../api";
import { fmtKzt, fmtTime } from "../../dom";
import { formatDate, formatNumber, t } from "../../i18n";

const NS = "http://www.w3.org/2000/svg";
const W = 900;
const H = 200;
const LEFT = 70;
const RIGHT = 20;
const TOP = 12;
const BOTTOM = 36;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function text(x: number, y: number, content: string, anchor: string, cls: string): SVGTextElement {
  const node = svg("text", { x, y, "text-anchor": anchor, class: cls });
  node.textContent = content;
  return node;
}

/** Round steps for an axis: 1, 2 or 5 × 10^k, about `n` of them over [0, max]. */
export function niceTicks(max: number, n = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(v);
  return out;
}

/** The timeline of a trace (an empty frame when no money moved). */
export function traceTimeline(r: TraceResult): SVGSVGElement {
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img" });
  root.dataset.testid = "timeline";
  if (!r.edges.length) return root;
  const exits = new Set(r.exits.flatMap((x) => x.txIds));
  const t0 = Math.min(...r.edges.map((e) => e.ts));
  // The axis runs to the end of the data, so the time money has been held shows.
  const t1 = Math.max(r.asOf || 0, ...r.edges.map((e) => e.ts));
  const max = Math.max(...r.edges.map((e) => e.tracedKzt));
  const ticksY = niceTicks(max);
  const top = ticksY[ticksY.length - 1]!;
  const x = (ms: number) => LEFT + ((W - LEFT - RIGHT) * (ms - t0)) / Math.max(1, t1 - t0);
  const y = (kzt: number) => H - BOTTOM - ((H - BOTTOM - TOP) * kzt) / Math.max(1, top);

  for (const v of ticksY) {
    root.append(svg("line", { x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), class: "grid" }));
    root.append(text(LEFT - 4, y(v) + 3, formatNumber(v, { notation: "compact" }), "end", "tick"));
  }
  // Inside the plot, right of the amount axis: its ticks take the room left of it.
  root.append(text(LEFT + 4, TOP + 8, t("trace.timelineAmount"), "start", "tick"));
  const ticksX = 5;
  for (let i = 0; i <= ticksX; i++) {
    const ms = t0 + ((t1 - t0) * i) / ticksX;
    root.append(svg("line", { x1: x(ms), x2: x(ms), y1: H - BOTTOM, y2: H - BOTTOM + 4, class: "axis" }));
    const anchor = i === 0 ? "start" : i === ticksX ? "end" : "middle";
    root.append(text(x(ms), H - BOTTOM + 15, formatDate(ms, { dateStyle: "short" }), anchor, "tick"));
  }
  root.append(svg("line", { x1: LEFT, x2: W - RIGHT, y1: H - BOTTOM, y2: H - BOTTOM, class: "axis" }));
  root.append(svg("line", { x1: LEFT, x2: LEFT, y1: TOP, y2: H - BOTTOM, class: "axis" }));

  for (const e of [...r.edges].sort((a, b) => a.ts - b.ts)) {
    const h = Math.max(1.5, H - BOTTOM - y(e.tracedKzt));
    const bar = svg("rect", {
      x: x(e.ts) - 1.5,
      y: H - BOTTOM - h,
      width: 3,
      height: h,
      class: exits.has(e.txId) ? "bar to-exit" : "bar",
    });
    bar.dataset.testid = "timeline-bar";
    const title = svg("title", {});
    title.textContent = `${fmtTime(e.ts)} ${e.from} → ${e.to}: ${fmtKzt(e.tracedKzt)}`;
    bar.append(title);
    root.append(bar);
  }
  if (r.asOf) {
    root.append(svg("line", { x1: x(r.asOf), x2: x(r.asOf), y1: TOP, y2: H - BOTTOM, class: "as-of" }));
    const label = text(
      x(r.asOf) - 3,
      TOP + 8,
      t("trace.timelineAsOf", { at: fmtTime(r.asOf) }),
      "end",
      "tick",
    );
    label.dataset.testid = "timeline-as-of";
    root.append(label);
  }
  return root;
}
