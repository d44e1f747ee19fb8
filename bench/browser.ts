/**
 * `npm run bench:browser`: loads 50k nodes / 150k edges into the explorer's canvas in headless Chromium and
 * reports time to first render and frames per second during pan and zoom. References in the same run: a 5k / 15k
 * graph, and the same 50k / 150k graph with large-graph mode off (every node an instanced circle, as below
 * LARGE_GRAPH_NODES), so the ratio says what large-graph mode buys.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { launchChromium } from "../test/support/chromium.js";
import { serveStatic } from "./static-server.js";

interface BenchResult {
  nodes: number;
  edges: number;
  buildMs: number;
  firstRenderMs: number;
  panFps: number;
  zoomFps: number;
  error?: string;
}

const dist = path.resolve("client/dist");
// Always build: a client/dist left from older sources would measure old code.
const built = spawnSync("npx", ["vite", "build", "client"], { stdio: ["ignore", "ignore", "inherit"] });
if (built.status !== 0 || !existsSync(path.join(dist, "bench.html")))
  throw new Error("bench/browser: vite build failed");
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  const results: BenchResult[] = [];
  for (const [nodes, edges, large] of [
    [5_000, 15_000, 1],
    [50_000, 150_000, 1],
    [50_000, 150_000, 0],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/bench.html?nodes=${nodes}&edges=${edges}&large=${large}`);
    await page.waitForFunction(() => (globalThis as unknown as { __bench?: unknown }).__bench, null, {
      timeout: 300_000,
    });
    const r = (await page.evaluate(
      () => (globalThis as unknown as { __bench: unknown }).__bench,
    )) as BenchResult;
    if (r.error) throw new Error(`bench page failed: ${r.error}`);
    results.push(r);
    await page.close();
  }
  const [ref, big, plain] = results as [BenchResult, BenchResult, BenchResult];
  const row = (r: BenchResult) =>
    `${String(r.nodes).padStart(7)} nodes ${String(r.edges).padStart(7)} edges | build ${r.buildMs.toFixed(0)} ms | first render ${r.firstRenderMs.toFixed(0)} ms | pan ${r.panFps.toFixed(1)} fps | zoom ${r.zoomFps.toFixed(1)} fps`;
  console.log("headless Chromium (software WebGL, --disable-gpu)");
  console.log(`reference ${row(ref)}`);
  console.log(`target    ${row(big)}`);
  console.log(`no large-graph mode ${row(plain)}`);
  console.log(
    `ratio target/reference: first render ×${(big.firstRenderMs / ref.firstRenderMs).toFixed(1)}, pan fps ×${(big.panFps / ref.panFps).toFixed(2)}, zoom fps ×${(big.zoomFps / ref.zoomFps).toFixed(2)}`,
  );
  console.log(
    `large-graph mode / without it, 50k nodes: pan fps ×${(big.panFps / plain.panFps).toFixed(1)}, zoom fps ×${(big.zoomFps / plain.zoomFps).toFixed(1)}, first render ×${(big.firstRenderMs / plain.firstRenderMs).toFixed(2)}`,
  );
} finally {
  await browser.close();
  await server.close();
}
