/**
 * The explorer's detail panel in headless Chromium against the real server: an entity's relationships arrive a page
 * at a time (GET /api/entities/:id pages them), the panel says how many of how many it shows and "more" appends the
 * next page until all are there. Pages are made small (limit=3) by rewriting the page's own requests, so a small
 * generated case has accounts with several pages.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { analysedCase, haveChromium, logIn, serve, useLanguage } from "./harness.js";

const PASSWORD = "paging-Secret-passw0rd";
const PAGE = 3;

describe.skipIf(!haveChromium)("an entity's relationships in the explorer, page by page", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;

  const api = <T>(url: string) =>
    page.evaluate(async (u) => (await fetch(u, { credentials: "same-origin" })).json(), url) as Promise<T>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-paging-"));
    const dataDir = analysedCase(dir, {
      seed: 7,
      accounts: 300,
      user: "admin",
      role: "admin",
      password: PASSWORD,
    });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await useLanguage(page, "en");
    await logIn(page, base, "admin", PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows how many relationships of how many, and 'more' appends pages until every one is listed", async () => {
    // The busiest account of the top cluster (members are account numbers): a drop or hub has several pages of three.
    const { clusters } = await api<{ clusters: { id: string }[] }>("/api/clusters");
    const top = await api<{ cluster: { members: string[] } }>(
      `/api/clusters/${encodeURIComponent(clusters[0]!.id)}`,
    );
    let busiest = { id: "", total: 0 };
    for (const id of top.cluster.members.map((m) => `account:${m}`)) {
      const d = await api<{ edgesTotal: number }>(`/api/entities/${encodeURIComponent(id)}?limit=1`);
      if (d.edgesTotal > busiest.total) busiest = { id, total: d.edgesTotal };
    }
    expect(busiest.total).toBeGreaterThan(2 * PAGE);
    const full = await api<{ edges: { id: string; type: string }[] }>(
      `/api/entities/${encodeURIComponent(busiest.id)}?limit=5000`,
    );

    await page.route("**/api/entities/**", (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("limit", String(PAGE));
      return route.continue({ url: url.toString() });
    });
    await page.goto(
      `${base}/explorer?ids=${encodeURIComponent(busiest.id)}&sel=${encodeURIComponent(busiest.id)}`,
    );
    await page.waitForSelector(`[data-testid="detail"][data-entity="${busiest.id}"]`, { timeout: 60_000 });

    const rows = async () => {
      const transfers = await page.locator('[data-testid="transfers"] tbody tr').count();
      const links = await page.locator('[data-testid="links"] li').count();
      return transfers + links;
    };
    expect(await page.textContent('[data-testid="relations-paging"]')).toContain(
      `${PAGE} of ${busiest.total}`,
    );
    expect(await rows()).toBe(PAGE);

    let shown = PAGE;
    while (shown < busiest.total) {
      await page.click('[data-testid="relations-more"]');
      shown = Math.min(shown + PAGE, busiest.total);
      if (shown < busiest.total)
        await page
          .locator('[data-testid="relations-paging"]', { hasText: `${shown} of ${busiest.total}` })
          .waitFor({ timeout: 30_000 });
      else await page.waitForSelector('[data-testid="relations-paging"]', { state: "detached" });
    }
    const transfers = full.edges.filter((e) => e.type === "TRANSFER" || e.type === "WITHDREW").length;
    expect(await page.locator('[data-testid="transfers"] tbody tr').count()).toBe(transfers);
    expect(await rows()).toBe(full.edges.length);
  });
});
