/**
 * The recovery journey in headless Chromium against the real server on the embedded store: a generated case
 * ingested by the CLI → the Recovery page's triage lists the accounts truth says hold stolen money → requests built
 * for two banks → their files downloaded, each matching the SHA-256 the page shows → a bank's answer imported (frozen),
 * then a second one (returned) → statuses and the frozen and returned amounts shown on the complaint, and the trace's
 * money-flow picture and freeze list. Screenshots go to test-artifacts/e2e/recovery-*.png.
 */
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Triage } from "../../model/recovery.js";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/e2e");
const PASSWORD = "recovery-Secret-passw0rd";

interface Truth {
  complaints: Record<string, { holdingKzt: Record<string, number> }>;
}

describe.skipIf(!haveChromium)("recovery journey in a real browser", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let truth: Truth;
  let loads = 0;
  /** The two holdings asked for, at two banks. */
  let chosen: { account: string; bank: string }[];
  const dialogs: string[] = [];

  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `recovery-${name}.png`), fullPage: true });
  const ready = (route: string) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });
  /** Wait for the Recovery page to finish its next load. */
  const loaded = async () => {
    loads = Number((await page.getAttribute("body", "data-recovery")) ?? 0);
    const after = loads;
    return () =>
      page.waitForFunction(
        (n) => {
          const doc = (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } })
            .document;
          return Number(doc.body.dataset.recovery ?? 0) > n;
        },
        after,
        { timeout: 120_000 },
      );
  };
  const triage = () =>
    page.evaluate(async () => (await (await fetch("/api/recovery/triage")).json()) as Triage);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-recovery-e2e-"));
    const caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--out", caseDir, "--seed", "7", "--accounts", "800"]);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
    cli(["ingest", path.join(caseDir, "exports"), "--data-dir", dataDir]);
    cli(["user", "add", "ivan", "--role", "investigator", "--data-dir", dataDir], {
      MULEGRAPH_PASSWORD: PASSWORD,
    });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await useLanguage(page, "en"); // the assertions below read English words
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
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

  it("lists in the triage exactly the accounts truth says still hold stolen money", async () => {
    await page.click('nav a[data-nav="/recovery"]');
    await ready("/recovery");
    await page.waitForSelector('[data-testid="triage"] tbody tr', { timeout: 120_000 });
    await shot("01-triage");
    const rows = await page.$$eval('[data-testid="triage"] tbody tr', (trs) =>
      trs.map((tr) => ({
        account: tr.getAttribute("data-account")!,
        bank: tr.children[2]!.textContent ?? "",
      })),
    );
    const held = new Map<string, number>();
    for (const c of Object.values(truth.complaints))
      for (const [a, v] of Object.entries(c.holdingKzt)) held.set(a, (held.get(a) ?? 0) + v);
    const expected = [...held].filter(([, v]) => v >= 1).map(([a]) => a);
    expect(rows.map((r) => r.account).sort()).toEqual(expected.sort());
    const banks = [...new Set(rows.map((r) => r.bank))];
    expect(banks.length).toBeGreaterThanOrEqual(2);
    chosen = banks.slice(0, 2).map((b) => rows.find((r) => r.bank === b)!);
  });

  it("builds requests for two banks", async () => {
    for (const c of chosen) await page.check(`[data-testid="triage"] input[data-account="${c.account}"]`);
    expect(await page.textContent('[data-testid="chosen"]')).toContain("2 accounts at 2 banks");
    const next = await loaded();
    await page.click('[data-testid="build-requests"]');
    await next();
    const requests = await page.$$eval("section.freeze-request", (s) =>
      s.map((x) => x.getAttribute("data-bank")),
    );
    expect(requests.sort()).toEqual(chosen.map((c) => c.bank).sort());
    for (const c of chosen) {
      expect(
        await page.textContent(
          `[data-testid="triage"] tr[data-account="${c.account}"] [data-testid="holding-status"]`,
        ),
      ).toContain("drafted");
    }
    await shot("02-requests");
  });

  it("downloads each request's letter, CSV and JSON with the hashes the page shows", async () => {
    const links = page.locator("section.freeze-request a[data-file]");
    expect(await links.count()).toBe(6);
    for (let i = 0; i < 6; i++) {
      const link = links.nth(i);
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const saved = path.join(dir, download.suggestedFilename());
      await download.saveAs(saved);
      const bytes = readFileSync(saved);
      expect(`SHA-256 ${createHash("sha256").update(bytes).digest("hex")}`).toBe(
        await link.getAttribute("title"),
      );
      if (saved.endsWith(".pdf")) expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    expect(readdirSync(dir).filter((f) => /^FR-\d{4}-\d{4}\.(pdf|csv|json)$/.test(f))).toHaveLength(6);
  });

  it("imports the bank's answers and shows statuses and recovered amounts on the complaint", async () => {
    const first = chosen[0]!;
    const section = page.locator(`section.freeze-request[data-bank="${first.bank}"]`);
    const id = await section.getAttribute("data-request");
    const form = readFileSync(path.join(dir, `${id}.csv`), "utf8")
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const before = (await triage()).holdings.find((h) => h.account === first.account)!;
    const frozen = Math.floor(before.amountKzt / 2);
    const returned = Math.floor(frozen / 2);
    const answer = (status: string, amount: number) => {
      const file = path.join(dir, `answer-${status}.csv`);
      const row = form
        .find((l) => l.includes(first.account))!
        .replace(/,,,$/, `,${status},${amount},ref ${status}`);
      writeFileSync(file, [form[0], row].join("\r\n"));
      return file;
    };
    let next = await loaded();
    await section.locator('[data-testid="answer-file"]').setInputFiles(answer("frozen", frozen));
    await next();
    await shot("03-answer-frozen");
    next = await loaded();
    await page
      .locator(`section.freeze-request[data-bank="${first.bank}"] [data-testid="answer-file"]`)
      .setInputFiles(answer("returned", returned));
    await next();
    const items = await page.textContent(`[data-testid="request-items-${id}"]`);
    expect(items).toContain("returned");
    expect(
      await page.textContent(
        `[data-testid="triage"] tr[data-account="${first.account}"] [data-testid="holding-status"]`,
      ),
    ).toContain(`returned · ${id}`);
    // The second bank has not answered: its request is still drafted.
    expect(
      await page.textContent(
        `[data-testid="triage"] tr[data-account="${chosen[1]!.account}"] [data-testid="holding-status"]`,
      ),
    ).toContain("drafted");

    // On the complaint whose money the account held most of: its share of what was frozen and returned.
    const feed = before.complaints[0]!;
    const share = feed.amountKzt / before.complaints.reduce((s, c) => s + c.amountKzt, 0);
    await page.goto(`${base}/recovery?complaint=${encodeURIComponent(feed.caseNo)}`);
    await ready("/recovery");
    await page.waitForSelector("body[data-recovery]");
    const row = page.locator('[data-testid="recovery-complaints"] tbody tr', { hasText: feed.caseNo });
    const cells = await row.locator("td").allTextContents();
    // The page is in English here: "," groups thousands and "." marks the decimals.
    const num = (s: string) => Number(s.replace(/[\s,]/g, ""));
    expect(num(cells[4]!)).toBeCloseTo((frozen - returned) * share, 1);
    expect(num(cells[5]!)).toBeCloseTo(returned * share, 1);
    await shot("04-complaint");
  });

  it("draws the complaint's money flow and the freeze status in the trace view", async () => {
    const t = await triage();
    const caseNo = t.holdings.find((h) => h.account === chosen[0]!.account)!.complaints[0]!.caseNo;
    await page.goto(`${base}/trace?complaint=${encodeURIComponent(caseNo)}&method=fifo`);
    await page.waitForSelector(`body[data-traced="${caseNo}"]`, { timeout: 120_000 });
    const flow = page.locator('[data-testid="money-flow"]');
    expect(await flow.locator("path.flow-link").count()).toBeGreaterThan(0);
    expect(await flow.locator(`rect[data-node="${chosen[0]!.account}"]`).count()).toBe(1);
    const freezeRow = page.locator('[data-testid="freeze-list"] tbody tr', { hasText: chosen[0]!.account });
    expect(await freezeRow.textContent()).toContain("returned");
    await shot("05-trace-flow");
    expect(dialogs).toEqual([]);
  });
});
