/**
 * Typologies in headless Chromium against the real server on the embedded store: a small second-world case
 * (`generate --world aml`) ingested with its mapping.json and analysed, then the cluster list, the opened cluster and
 * an account's detail panel show the stored typologies by their labels. Screenshots go to test-artifacts/typologies/.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AML_REGISTER_FILE } from "../../generator/index.js";
import { ingestFiles, readMappingFile } from "../../ingest/index.js";
import { runCaveats, type AnalysisResult } from "../../model/analysis.js";
import { typologyText } from "../../model/typologies.js";
import { runAnalysis } from "../../server/analytics/detect/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/typologies");
const PASSWORD = "typologies-Secret-passw0rd";

describe.skipIf(!haveChromium)("typologies in a real browser", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let analysis: AnalysisResult;

  const ready = (route: string) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-typologies-"));
    const caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--world", "aml", "--out", caseDir, "--seed", "11", "--accounts", "400"]);
    const store = await openEmbeddedStore({ dataDir });
    try {
      await ingestFiles([path.join(caseDir, "exports", AML_REGISTER_FILE)], {
        mapping: await readMappingFile(path.join(caseDir, "mapping.json")),
        onBatch: (records) => store.writeBatch(records),
      });
      // thinHistoryShare 0: any account without a repeat counterparty calls for the caveat, so the page must show
      // it; the setting changes no flag.
      analysis = await runAnalysis(store, { seed: 1, thinHistoryShare: 0 });
    } finally {
      await store.close();
    }
    cli(["user", "add", "admin", "--role", "admin", "--data-dir", dataDir], { MULEGRAPH_PASSWORD: PASSWORD });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await useLanguage(page, "en"); // the assertions below read English words
    await page.goto(base);
    await ready("login");
    await page.fill('[data-testid="username"]', "admin");
    await page.fill('[data-testid="password"]', PASSWORD);
    await page.click('[data-testid="login"]');
    await ready("/");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the run's thin-history caveat above the clusters, with the run's numbers", async () => {
    const [caveat] = runCaveats(analysis.run);
    expect(caveat?.kind).toBe("thin-history");
    await page.goto(`${base}/clusters`);
    await ready("/clusters");
    const shown = page.locator('[data-testid="run-caveat"]');
    expect(await shown.count()).toBe(1);
    expect(await shown.textContent()).toBe(
      `Caveat: ${Math.round(caveat.share * 100)}% of the accounts (${caveat.withoutRepeat} of ${caveat.accounts}) ` +
        `dealt with no counterparty twice in the data's ${caveat.spanDays} days. The rules that compare a sum with ` +
        `an account's usual ones and its pace have little history to go on here, so flags resting on transfers ` +
        `alone are weak (on registers like this, between one flag in ten and one in four was right when measured). Longer data helps.`,
    );
  });

  it("lists each cluster's typologies by their labels", async () => {
    const labelled = analysis.clusters.filter((c) => c.typologies?.length);
    expect(labelled.length).toBeGreaterThan(0);
    await page.goto(`${base}/clusters`);
    await ready("/clusters");
    for (const c of analysis.clusters) {
      const shown = page.locator(`[data-cluster="${c.id}"] [data-testid="typologies"]`);
      if (c.typologies?.length)
        expect(await shown.textContent()).toBe(`Typologies: ${typologyText(c.typologies)}`);
      else expect(await shown.count()).toBe(0);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, "clusters.png") });
  });

  it("shows the opened cluster's typologies and an account's typologies in its detail panel", async () => {
    const cluster = analysis.clusters.find((c) => c.typologies?.length)!;
    const members = new Set(cluster.members);
    const account = analysis.accounts.find((a) => members.has(a.id) && a.typologies?.length)!;
    await page.goto(
      `${base}/explorer?cluster=${encodeURIComponent(cluster.id)}&sel=${encodeURIComponent(`account:${account.id}`)}`,
    );
    await ready("/explorer");
    await page.waitForSelector('[data-testid="detail"] [data-testid="typologies"]');
    expect(await page.textContent("main")).toContain(`typologies: ${typologyText(cluster.typologies!)}`);
    expect(await page.textContent('[data-testid="detail"] [data-testid="typologies"]')).toBe(
      `Typologies: ${typologyText(account.typologies!)}`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "explorer-detail.png") });
  });
});
