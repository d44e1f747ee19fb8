/**
 * The trace page in headless Chromium against the real server on the embedded store, on a generated case ingested
 * by the CLI: accounts coloured by role and named, the accounts to freeze marked in the graph and the money flow,
 * the same layout on every run, the money flow with its time axis, a timeline with axes and the end-of-data line,
 * "as of" shown, and the freeze list with bank name, holder and a minimum-amount cut-off. Screenshots go to
 * test-artifacts/trace-flow/.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/trace-flow");
const PASSWORD = "trace-flow-Secret-passw0rd";

interface Truth {
  complaints: Record<string, { holdingKzt: Record<string, number> }>;
}

interface NodeView {
  id: string;
  type: string;
  role?: string;
  x: number;
  y: number;
  label: string;
  color: string;
}

function nodes(page: Page): Promise<NodeView[]> {
  return page.evaluate(() => {
    const c = (
      globalThis as unknown as {
        __mulegraph: {
          canvas: {
            graph: { mapNodes: <T>(fn: (n: string, a: Record<string, unknown>) => T) => T[] };
            sigma: { getNodeDisplayData: (n: string) => { label?: string; color: string } | undefined };
          };
        };
      }
    ).__mulegraph.canvas;
    return c.graph.mapNodes((n, a) => ({
      id: n,
      type: a.entityType as string,
      role: a.role as string | undefined,
      x: a.x as number,
      y: a.y as number,
      label: c.sigma.getNodeDisplayData(n)?.label ?? "",
      color: c.sigma.getNodeDisplayData(n)?.color ?? "",
    }));
  });
}

/** "1 234 567,89 ₸" (any language's grouping) → 1234567.89 */
function amountOf(text: string): number {
  const digits = text.replace(/[^\d,.-]/g, "");
  const decimal = /[.,]\d{2}$/.test(digits) ? digits.slice(-3, -2) : "";
  const whole = decimal ? digits.slice(0, -3) : digits;
  return Number(`${whole.replace(/[.,]/g, "")}${decimal ? `.${digits.slice(-2)}` : ""}`);
}

describe.skipIf(!haveChromium)("the trace page in a real browser", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let truth: Truth;
  let caseNo: string;

  const ready = (route: string) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });
  const trace = async (method: "fifo" | "proportional") => {
    await page.goto(`${base}/trace?complaint=${encodeURIComponent(caseNo)}&method=${method}`);
    await ready("/trace");
    await page.waitForSelector(`body[data-traced="${caseNo}"]`, { timeout: 120_000 });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-trace-flow-"));
    const caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--out", caseDir, "--seed", "7", "--accounts", "800"]);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
    // The complaint whose money is held in the most places: the freeze list has something to cut.
    caseNo = Object.entries(truth.complaints).sort(
      ([, a], [, b]) => Object.keys(b.holdingKzt).length - Object.keys(a.holdingKzt).length,
    )[0]![0];
    cli(["ingest", path.join(caseDir, "exports"), "--data-dir", dataDir]);
    cli(["analyze", "--data-dir", dataDir]);
    cli(["user", "add", "ivan", "--role", "investigator", "--data-dir", dataDir], {
      MULEGRAPH_PASSWORD: PASSWORD,
    });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await useLanguage(page, "en");
    await page.goto(base);
    await ready("login");
    await page.fill('[data-testid="username"]', "ivan");
    await page.fill('[data-testid="password"]', PASSWORD);
    await page.click('[data-testid="login"]');
    await ready("/");
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("names and colours the accounts by role, marks the accounts to freeze, and lays them out the same on every run", async () => {
    await trace("fifo");
    const first = await nodes(page);
    const accounts = first.filter((n) => n.type === "account");
    expect(accounts.length).toBeGreaterThan(2);
    expect(accounts.some((n) => n.role === "victim")).toBe(true);
    for (const n of accounts) expect(n.label.length).toBeGreaterThan(0);
    const victimColour = accounts.find((n) => n.role === "victim")!.color;
    for (const n of accounts.filter((a) => a.role !== "victim")) expect(n.color).not.toBe(victimColour);
    const freeze = await page.$$eval('[data-testid="freeze-list"] tbody tr td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ""),
    );
    expect(freeze.length).toBeGreaterThan(0);
    for (const account of freeze) {
      const n = first.find((x) => x.id === `account:${account}`);
      expect(n?.label.startsWith("\u2744"), account).toBe(true);
    }
    for (const n of accounts.filter((a) => !freeze.includes(a.id.slice("account:".length))))
      expect(n.label.startsWith("\u2744")).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, "trace-graph.png") });

    await page.click('[data-testid="run-trace"]');
    await page.waitForSelector(`body[data-traced="${caseNo}"]`);
    const again = await nodes(page);
    const where = new Map(first.map((n) => [n.id, n]));
    expect(again.map((n) => n.id).sort()).toEqual(first.map((n) => n.id).sort());
    for (const n of again) {
      expect(n.x).toBeCloseTo(where.get(n.id)!.x, 6);
      expect(n.y).toBeCloseTo(where.get(n.id)!.y, 6);
    }
  });

  it("draws the money flow with a time axis and the accounts to freeze marked, and every glyph from a font that has it", async () => {
    const flow = page.locator('[data-testid="money-flow"]');
    await flow.waitFor();
    expect(await flow.locator('[data-testid="flow-time"]').count()).toBeGreaterThanOrEqual(2);
    const marked = await flow.locator('rect[data-freeze="true"]').count();
    expect(marked).toBeGreaterThan(0);
    const labels = await flow.locator("text.flow-label").allTextContents();
    expect(labels.some((l) => l.startsWith("\u2744"))).toBe(true);
    const glyphs = await page.evaluate(`(async () => {
      await document.fonts.load('12px "Mulegraph Glyphs"', "\u2744\u20B8\u20AE");
      return document.fonts.check('12px "Mulegraph Glyphs"', "\u2744\u20B8\u20AE");
    })()`);
    expect(glyphs).toBe(true);
    await flow.screenshot({ path: path.join(ARTIFACTS, "money-flow.png") });
  });

  it("shows a timeline with a bar per traced movement, dated and amount axes, and the end of the data", async () => {
    const timeline = page.locator('[data-testid="timeline"]');
    const bars = await timeline.locator('[data-testid="timeline-bar"]').count();
    expect(bars).toBeGreaterThan(0);
    expect(await timeline.locator("text.tick").count()).toBeGreaterThanOrEqual(8);
    expect(await timeline.locator('[data-testid="timeline-as-of"]').count()).toBe(1);
    expect(await page.textContent('[data-testid="as-of"]')).toMatch(/\d/);
    await timeline.screenshot({ path: path.join(ARTIFACTS, "timeline.png") });
  });

  it("lists the accounts to freeze with bank name and holder, and leaves out proportional crumbs below the cut-off", async () => {
    const heads = await page.locator('[data-testid="freeze-list"] th').allTextContents();
    expect(heads.some((h) => /Holder/.test(h))).toBe(true);
    const banks = await page.$$eval('[data-testid="freeze-list"] tbody tr td:nth-child(3)', (tds) =>
      tds.map((td) => td.textContent ?? ""),
    );
    expect(banks.some((b) => /Bank|Halyk|Kaspi|Jusan|Freedom/.test(b) && /\([A-Z0-9]{8}\)/.test(b))).toBe(
      true,
    );

    await trace("proportional");
    const cutoff = await page.inputValue('[data-testid="freeze-min"]');
    expect(Number(cutoff)).toBe(1000);
    const rowAmounts = async () =>
      (
        await page.$$eval('[data-testid="freeze-list"] tbody tr td:nth-child(4)', (tds) =>
          tds.map((td) => td.textContent ?? ""),
        )
      ).map(amountOf);
    const above = await rowAmounts();
    for (const a of above) expect(a).toBeGreaterThanOrEqual(1000);
    await page.fill('[data-testid="freeze-min"]', "0");
    const all = await rowAmounts();
    expect(all.length).toBeGreaterThanOrEqual(above.length);
    expect(all.filter((a) => a >= 1000).length).toBe(above.length);
    await page.fill('[data-testid="freeze-min"]', "1000");
    const note = (await page.textContent('[data-testid="freeze-hidden"]')) ?? "";
    if (all.length > above.length) expect(note).toContain(String(all.length - above.length));
    else expect(note).toBe("");
    await page.screenshot({ path: path.join(ARTIFACTS, "freeze-list.png"), fullPage: true });
  });
});
