/**
 * `npm run bench:browser`: loads 50k nodes / 150k edges into the explorer's canvas in headless Chromium and
 * reports time to first render and frames per second during pan and zoom, beside a 5k / 15k reference graph
 * measured in the same run.
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
if (!existsSync(path.join(dist, "bench.html"))) {
  spawnSync("npx", ["vite", "build", "client"], { stdio: "inherit" });
}
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  const results: BenchResult[] = [];
  for (const [nodes, edges] of [
    [5_000, 15_000],
    [50_000, 150_000],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/bench.html?nodes=${nodes}&edges=${edges}`);
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
  const [ref, big] = results as [BenchResult, BenchResult];
  const row = (r: BenchResult) =>
    `${String(r.nodes).padStart(7)} nodes ${String(r.edges).padStart(7)} edges | build ${r.buildMs.toFixed(0)} ms | first render ${r.firstRenderMs.toFixed(0)} ms | pan ${r.panFps.toFixed(1)} fps | zoom ${r.zoomFps.toFixed(1)} fps`;
  console.log("headless Chromium (software WebGL, --disable-gpu)");
  console.log(`reference ${row(ref)}`);
  console.log(`target    ${row(big)}`);
  console.log(
    `ratio target/reference: first render ×${(big.firstRenderMs / ref.firstRenderMs).toFixed(1)}, pan fps ×${(big.panFps / ref.panFps).toFixed(2)}, zoom fps ×${(big.zoomFps / ref.zoomFps).toFixed(2)}`,
  );
} finally {
  await browser.close();
  await server.close();
}
