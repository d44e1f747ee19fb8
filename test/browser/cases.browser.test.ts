/**
 * The casework journey in headless Chromium against the real server on the embedded store: a generated case ingested
 * and analysed by the CLI → its alerts in the queue → one assigned and escalated to a case → the complaint's trace
 * linked from the trace view and a freeze request linked on the case page → referred to a prosecutor → the prosecutor
 * opens the case and downloads its package → `mulegraph verify` passes on it. Screenshots go to
 * test-artifacts/e2e/cases-*.png.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/e2e");
const PASSWORD = "cases-Secret-passw0rd";

interface Truth {
  complaints: Record<string, { stolenKzt: number; holdingKzt: Record<string, number> }>;
}

describe.skipIf(!haveChromium)("casework journey in a real browser", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let truth: Truth;
  let caseId: string;
  let alertId: string;
  let complaint: string;

  const ready = (p: Page, route: string) =>
    p.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });
  /** Wait until the page's `data-<name>` render counter passes its value before `action`. */
  async function rerender(p: Page, name: "queue" | "case", action: () => Promise<unknown>): Promise<void> {
    const before = Number((await p.getAttribute("body", `data-${name}`)) ?? 0);
    await action();
    await p.waitForFunction(
      ([n, key]) => {
        const doc = (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } })
          .document;
        return Number(doc.body.dataset[key as string] ?? 0) > (n as number);
      },
      [before, name],
      { timeout: 120_000 },
    );
  }
  async function login(p: Page, user: string): Promise<void> {
    await useLanguage(p, "en");
    await p.goto(base);
    await ready(p, "login");
    await p.fill('[data-testid="username"]', user);
    await p.fill('[data-testid="password"]', PASSWORD);
    await p.click('[data-testid="login"]');
    await ready(p, "/");
  }
  const shot = (p: Page, name: string) =>
    p.screenshot({ path: path.join(ARTIFACTS, `cases-${name}.png`), fullPage: true });
  const links = (p: Page) =>
    p.$$eval('[data-testid="case-links"] li', (lis) =>
      lis.map((li) => `${li.getAttribute("data-kind")}:${li.getAttribute("data-ref")}`),
    );

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-cases-e2e-"));
    const caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--out", caseDir, "--seed", "5", "--accounts", "800"]);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
    cli(["ingest", path.join(caseDir, "exports"), "--data-dir", dataDir]);
    for (const [user, role] of [
      ["ivan", "investigator"],
      ["pavel", "prosecutor"],
    ]) {
      cli(["user", "add", user!, "--role", role!, "--data-dir", dataDir], { MULEGRAPH_PASSWORD: PASSWORD });
    }
    cli(["analyze", "--data-dir", dataDir]);
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await login(page, "ivan");
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the analysis's alerts in the queue and assigns a cluster's", async () => {
    await page.click('nav a[data-nav="/queue"]');
    await ready(page, "/queue");
    const rows = page.locator('[data-testid="alert-row"][data-kind="cluster"]');
    expect(await rows.count()).toBeGreaterThan(0);
    alertId = (await rows.first().getAttribute("data-alert"))!;
    const row = `[data-testid="alert-row"][data-alert="${alertId}"]`;
    expect(await page.textContent(`${row} [data-testid="alert-change"]`)).toBe("new");
    await rerender(page, "queue", () => page.click(`${row} [data-testid="assign-me"]`));
    expect(await page.textContent(`${row} [data-testid="alert-assignee"]`)).toBe("ivan");
    await shot(page, "01-queue");
  });

  it("escalates the alert to a case that links it and its cluster", async () => {
    await page.click(`[data-alert="${alertId}"] [data-testid="escalate"]`);
    await ready(page, "/case");
    await page.waitForSelector('[data-testid="case-links"]');
    caseId = new URL(page.url()).searchParams.get("id")!;
    expect(caseId).toMatch(/^CASE-/);
    const linked = await links(page);
    expect(linked).toContain(`alert:${alertId}`);
    expect(linked.some((l) => l.startsWith("cluster:"))).toBe(true);
    expect(await page.textContent('[data-testid="case-assignee"]')).toBe("ivan");
  });

  it("links another cluster from the explorer's cluster panel", async () => {
    const linked = await links(page);
    const { clusters } = await page.evaluate(
      async () => (await (await fetch("/api/clusters")).json()) as { clusters: { id: string }[] },
    );
    const other = clusters.find((c) => !linked.includes(`cluster:${c.id}`));
    expect(other, "the analysis found a second cluster").toBeDefined();
    await page.goto(`${base}/explorer?cluster=${encodeURIComponent(other!.id)}`);
    await ready(page, "/explorer");
    await page.click('[data-testid="cluster-to-case"]');
    await ready(page, "/case");
    await page.click(`[data-testid="pick-case"] li[data-case="${caseId}"] [data-testid="pick"]`);
    await page.waitForSelector(`[data-testid="case-links"] li[data-kind="cluster"][data-ref="${other!.id}"]`);
  });

  it("links the complaint's trace from the trace view", async () => {
    // The complaint whose money is most still held: its trace leaves something to freeze.
    const held = (c: Truth["complaints"][string]) => Object.values(c.holdingKzt).reduce((x, y) => x + y, 0);
    complaint = Object.entries(truth.complaints).sort((a, b) => held(b[1]) - held(a[1]))[0]![0];
    await page.goto(`${base}/trace?complaint=${encodeURIComponent(complaint)}&method=fifo`);
    await page.waitForSelector(`body[data-traced="${complaint}"]`, { timeout: 120_000 });
    await page.click('[data-testid="trace-to-case"]');
    await ready(page, "/case");
    await page.click(`[data-testid="pick-case"] li[data-case="${caseId}"] [data-testid="pick"]`);
    await page.waitForSelector(`[data-testid="case-links"] li[data-kind="trace"][data-ref="${complaint}"]`);
  });

  it("links a freeze request for the money the trace found", async () => {
    const requestId = await page.evaluate(async (caseNo) => {
      const me = (await (await fetch("/api/auth/me")).json()) as { csrfToken: string };
      const triage = (await (await fetch(`/api/recovery/triage?complaints=${caseNo}`)).json()) as {
        holdings: { account: string }[];
      };
      const r = await fetch("/api/recovery/requests", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({ accounts: [triage.holdings[0]!.account], complaints: [caseNo] }),
      });
      return ((await r.json()) as { requests: { id: string }[] }).requests[0]!.id;
    }, complaint);
    await page.selectOption('[data-testid="link-kind"]', "freeze_request");
    await page.fill('[data-testid="link-ref"]', requestId);
    await rerender(page, "case", () => page.click('[data-testid="link-add"]'));
    expect(await links(page)).toContain(`freeze_request:${requestId}`);
  });

  it("refers the case to the prosecutor, and the timeline records every step", async () => {
    await page.fill('[data-testid="refer-to"]', "pavel");
    await rerender(page, "case", () => page.click('[data-testid="case-refer"]'));
    expect(await page.textContent('[data-testid="case-status"]')).toBe("referred to the prosecutor");
    expect(await page.textContent('[data-testid="case-referred-to"]')).toBe("pavel");
    const actions = await page.$$eval('[data-testid="case-timeline"] li', (lis) =>
      lis.map((li) => li.getAttribute("data-action")),
    );
    expect(actions).toEqual(expect.arrayContaining(["case.create", "case.link", "case.refer"]));
    await shot(page, "02-case");
  });

  it("lets the prosecutor open the case and download a package that `mulegraph verify` passes", async () => {
    const prosecutor = await browser.newPage({
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    await login(prosecutor, "pavel");
    await prosecutor.click('nav a[data-nav="/queue"]');
    await ready(prosecutor, "/queue");
    expect(await prosecutor.locator('[data-testid="alert-row"]').count()).toBe(0);
    await prosecutor.click(`[data-testid="cases"] li[data-case="${caseId}"] [data-testid="open-case"]`);
    await ready(prosecutor, "/case");
    await prosecutor.waitForSelector('[data-testid="case-links"]');
    expect(await prosecutor.locator('[data-testid="case-refer"]').count()).toBe(0);
    const [download] = await Promise.all([
      prosecutor.waitForEvent("download"),
      prosecutor.click('[data-testid="case-package"]'),
    ]);
    const saved = path.join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    expect(path.basename(saved)).toBe(`case-${caseId}.zip`);
    const report = JSON.parse(cli(["verify", saved, "--json"])) as {
      ok: boolean;
      manifest: { caseNo: string; files: { path: string }[] };
    };
    expect(report.ok).toBe(true);
    expect(report.manifest.caseNo).toBe(caseId);
    const paths = report.manifest.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["case/case.json", `case/traces/${complaint}.json`]));
    expect(paths.some((p) => p.startsWith("case/freeze-requests/"))).toBe(true);
    await shot(prosecutor, "03-prosecutor");
  });
});
