/**
 * End to end in headless Chromium against the real server on the embedded store:
 * log in → upload a generated case → ranked clusters → open the top cluster → a note on its top account → trace a
 * complaint → the freeze list shows the accounts the case's truth says hold money → export. Screenshots of each step
 * go to test-artifacts/e2e/. A name or a note containing HTML shows as text.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKzIban } from "../../model/identifiers.js";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/e2e");
const PASSWORD = "e2e-Secret-passw0rd";
const XSS_NAME = "<img src=x onerror=alert(1)>";

interface Truth {
  complaints: Record<
    string,
    { victimAccount: string; stolenKzt: number; holdingKzt: Record<string, number> }
  >;
}

describe.skipIf(!haveChromium)("investigator journey in a real browser", () => {
  let dir: string;
  let caseDir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let truth: Truth;
  const dialogs: string[] = [];

  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
  };
  const ready = (route: string) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-e2e-"));
    caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--out", caseDir, "--seed", "11", "--accounts", "400"]);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
    // A file whose holder name is HTML: it must show as text.
    writeFileSync(
      path.join(caseDir, "zz-xss-register.csv"),
      "Reference;Date;Sender account;Sender name;Beneficiary account;Beneficiary name;Amount;Currency\n" +
        `XSS-1;01.02.2024 10:00:00;${makeKzIban("722", "KZT9000000001")};${XSS_NAME};${makeKzIban("722", "KZT9000000002")};Plain Name;1000,00;KZT\n`,
    );
    cli(["user", "add", "admin", "--role", "admin", "--data-dir", dataDir], { MULEGRAPH_PASSWORD: PASSWORD });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await useLanguage(page, "en"); // the assertions below read English words
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("logs in", async () => {
    await page.goto(base);
    await ready("login");
    await page.fill('[data-testid="username"]', "admin");
    await page.fill('[data-testid="password"]', PASSWORD);
    await shot("01-login");
    await page.click('[data-testid="login"]');
    await ready("/");
    await shot("02-overview");
  });

  it("uploads a generated case and reports its rows", async () => {
    await page.goto(`${base}/upload`);
    await ready("/upload");
    const files = (readdirSync(caseDir, { recursive: true }) as string[])
      .filter((f) => f.endsWith(".csv"))
      .map((f) => path.join(caseDir, f));
    expect(files.length).toBeGreaterThan(10);
    await page.setInputFiles('[data-testid="file-input"]', files);
    await page.waitForSelector(".picked .file", { timeout: 60_000 });
    await shot("03-upload-preview");
    await page.click('[data-testid="start-upload"]');
    await page.waitForSelector('[data-testid="upload-done"]', { timeout: 300_000 });
    await shot("04-upload-report");
    const text = await page.textContent('[data-testid="upload-files"]');
    expect(text).toContain("register");
  });

  it("runs the analysis and shows ranked clusters", async () => {
    await page.goto(`${base}/clusters`);
    await ready("/clusters");
    await page.click('[data-testid="run-analysis"]');
    await page.waitForSelector('[data-testid="clusters"] li', { timeout: 300_000 });
    const count = await page.locator('[data-testid="clusters"] > li').count();
    expect(count).toBeGreaterThan(0);
    await shot("05-clusters");
  });

  it("opens the top cluster in the explorer", async () => {
    await page.locator('[data-testid="open-cluster"]').first().click();
    await ready("/explorer");
    await page.waitForFunction(() => {
      const w = globalThis as unknown as { __mulegraph?: { canvas: { graph: { order: number } } } };
      return (w.__mulegraph?.canvas.graph.order ?? 0) > 1;
    });
    expect(page.url()).toContain("cluster=");
    await shot("06-explorer-cluster");
    // Select the cluster's most suspicious account through the URL: the link opens the same view with its details.
    const top = await page.evaluate(() => {
      const w = globalThis as unknown as {
        __mulegraph: {
          canvas: { graph: { nodes(): string[]; getNodeAttribute(n: string, a: string): unknown } };
        };
      };
      const g = w.__mulegraph.canvas.graph;
      return g
        .nodes()
        .sort(
          (a, b) => Number(g.getNodeAttribute(b, "score") ?? 0) - Number(g.getNodeAttribute(a, "score") ?? 0),
        )[0]!;
    });
    await page.goto(`${page.url()}&sel=${encodeURIComponent(top)}&color=role`);
    await ready("/explorer");
    await page.waitForSelector('[data-testid="detail"] [data-testid="transfers"]');
    expect(await page.textContent('[data-testid="detail"]')).toContain(top.slice("account:".length));
    await shot("06b-explorer-detail");
  });

  it("adds a note on the selected account and lists it with its author, as text", async () => {
    const notes = page.locator('[data-testid="detail"] [data-testid="notes"]');
    await page.waitForSelector('[data-testid="detail"] [data-testid="notes"][data-ready="true"]');
    const before = await notes.locator('[data-testid="note"]').count();
    const text = "Holder called the branch <b>twice</b>; ask for the app-session log";
    await page.fill('[data-testid="note-text"]', text);
    await page.click('[data-testid="add-note"]');
    await notes.locator('[data-testid="note"]').nth(before).waitFor({ timeout: 30_000 });
    const added = notes.locator('[data-testid="note"]').last();
    expect(await added.textContent()).toContain(text);
    expect(await added.textContent()).toContain("admin");
    expect(await notes.locator("b").count()).toBe(0);
    expect(await page.inputValue('[data-testid="note-text"]')).toBe("");
    await shot("06c-explorer-note");
  });

  it("traces a complaint and lists the accounts that still hold its money", async () => {
    const [caseNo, complaint] = Object.entries(truth.complaints)
      .filter(([, c]) => Object.values(c.holdingKzt).some((v) => v >= 1))
      .sort((a, b) => b[1].stolenKzt - a[1].stolenKzt)[0]!;
    await page.goto(`${base}/trace?complaint=${encodeURIComponent(caseNo)}&method=fifo`);
    await page.waitForSelector(`body[data-traced="${caseNo}"]`, { timeout: 120_000 });
    await shot("07-trace");
    const shown = await page.$$eval('[data-testid="freeze-list"] tbody tr td:first-child', (tds) =>
      tds.map((td) => td.textContent ?? ""),
    );
    const expected = Object.entries(complaint.holdingKzt)
      .filter(([, v]) => v >= 1)
      .map(([k]) => k);
    expect(new Set(shown)).toEqual(new Set(expected));
  });

  it("exports the trace as an evidence package", async () => {
    await page.click('[data-testid="open-export"]');
    await page.selectOption('[data-testid="export-format"]', "package");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('[data-testid="export-go"]'),
    ]);
    const saved = path.join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 2).toString("latin1")).toBe("PK");
    await shot("08-export");
  });

  it("shows a name containing HTML as text and never runs it", async () => {
    await page.goto(`${base}/explorer`);
    await ready("/explorer");
    await page.fill('[data-testid="search"]', "<img");
    const hit = page.locator('[data-testid="search-results"] li').first();
    await hit.waitFor({ timeout: 30_000 });
    expect(await hit.textContent()).toContain(XSS_NAME);
    expect(await page.locator('[data-testid="search-results"] img').count()).toBe(0);
    await hit.dispatchEvent("mousedown");
    await ready("/explorer");
    await page.waitForSelector('[data-testid="detail"] h2');
    expect(await page.textContent('[data-testid="detail"] h2')).toContain(XSS_NAME);
    expect(await page.locator('[data-testid="detail"] img').count()).toBe(0);
    await shot("09-xss-as-text");
    expect(dialogs).toEqual([]);
  });
});
