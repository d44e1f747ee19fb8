/**
 * The explorer in headless Chromium against the real server on the embedded store, on a generated case ingested
 * and analysed by the CLI: a cluster opens coloured by role with the victims, exits and identifiers its reasons
 * cite, the legend docked beside the graph (never over a node), parallel transfers drawn as one edge with their
 * count and sum, amounts and dates on hover and in a toggle, brushing the time histogram with undo and redo,
 * keyboard shortcuts with their help, a named saved view, and sources by file name. Screenshots go to
 * test-artifacts/explorer/.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { analysedCase, haveChromium, logIn, serve } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/explorer");
const PASSWORD = "explorer-Secret-passw0rd";

interface ClusterBody {
  cluster: { id: string; members: string[]; reasons: string[] };
  subgraph: {
    nodes: { id: string; reasons?: string[] }[];
    edges: { id: string; type: string; source: string; target: string; props: { amountKzt?: number } }[];
  };
}

/** What the page's canvas holds (window.__mulegraph, set by app.ts). */
interface CanvasState {
  nodes: { id: string; type: string; role?: string; color: string; x: number; y: number }[];
  edges: {
    key: string;
    source: string;
    target: string;
    relType: string;
    count: number;
    amountKzt?: number;
    hidden: boolean;
  }[];
}

function canvasState(page: Page): Promise<CanvasState> {
  return page.evaluate(() => {
    type Attrs = Record<string, unknown> & { members?: unknown[] };
    const c = (
      globalThis as unknown as {
        __mulegraph: {
          canvas: {
            graph: {
              mapNodes: <T>(fn: (n: string, a: Attrs) => T) => T[];
              mapEdges: <T>(fn: (e: string, a: Attrs, s: string, t: string) => T) => T[];
            };
            sigma: {
              getNodeDisplayData: (n: string) => { color: string } | undefined;
              getEdgeDisplayData: (e: string) => { hidden?: boolean } | undefined;
            };
          };
        };
      }
    ).__mulegraph.canvas;
    return {
      nodes: c.graph.mapNodes((n, a) => ({
        id: n,
        type: a.entityType as string,
        role: a.role as string | undefined,
        color: c.sigma.getNodeDisplayData(n)?.color ?? "",
        x: a.x as number,
        y: a.y as number,
      })),
      edges: c.graph.mapEdges((e, a, s, t) => ({
        key: e,
        source: s,
        target: t,
        relType: a.relType as string,
        count: a.members?.length ?? 0,
        amountKzt: a.amountKzt as number | undefined,
        hidden: c.sigma.getEdgeDisplayData(e)?.hidden === true,
      })),
    };
  });
}

describe.skipIf(!haveChromium)("the explorer's graph in a real browser", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let top: ClusterBody;
  const prompts: string[] = [];
  let promptAnswer = "";

  const ready = (route: string) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });
  const api = <T>(url: string) =>
    page.evaluate(async (u) => (await fetch(u, { credentials: "same-origin" })).json(), url) as Promise<T>;
  const openCluster = async (extra = "") => {
    await page.evaluate("delete document.body.dataset.clusterContext");
    await page.goto(`${base}/explorer?cluster=${encodeURIComponent(top.cluster.id)}${extra}`);
    await ready("/explorer");
    await page.waitForSelector('body[data-cluster-context="ready"]', { timeout: 60_000 });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-explorer-"));
    const dataDir = analysedCase(dir, {
      seed: 11,
      accounts: 400,
      user: "admin",
      role: "admin",
      password: PASSWORD,
    });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("dialog", (d) => {
      prompts.push(d.message());
      void (d.type() === "prompt" ? d.accept(promptAnswer) : d.dismiss());
    });
    await logIn(page, base, "admin", PASSWORD);
    const { clusters } = await api<{ clusters: { id: string }[] }>("/api/clusters");
    expect(clusters.length).toBeGreaterThan(0);
    top = await api<ClusterBody>(`/api/clusters/${encodeURIComponent(clusters[0]!.id)}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens a cluster coloured by role, with the victims, exits and identifiers it cites, and the legend beside the graph", async () => {
    await openCluster();
    expect(await page.inputValue('[data-testid="color-by"]')).toBe("role");
    const state = await canvasState(page);
    const members = new Set(top.subgraph.nodes.map((n) => n.id));
    const context = state.nodes.filter((n) => !members.has(n.id));
    expect(context.length).toBeGreaterThan(0);
    for (const n of context)
      expect(
        ["complaint", "wallet", "cashpoint", "device", "ip", "phone", "card"].includes(n.type) ||
          n.role === "victim" ||
          n.role === "exit" ||
          n.type === "account",
      ).toBe(true);
    // An account of the context is there because a reason names it or it is a victim or an exit.
    for (const n of context.filter((x) => x.type === "account"))
      expect(
        n.role === "victim" ||
          n.role === "exit" ||
          [...top.cluster.reasons, ...top.subgraph.nodes.flatMap((m) => m.reasons ?? [])].some((r) =>
            r.includes(n.id.slice("account:".length)),
          ),
      ).toBe(true);
    // Accounts of one role share one colour, and two roles never do.
    const byRole = new Map<string, Set<string>>();
    for (const n of state.nodes.filter((x) => x.type === "account")) {
      const role = n.role && n.role !== "ordinary" ? n.role : "ordinary";
      byRole.set(role, (byRole.get(role) ?? new Set()).add(n.color));
    }
    expect(byRole.size).toBeGreaterThan(1);
    const colours = [...byRole.values()];
    for (const c of colours) expect(c.size).toBe(1);
    expect(new Set(colours.map((c) => [...c][0])).size).toBe(colours.length);

    const legend = (await page.locator('[data-testid="legend"]').boundingBox())!;
    const graph = (await page.locator('[data-testid="graph"]').boundingBox())!;
    const overlaps =
      legend.x < graph.x + graph.width &&
      graph.x < legend.x + legend.width &&
      legend.y < graph.y + graph.height &&
      graph.y < legend.y + legend.height;
    expect(overlaps).toBe(false);
    const widthOpen = graph.width;
    await page.click('[data-testid="legend-toggle"]');
    await page.waitForFunction(
      `document.querySelector('[data-testid="graph"]').getBoundingClientRect().width > ${widthOpen + 50}`,
    );
    await page.click('[data-testid="legend-toggle"]');
    // The graph is drawn again at its new width (a resize alone leaves the canvas blank).
    await page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
    const shot = PNG.sync.read(await page.locator('[data-testid="graph"]').screenshot());
    let inked = 0;
    for (let i = 0; i < shot.data.length; i += 4)
      if (shot.data[i]! < 200 || shot.data[i + 1]! < 200 || shot.data[i + 2]! < 200) inked++;
    expect(inked).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(ARTIFACTS, "cluster.png") });
  });

  it("draws parallel transfers between two accounts as one edge with their count and sum", async () => {
    const expected = new Map<string, { count: number; sum: number }>();
    for (const e of top.subgraph.edges) {
      if (e.type !== "TRANSFER") continue;
      const k = `${e.source}>${e.target}`;
      const x = expected.get(k) ?? { count: 0, sum: 0 };
      x.count++;
      x.sum += e.props.amountKzt ?? 0;
      expected.set(k, x);
    }
    expect(expected.size).toBeGreaterThan(0);
    const edges = new Map(
      (await canvasState(page)).edges
        .filter((e) => e.relType === "TRANSFER")
        .map((e) => [`${e.source}>${e.target}`, e]),
    );
    for (const [k, x] of expected) {
      const e = edges.get(k);
      expect(e, k).toBeDefined();
      // The context around the members may add transfers to the same pair; never fewer than the cluster's own.
      expect(e!.count).toBeGreaterThanOrEqual(x.count);
      if (e!.count === x.count) expect(e!.amountKzt).toBeCloseTo(x.sum, 2);
    }
    const pairs = (await canvasState(page)).edges.map((e) => `${e.source}>${e.target}>${e.relType}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("shows a transfer's amount and date on hover, and on every edge with the toggle", async () => {
    // A thick transfer edge (the largest sum) whose middle lies clear of every node: hovering there touches the
    // edge alone.
    const spot = await page.evaluate(() => {
      const c = (
        globalThis as unknown as {
          __mulegraph: {
            canvas: {
              graph: {
                nodes: () => string[];
                filterEdges: (fn: (e: string, a: { members: unknown[] }) => boolean) => string[];
                getEdgeAttribute: (e: string, k: string) => unknown;
                extremities: (e: string) => [string, string];
                getNodeAttributes: (n: string) => { x: number; y: number };
              };
              sigma: { graphToViewport: (p: { x: number; y: number }) => { x: number; y: number } };
            };
          };
        }
      ).__mulegraph.canvas;
      const at = (n: string) => c.sigma.graphToViewport(c.graph.getNodeAttributes(n));
      const points = c.graph.nodes().map(at);
      let best = { x: 0, y: 0, clear: -1, amount: -1 };
      for (const e of c.graph.filterEdges((_e, a) => a.members.length > 0)) {
        const [s, t] = c.graph.extremities(e).map(at) as [{ x: number; y: number }, { x: number; y: number }];
        const mid = { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
        const clear = Math.min(...points.map((p) => Math.hypot(p.x - mid.x, p.y - mid.y)));
        const amount = Number(c.graph.getEdgeAttribute(e, "amountKzt") ?? 0);
        const better = clear > 20 ? amount > best.amount || best.clear <= 20 : clear > best.clear;
        if (better) best = { ...mid, clear, amount };
      }
      return best;
    });
    expect(spot.clear).toBeGreaterThan(12);
    const box = (await page.locator('[data-testid="graph"]').boundingBox())!;
    await page.mouse.move(box.x + spot.x - 3, box.y + spot.y - 3);
    await page.mouse.move(box.x + spot.x, box.y + spot.y, { steps: 3 });
    const tip = page.locator('[data-testid="graph-tip"]');
    await tip.waitFor({ state: "visible" });
    const said = (await tip.textContent()) ?? "";
    expect(said).toContain("→");
    expect(said).toMatch(/₸/);
    expect(said).toMatch(/\d{2}[./]\d{2}/);
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.check('[data-testid="edge-labels"]');
    const labels = await page.evaluate(() => {
      const c = (
        globalThis as unknown as {
          __mulegraph: {
            canvas: {
              graph: { edges: () => string[] };
              sigma: {
                getSetting: (k: string) => unknown;
                getEdgeDisplayData: (e: string) => { label?: string } | undefined;
              };
            };
          };
        }
      ).__mulegraph.canvas;
      return {
        on: c.sigma.getSetting("renderEdgeLabels"),
        labels: c.graph.edges().map((e) => c.sigma.getEdgeDisplayData(e)?.label ?? ""),
      };
    });
    expect(labels.on).toBe(true);
    const withMoney = labels.labels.filter((l) => /₸/.test(l) && /\d{2}[./]\d{2}/.test(l));
    expect(withMoney.length).toBeGreaterThan(0);
    await page.uncheck('[data-testid="edge-labels"]');
  });

  it("hides the transfers outside a window brushed on the time histogram, and undo and redo take it back and again", async () => {
    const before = await canvasState(page);
    const shown = (s: CanvasState) => s.edges.filter((e) => e.count > 0 && !e.hidden).length;
    expect(shown(before)).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="time-bin"]').count()).toBeGreaterThan(1);
    const chart = (await page.locator('[data-testid="time-histogram"] svg').boundingBox())!;
    await page.mouse.move(chart.x + chart.width * 0.02, chart.y + chart.height / 2);
    await page.mouse.down();
    await page.mouse.move(chart.x + chart.width * 0.3, chart.y + chart.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction("new URL(location.href).searchParams.has('to')");
    expect(await page.getAttribute('[data-testid="time-histogram"]', "data-brushed")).toBe("true");
    const brushed = await canvasState(page);
    expect(shown(brushed)).toBeLessThan(shown(before));

    await page.click('[data-testid="undo"]');
    expect(shown(await canvasState(page))).toBe(shown(before));
    expect(await page.getAttribute('[data-testid="time-histogram"]', "data-brushed")).toBe("false");
    await page.click('[data-testid="redo"]');
    expect(shown(await canvasState(page))).toBe(shown(brushed));
    await page.click('[data-testid="time-clear"]');
    expect(shown(await canvasState(page))).toBe(shown(before));
  });

  it("removes the selected node with Delete, brings it back with Ctrl+Z, and lists the shortcuts on ?", async () => {
    const victim = (await canvasState(page)).nodes[0]!.id;
    await page.evaluate(
      (id) =>
        (
          globalThis as unknown as { __mulegraph: { canvas: { select: (id: string) => void } } }
        ).__mulegraph.canvas.select(id),
      victim,
    );
    await page.locator("body").press("Delete");
    expect((await canvasState(page)).nodes.some((n) => n.id === victim)).toBe(false);
    await page.locator("body").press("Control+z");
    expect((await canvasState(page)).nodes.some((n) => n.id === victim)).toBe(true);
    await page.locator("body").press("Shift+?");
    const help = page.locator('[data-testid="shortcut-help"]');
    await help.waitFor({ state: "visible" });
    expect(await help.locator("kbd").count()).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: path.join(ARTIFACTS, "shortcuts.png") });
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "detached" });
  });

  it("saves a named view and opens it again with the same nodes in the same places", async () => {
    await openCluster();
    const first = (await canvasState(page)).nodes;
    const gone = first[first.length - 1]!.id;
    await page.evaluate(
      (id) =>
        (
          globalThis as unknown as { __mulegraph: { canvas: { select: (id: string) => void } } }
        ).__mulegraph.canvas.select(id),
      gone,
    );
    await page.locator("body").press("x");
    const saved = (await canvasState(page)).nodes;
    promptAnswer = "Кластер 1 — без одного";
    await page.click('[data-testid="save-view"]');
    expect(prompts.length).toBeGreaterThan(0);

    await page.goto(`${base}/explorer`);
    await ready("/explorer");
    await page.evaluate("delete document.body.dataset.savedView");
    await page.selectOption('[data-testid="saved-views"]', promptAnswer);
    await page.waitForSelector(`body[data-saved-view="${promptAnswer}"]`, { timeout: 60_000 });
    const again = (await canvasState(page)).nodes;
    expect(again.map((n) => n.id).sort()).toEqual(saved.map((n) => n.id).sort());
    expect(again.some((n) => n.id === gone)).toBe(false);
    const where = new Map(saved.map((n) => [n.id, n]));
    for (const n of again) {
      expect(n.x).toBeCloseTo(where.get(n.id)!.x, 6);
      expect(n.y).toBeCloseTo(where.get(n.id)!.y, 6);
    }
  });

  it("names an account's sources by file name and line, and draws every kind's glyph from a font that has it", async () => {
    const account = top.subgraph.nodes[0]!.id;
    await page.evaluate(
      (id) =>
        (
          globalThis as unknown as { __mulegraph: { canvas: { select: (id: string) => void } } }
        ).__mulegraph.canvas.select(id),
      account,
    );
    await page.waitForSelector(`[data-testid="detail"][data-entity="${account}"]`);
    const sources = await page.locator(".sources li").allTextContents();
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).toMatch(/\.(csv|xlsx|xml|txt|sta|940)[^:]*:\d+$/i);
    const glyphs = await page.evaluate(`(async () => {
      await document.fonts.load('12px "Mulegraph Glyphs"', "☺⌂▭☎⌨⊕₮⚖₸❄");
      return document.fonts.check('12px "Mulegraph Glyphs"', "☺⌂▭☎⌨⊕₮⚖₸❄");
    })()`);
    expect(glyphs).toBe(true);
  });
});
