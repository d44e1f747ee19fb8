/**
 * A time histogram of the transfers on the canvas, with brushing: bars count the transfers per time bin (their sum
 * in the bar's tooltip), an axis names the dates, and dragging across it picks the window the graph shows. A click
 * without a drag (or the clear button) shows all times again. Plain SVG; every text is a text node.
 */
import { t } from "../i18n";

const NS = "http://www.w3.org/2000/svg";
const W = 600;
const H = 64;
const AXIS = 14;

export interface TimedAmount {
  ts?: number;
  amountKzt?: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
  sumKzt: number;
}

/** Bin the timed items into `n` equal spans of their extent (an empty list gives no bins). */
export function binByTime(items: readonly TimedAmount[], n: number): HistogramBin[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of items) {
    if (i.ts === undefined) continue;
    lo = Math.min(lo, i.ts);
    hi = Math.max(hi, i.ts);
  }
  if (lo > hi) return [];
  const span = Math.max(1, hi - lo);
  const bins: HistogramBin[] = Array.from({ length: n }, (_, k) => ({
    from: lo + (span * k) / n,
    to: lo + (span * (k + 1)) / n,
    count: 0,
    sumKzt: 0,
  }));
  for (const i of items) {
    if (i.ts === undefined) continue;
    const k = Math.min(n - 1, Math.floor(((i.ts - lo) / span) * n));
    bins[k]!.count++;
    bins[k]!.sumKzt += i.amountKzt ?? 0;
  }
  return bins;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export class TimeHistogram {
  readonly element: HTMLElement;
  private readonly chart: SVGSVGElement;
  private readonly brush: SVGRectElement;
  private readonly caption: HTMLElement;
  private extent: [number, number] | null = null;
  private range: [number, number] | null = null;

  constructor(
    private readonly opts: {
      onBrush: (range: [number, number] | null) => void;
      format: (ms: number) => string;
      money: (n: number) => string;
      bins?: number;
    },
  ) {
    this.element = document.createElement("div");
    this.element.className = "time-histogram";
    this.element.dataset.testid = "time-histogram";
    this.chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img" });
    this.brush = svg("rect", { x: 0, y: 0, width: 0, height: H - AXIS, class: "brush" });
    this.brush.dataset.testid = "time-brush";
    this.caption = document.createElement("span");
    this.caption.className = "muted";
    this.caption.dataset.testid = "time-window";
    const clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = t("graph.allTimes");
    clear.dataset.testid = "time-clear";
    clear.addEventListener("click", () => this.pick(null));
    const title = document.createElement("span");
    title.className = "time-histogram-title";
    title.textContent = t("graph.timeFilter");
    const head = document.createElement("div");
    head.className = "time-histogram-head";
    head.append(title, this.caption, clear);
    this.element.append(head, this.chart);
    this.listen();
  }

  /** Draw the histogram of these items (keeps the brushed window if it still overlaps them). */
  setData(items: readonly TimedAmount[]): void {
    const bins = binByTime(items, this.opts.bins ?? 60);
    this.extent = bins.length ? [bins[0]!.from, bins[bins.length - 1]!.to] : null;
    this.chart.replaceChildren();
    if (!this.extent) {
      this.caption.textContent = t("graph.noTransfers");
      return;
    }
    const max = Math.max(1, ...bins.map((b) => b.count));
    const bw = W / bins.length;
    bins.forEach((b, k) => {
      if (!b.count) return;
      const h = Math.max(2, ((H - AXIS - 2) * b.count) / max);
      const bar = svg("rect", { x: k * bw + 0.5, y: H - AXIS - h, width: Math.max(1, bw - 1), height: h });
      bar.setAttribute("class", "bin");
      bar.dataset.testid = "time-bin";
      const title = svg("title", {});
      title.textContent = `${this.opts.format(b.from)} – ${this.opts.format(b.to)}: ${t("graph.binTip", { count: b.count, sum: this.opts.money(b.sumKzt) })}`;
      bar.append(title);
      this.chart.append(bar);
    });
    this.chart.append(svg("line", { x1: 0, x2: W, y1: H - AXIS, y2: H - AXIS, class: "axis" }));
    for (const [x, anchor, ms] of [
      [2, "start", this.extent[0]],
      [W / 2, "middle", (this.extent[0] + this.extent[1]) / 2],
      [W - 2, "end", this.extent[1]],
    ] as const) {
      const tick = svg("text", { x, y: H - 3, "text-anchor": anchor, class: "tick" });
      tick.textContent = this.opts.format(ms);
      this.chart.append(tick);
    }
    this.chart.append(this.brush);
    this.draw();
  }

  /** Show a window chosen elsewhere (the URL, undo) without reporting it back. */
  setRange(range: [number, number] | null): void {
    this.range = range;
    this.draw();
  }

  private pick(range: [number, number] | null): void {
    this.range = range;
    this.draw();
    this.opts.onBrush(range);
  }

  private draw(): void {
    const e = this.extent;
    if (!e) return;
    if (!this.range) {
      this.brush.setAttribute("width", "0");
      this.caption.textContent = `${this.opts.format(e[0])} – ${this.opts.format(e[1])}`;
      this.element.dataset.brushed = "false";
      return;
    }
    const lo = Math.max(e[0], this.range[0]);
    const hi = Math.min(e[1], this.range[1]);
    const x0 = this.toX(lo);
    const x1 = this.toX(hi);
    this.brush.setAttribute("x", String(Math.max(0, Math.min(x0, x1))));
    this.brush.setAttribute("width", String(Math.abs(x1 - x0)));
    this.caption.textContent = `${this.opts.format(lo)} – ${this.opts.format(hi)}`;
    this.element.dataset.brushed = "true";
  }

  private toX(ms: number): number {
    const [lo, hi] = this.extent!;
    return Math.max(0, Math.min(W, ((ms - lo) / Math.max(1, hi - lo)) * W));
  }

  private toTime(clientX: number): number {
    const box = this.chart.getBoundingClientRect();
    const [lo, hi] = this.extent!;
    const f = Math.max(0, Math.min(1, (clientX - box.left) / Math.max(1, box.width)));
    return lo + f * (hi - lo);
  }

  private listen(): void {
    let start: number | null = null;
    let startX = 0;
    this.chart.addEventListener("pointerdown", (e) => {
      if (!this.extent) return;
      start = this.toTime(e.clientX);
      startX = e.clientX;
      this.chart.setPointerCapture(e.pointerId);
    });
    this.chart.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const now = this.toTime(e.clientX);
      this.range = [Math.min(start, now), Math.max(start, now)];
      this.draw();
    });
    this.chart.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const now = this.toTime(e.clientX);
      const dragged = Math.abs(e.clientX - startX) >= 3;
      const range: [number, number] = [Math.min(start, now), Math.max(start, now)];
      start = null;
      this.pick(dragged ? range : null);
    });
  }
}
