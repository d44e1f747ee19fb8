/**
 * Render benchmark page (bench/browser.ts drives it in headless Chromium): builds a synthetic graph of the size
 * given in the query (?nodes=50000&edges=150000) in the explorer's own GraphCanvas, then reports time to first
 * render and frames per second while the camera pans and zooms. Results land in window.__bench.
 */
import type { Subgraph } from "../../model/graph";
import { GraphCanvas } from "./graph/canvas";

interface BenchResult {
  nodes: number;
  edges: number;
  buildMs: number;
  firstRenderMs: number;
  panFps: number;
  zoomFps: number;
}

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(n: number, m: number): Subgraph {
  const r = rng(42);
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `account:A${i}`,
    type: "account" as const,
    key: `A${i}`,
    label: `Account ${i}`,
    props: {},
    community: String(i % 200),
    score: r(),
  }));
  const edges = Array.from({ length: m }, (_, i) => {
    const s = Math.floor(r() * n);
    // Mostly local edges, like real communities, so the layout is not a hairball.
    const t = r() < 0.8 ? (s + 1 + Math.floor(r() * 50)) % n : Math.floor(r() * n);
    return {
      id: `tx:${i}`,
      type: "TRANSFER" as const,
      source: `account:A${s}`,
      target: `account:A${t}`,
      props: { ts: 1.7e12 + i * 1000, amountKzt: 1000 + r() * 1e6 },
    };
  });
  return { nodes, edges, truncated: false };
}

/**
 * Frames per second while the camera animates (what a drag or a wheel zoom does: sigma treats the camera as
 * moving, so hideEdgesOnMove / hideLabelsOnMove apply as they would for a user).
 */
async function measureFps(
  canvas: GraphCanvas,
  moves: { x?: number; y?: number; ratio?: number }[],
  stepMs: number,
): Promise<number> {
  const camera = canvas.sigma.getCamera();
  let frames = 0;
  let running = true;
  const count = () => {
    frames++;
    if (running) requestAnimationFrame(count);
  };
  const t0 = performance.now();
  requestAnimationFrame(count);
  for (const m of moves) await camera.animate(m, { duration: stepMs, easing: "linear" });
  running = false;
  return (frames * 1000) / (performance.now() - t0);
}

async function run(): Promise<BenchResult> {
  const q = new URLSearchParams(location.search);
  const n = Number(q.get("nodes") ?? 50_000);
  const m = Number(q.get("edges") ?? 150_000);
  const sub = synthetic(n, m);
  const t0 = performance.now();
  // ?large=0 draws every node with the instanced circle program (large-graph mode off), the bench's reference.
  const canvas = new GraphCanvas(document.getElementById("graph")!, {
    largeGraphNodes: q.get("large") === "0" ? Infinity : undefined,
  });
  // Place nodes on a grid-ish spiral so the first frame is meaningful without running a layout.
  canvas.graph.import({
    nodes: sub.nodes.map((node, i) => ({
      key: node.id,
      attributes: {
        x: Math.cos(i) * Math.sqrt(i),
        y: Math.sin(i) * Math.sqrt(i),
        size: 2 + 4 * (node.score ?? 0),
        color: "#1f77b4",
        label: node.label,
        type: "circle",
        entityType: "account",
        data: node,
      },
    })),
  });
  canvas.merge({ nodes: [], edges: sub.edges, truncated: false });
  const buildMs = performance.now() - t0;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const firstRenderMs = (canvas.firstRender ?? performance.now()) - t0;
  const panFps = await measureFps(canvas, [{ x: 0.8 }, { x: 0.2 }, { x: 0.5, y: 0.8 }, { y: 0.5 }], 750);
  const zoomFps = await measureFps(
    canvas,
    [{ ratio: 0.25 }, { ratio: 1 }, { ratio: 0.5 }, { ratio: 1 }],
    750,
  );
  return { nodes: canvas.graph.order, edges: canvas.graph.size, buildMs, firstRenderMs, panFps, zoomFps };
}

run().then(
  (r) => ((window as unknown as { __bench: unknown }).__bench = r),
  (e: Error) => ((window as unknown as { __bench: unknown }).__bench = { error: e.message }),
);
