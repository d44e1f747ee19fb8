/**
 * Upload at real scale in headless Chromium against the real server: a generated case of 3 000 accounts picked as
 * a folder (its 150-odd export files) gives a compact page with the upload button in view; a file that cannot be
 * read is set aside while the rest go in; a file removed before sending is not sent; the report says what was new
 * in the store, and a second upload of the same files says nothing new; a zip archive is unpacked by the server.
 * Screenshots go to test-artifacts/upload-batch/.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/upload-batch");
const PASSWORD = "upload-batch-Secret-passw0rd";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function zipFile(target: string, files: string[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(f, `exports/${path.basename(f)}`);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  writeFileSync(target, Buffer.concat(chunks));
}

describe.skipIf(!haveChromium)("uploading many files in a real browser", () => {
  let dir: string;
  let exportsDir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let subset: string[];

  const ready = (route: string) => page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });
  const openUpload = async () => {
    await page.goto(`${base}/upload`);
    await ready("/upload");
  };
  /** Wait until no picked file is still being read; returns how many are picked. */
  const settled = async (expected: number) => {
    await page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }
        ).document.querySelectorAll('[data-testid="file-state"]').length === n &&
        (
          globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } }
        ).document.querySelectorAll('[data-testid="file-state"][data-state="reading"]').length === 0,
      expected,
      { timeout: 240_000 },
    );
  };
  const uploadAndWait = async () => {
    await page.click('[data-testid="start-upload"]');
    await page.waitForSelector('[data-testid="upload-done"], [data-testid="upload-failed"]', {
      timeout: 240_000,
    });
    expect(await page.locator('[data-testid="upload-failed"]').count()).toBe(0);
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-upload-batch-"));
    const caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--out", caseDir, "--seed", "11", "--accounts", "3000"]);
    exportsDir = path.join(caseDir, "exports");
    const all = filesUnder(exportsDir);
    // Small files of three kinds, so the uploads below are quick: a few statements, the watch-list, complaints.
    subset = [
      ...all.filter((f) => f.includes(`${path.sep}statements${path.sep}`)).slice(0, 3),
      ...all.filter((f) => f.endsWith("watchlist.csv")),
      ...all.filter((f) => f.includes(`${path.sep}complaints${path.sep}`)),
    ];
    cli(["user", "add", "admin", "--role", "admin", "--data-dir", dataDir], { MULEGRAPH_PASSWORD: PASSWORD });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(base);
    await ready("login");
    await page.fill('[data-testid="username"]', "admin");
    await page.fill('[data-testid="password"]', PASSWORD);
    await page.click('[data-testid="login"]');
    await ready("/");
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows a whole case's folder as a compact list with the upload button in view", async () => {
    const count = filesUnder(exportsDir).length;
    expect(count).toBeGreaterThan(120);
    await openUpload();
    await page.setInputFiles('[data-testid="folder-input"]', exportsDir);
    await settled(count);
    expect(await page.textContent('[data-testid="picked-summary"]')).toContain(String(count));
    // Rows are counted in the browser for text exports.
    await page.waitForSelector('[data-testid="file-rows"]');
    // One line per file: no file shows its columns until asked to.
    expect(await page.locator('[data-testid="columns"]').count()).toBe(0);
    const height = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document
          .documentElement.scrollHeight,
    );
    expect(height).toBeLessThan(2500);
    const start = (await page.locator('[data-testid="start-upload"]').boundingBox())!;
    expect(start.y + start.height).toBeLessThan(900);
    await page.screenshot({ path: path.join(ARTIFACTS, "folder-picked.png") });
    // Its columns and first rows on demand.
    const first = page.locator('[data-testid="preview-file"]').first();
    await first.locator('[data-testid="toggle-preview"]').click();
    expect(await first.locator('[data-testid="column"]').count()).toBeGreaterThan(2);
  }, 300_000);

  it("sets an unreadable file aside, leaves a removed file out, and reports what was new in the store", async () => {
    await openUpload();
    const photo = path.join(dir, "photo.csv");
    writeFileSync(
      photo,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]),
    );
    const removed = filesUnder(exportsDir).find((f) => f.includes(`${path.sep}linkage${path.sep}`))!;
    await page.setInputFiles('[data-testid="file-input"]', [...subset, photo, removed]);
    await settled(subset.length + 2);
    const photoBox = page.locator('[data-testid="preview-file"][data-file="photo.csv"]');
    expect(await photoBox.getAttribute("data-state")).toBe("needsMapping");
    await page
      .locator(
        `[data-testid="preview-file"][data-file="${path.basename(removed)}"] [data-testid="remove-file"]`,
      )
      .click();
    await settled(subset.length + 1);
    await uploadAndWait();
    const files = await page.textContent('[data-testid="upload-files"]');
    for (const f of subset) expect(files).toContain(path.basename(f));
    expect(files).not.toContain(path.basename(removed));
    expect(files).not.toContain("photo.csv");
    expect(await page.textContent('[data-testid="set-aside"]')).toContain("photo.csv");
    expect(await page.locator('[data-testid="added"]').count()).toBe(1);
    expect(await page.locator('[data-testid="nothing-new"]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "report-new.png"), fullPage: true });
  }, 300_000);

  it("says nothing new when the same files are uploaded again", async () => {
    await openUpload();
    await page.setInputFiles('[data-testid="file-input"]', subset);
    await settled(subset.length);
    await uploadAndWait();
    expect(await page.locator('[data-testid="nothing-new"]').count()).toBe(1);
    expect(await page.locator('[data-testid="added"]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "report-nothing-new.png") });
  }, 300_000);

  it("sends a zip archive as it is and reports the files the server unpacked from it", async () => {
    const inZip = filesUnder(exportsDir)
      .filter((f) => f.includes(`${path.sep}linkage${path.sep}`))
      .slice(0, 2);
    const zip = path.join(dir, "linkage.zip");
    await zipFile(zip, inZip);
    await openUpload();
    await page.setInputFiles('[data-testid="file-input"]', zip);
    await settled(1);
    expect(await page.getAttribute('[data-testid="preview-file"]', "data-state")).toBe("archive");
    await uploadAndWait();
    const files = await page.textContent('[data-testid="upload-files"]');
    for (const f of inZip) expect(files).toContain(path.basename(f));
    expect(await page.locator('[data-testid="added"]').count()).toBe(1);
  }, 300_000);
});
