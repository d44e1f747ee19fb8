/**
 * Column mapping on the upload page, in headless Chromium against the real server on the embedded store: an analyst
 * uploads a register with a column no bank vocabulary names, sees each column's field and confidence, reads that
 * column as the payment purpose, saves the choice as a named mapping and ingests the file with it (the purpose lands
 * on the transfer); the next file with the same header (other case and spacing) gets the saved mapping by default,
 * with a note and a way to drop it. A file whose header lacks a required field (payer and payee named without saying
 * account) is shown with what is missing and mapped by hand; so is a file with no known heading at all (its header
 * row read in the browser); the next file of each is read with the saved mapping at once. A header cell holding HTML
 * shows as text. Screenshots go to test-artifacts/upload-mapping/.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKzIban } from "../../model/identifiers.js";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/upload-mapping");
const PASSWORD = "mapping-Secret-passw0rd";
const MAPPING = "Банк Б: реестр";
const ODD = "Доп. поле 7";
const HTML_HEADER = "<img src=x onerror=alert(1)>";
const FROM = makeKzIban("722", "KZT9000000101");
const TO = makeKzIban("601", "KZT9000000102");

const HEADER = [
  "Референс",
  "Дата операции",
  "Счет отправителя",
  "Счет получателя",
  "Сумма",
  "Валюта",
  ODD,
  HTML_HEADER,
];

/** Headings with no known word at all: detection finds no header row; the page reads it in the browser. */
const OPAQUE_HEADER = ["ref", "when", "a1", "a2", "amt"];

/** Payer and payee without "account": detection cannot tell which columns hold the accounts. */
const REFUSED_HEADER = ["Номер", "Дата", "Плательщик", "Получатель", "Сумма"];
function refusedRegister(header: string[], txId: string): string {
  return [header.join(";"), `${txId};04.04.2024;${FROM};${TO};7 000,00`, ""].join("\r\n");
}

function register(header: string[], rows: [txId: string, purpose: string][]): string {
  return [
    header.join(";"),
    ...rows.map(([txId, purpose]) => `${txId};03.04.2024 12:00:00;${FROM};${TO};42 000,00;KZT;${purpose};x`),
    "",
  ].join("\r\n");
}

describe.skipIf(!haveChromium)("column mapping on the upload page", () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const fileBox = (name: string) => page.locator(`[data-testid="preview-file"][data-file="${name}"]`);
  /** Wait until the file's preview (and any re-preview after a change) has settled. */
  const settled = (name: string) =>
    page.waitForSelector(`[data-testid="preview-file"][data-file="${name}"][data-ready="true"]`, {
      timeout: 30_000,
    });
  const column = (name: string, header: string) =>
    fileBox(name)
      .locator('[data-testid="column"]')
      .filter({ has: page.getByRole("cell", { name: header, exact: true }) });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-upload-mapping-"));
    const dataDir = path.join(dir, "data");
    writeFileSync(path.join(dir, "bank-b-week-14.csv"), register(HEADER, [["BB-1401", "аренда склада"]]));
    // The same export a week later: the header differs only in case and spacing.
    const nextHeader = HEADER.map((h, i) => (i === 6 ? h.toUpperCase() : i === 0 ? ` ${h}  ` : h));
    writeFileSync(path.join(dir, "bank-b-week-15.csv"), register(nextHeader, [["BB-1501", "оплата связи"]]));
    writeFileSync(path.join(dir, "bank-c-april.csv"), refusedRegister(REFUSED_HEADER, "BC-0401"));
    writeFileSync(path.join(dir, "bank-c-may.csv"), refusedRegister(REFUSED_HEADER, "BC-0501"));
    writeFileSync(path.join(dir, "bank-d-april.csv"), refusedRegister(OPAQUE_HEADER, "BD-0401"));
    writeFileSync(path.join(dir, "bank-d-may.csv"), refusedRegister(OPAQUE_HEADER, "BD-0501"));
    cli(["user", "add", "analyst", "--role", "analyst", "--data-dir", dataDir], {
      MULEGRAPH_PASSWORD: PASSWORD,
    });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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

  it("shows each column's field by its label and confidence, and the unknown column unread", async () => {
    await page.goto(base);
    await page.waitForSelector('body[data-ready="login"]', { timeout: 60_000 });
    await page.fill('[data-testid="username"]', "analyst");
    await page.fill('[data-testid="password"]', PASSWORD);
    await page.click('[data-testid="login"]');
    await page.waitForSelector('body[data-ready="/"]');
    await page.goto(`${base}/upload`);
    await page.waitForSelector('body[data-ready="/upload"]');
    await page.setInputFiles('[data-testid="file-input"]', path.join(dir, "bank-b-week-14.csv"));
    await settled("bank-b-week-14.csv");
    await shot("01-preview");

    const sender = column("bank-b-week-14.csv", "Счет отправителя");
    expect(await sender.locator('[data-testid="column-field"] option:checked').textContent()).toBe(
      "Sender account",
    );
    expect(await sender.locator('[data-testid="confidence"]').textContent()).toMatch(
      /^(high|medium|low) \(\d+%\)$/,
    );
    const odd = column("bank-b-week-14.csv", ODD);
    expect(await odd.locator('[data-testid="column-field"]').inputValue()).toBe("");
    expect(await odd.locator('[data-testid="confidence"]').textContent()).toBe("not read");
    // The HTML header is a text cell, never markup.
    expect(await column("bank-b-week-14.csv", HTML_HEADER).count()).toBe(1);
    expect(await fileBox("bank-b-week-14.csv").locator("img").count()).toBe(0);
  });

  it("reads the unknown column as the purpose, saves the choice under a name and ingests the file with it", async () => {
    const odd = column("bank-b-week-14.csv", ODD);
    await odd.locator('[data-testid="column-field"]').selectOption("purpose");
    await settled("bank-b-week-14.csv");
    expect(await odd.locator('[data-testid="confidence"]').textContent()).toBe("set by you");
    expect(await odd.locator('[data-testid="column-field"] option:checked').textContent()).toBe(
      "Payment purpose",
    );

    await fileBox("bank-b-week-14.csv").locator('[data-testid="mapping-name"]').fill(MAPPING);
    await fileBox("bank-b-week-14.csv").locator('[data-testid="save-mapping"]').click();
    await page.waitForSelector(`[data-testid="saved-mapping"][data-name="${MAPPING}"]`);
    expect(
      await fileBox("bank-b-week-14.csv").locator('[data-testid="saved-mapping-note"]').textContent(),
    ).toContain(MAPPING);
    await shot("02-saved");

    await page.click('[data-testid="start-upload"]');
    await page.waitForSelector('[data-testid="upload-done"]', { timeout: 120_000 });
    await shot("03-ingested");
    expect(await page.textContent('[data-testid="upload-files"]')).toContain("bank-b-week-14.csv");
    const detail = await page.evaluate(async (id) => {
      const r = await fetch(`/api/entities/${encodeURIComponent(id)}`);
      return r.text();
    }, `account:${FROM}`);
    expect(detail).toContain("BB-1401");
    expect(detail).toContain("аренда склада");
  });

  it("applies the saved mapping to the next file with the same header, and lets the user drop it", async () => {
    await page.goto(`${base}/upload`);
    await page.waitForSelector('body[data-ready="/upload"]');
    await page.setInputFiles('[data-testid="file-input"]', path.join(dir, "bank-b-week-15.csv"));
    await settled("bank-b-week-15.csv");
    const box = fileBox("bank-b-week-15.csv");
    // Applied before the file is shown as ready: no wait for it beyond the readiness signal.
    expect(await box.locator('[data-testid="saved-mapping-note"]').count()).toBe(1);
    await shot("04-offered");
    expect(await box.locator('[data-testid="saved-mapping-note"]').textContent()).toContain(
      `Using saved mapping “${MAPPING}”`,
    );
    const odd = column("bank-b-week-15.csv", ODD.toUpperCase());
    expect(await odd.locator('[data-testid="column-field"]').inputValue()).toBe("purpose");
    expect(await odd.locator('[data-testid="confidence"]').textContent()).toBe("saved mapping");

    await box.locator('[data-testid="drop-saved"]').click();
    await settled("bank-b-week-15.csv");
    expect(await box.locator('[data-testid="saved-mapping-note"]').count()).toBe(0);
    expect(await odd.locator('[data-testid="column-field"]').inputValue()).toBe("");
    expect(await box.locator('[data-testid="saved-mapping-offer"]').textContent()).toContain(MAPPING);

    await box.locator('[data-testid="use-saved"]').click();
    await settled("bank-b-week-15.csv");
    expect(await odd.locator('[data-testid="column-field"]').inputValue()).toBe("purpose");
    await shot("05-used-again");
    expect(dialogs).toEqual([]);
  });

  it("shows a file whose header lacks the accounts with what is missing, and reads it once the user maps them", async () => {
    await page.goto(`${base}/upload`);
    await page.waitForSelector('body[data-ready="/upload"]');
    await page.setInputFiles('[data-testid="file-input"]', path.join(dir, "bank-c-april.csv"));
    await settled("bank-c-april.csv");
    const box = fileBox("bank-c-april.csv");
    await shot("06-refused");
    const problems = await box.locator('[data-testid="mapping-problems"]').textContent();
    expect(problems).toContain("Detection could not read this file by itself");
    expect(problems).toContain("No column found for:");
    expect(await box.locator('[data-testid="column"]').count()).toBe(REFUSED_HEADER.length);
    const payer = column("bank-c-april.csv", "Плательщик");
    expect(await payer.locator('[data-testid="column-field"]').inputValue()).not.toBe("fromAccount");
    // Nothing to save before detection has read the file with the user's columns.
    expect(await box.locator('[data-testid="save-mapping"]').count()).toBe(0);
    // Nor to upload: the page says so instead of sending a file the server would refuse.
    await page.click('[data-testid="start-upload"]');
    await page.locator('[data-testid="toast"]', { hasText: "Map or remove bank-c-april.csv" }).waitFor();

    // Whichever kind detection leaned to, the user says what the file is, and the page names what it lacks.
    await box.locator('[data-testid="kind-select"]').selectOption("register");
    await settled("bank-c-april.csv");
    expect(await box.locator('[data-testid="mapping-problems"]').textContent()).toContain(
      "No column found for: Sender account, Beneficiary account or ATM",
    );
    await payer.locator('[data-testid="column-field"]').selectOption("fromAccount");
    await settled("bank-c-april.csv");
    await column("bank-c-april.csv", "Получатель")
      .locator('[data-testid="column-field"]')
      .selectOption("toAccount");
    await settled("bank-c-april.csv");
    await shot("07-mapped-by-hand");
    // Detection read it with the user's columns: the problem is gone.
    expect(await box.locator('[data-testid="mapping-problems"]').count()).toBe(0);
    expect(await payer.locator('[data-testid="confidence"]').textContent()).toBe("set by you");

    await box.locator('[data-testid="mapping-name"]').fill("Банк В");
    await box.locator('[data-testid="save-mapping"]').click();
    await page.waitForSelector('[data-testid="saved-mapping"][data-name="Банк В"]');
    await page.click('[data-testid="start-upload"]');
    await page.waitForSelector('[data-testid="upload-done"]', { timeout: 120_000 });
    const detail = await page.evaluate(
      async (id) => (await fetch(`/api/entities/${encodeURIComponent(id)}`)).text(),
      `account:${FROM}`,
    );
    expect(detail).toContain("BC-0401");
  });

  it("reads the refused file's next month with the saved mapping at once", async () => {
    await page.goto(`${base}/upload`);
    await page.waitForSelector('body[data-ready="/upload"]');
    await page.setInputFiles('[data-testid="file-input"]', path.join(dir, "bank-c-may.csv"));
    await settled("bank-c-may.csv");
    const box = fileBox("bank-c-may.csv");
    // Applied before the file is shown as ready: no wait for it beyond the readiness signal.
    expect(await box.locator('[data-testid="saved-mapping-note"]').count()).toBe(1);
    await shot("08-refused-file-with-saved-mapping");
    expect(await box.locator('[data-testid="saved-mapping-note"]').textContent()).toContain("Банк В");
    expect(await box.locator('[data-testid="mapping-problems"]').count()).toBe(0);
    expect(
      await column("bank-c-may.csv", "Получатель").locator('[data-testid="column-field"]').inputValue(),
    ).toBe("toAccount");
  });

  it("shows a file with no known heading by the header row read in the browser, and reads it once mapped", async () => {
    await page.goto(`${base}/upload`);
    await page.waitForSelector('body[data-ready="/upload"]');
    await page.setInputFiles('[data-testid="file-input"]', path.join(dir, "bank-d-april.csv"));
    await settled("bank-d-april.csv");
    const box = fileBox("bank-d-april.csv");
    await shot("09-no-known-heading");
    expect(await box.textContent()).toContain("not recognised: choose each column's field below");
    expect(await box.locator('[data-testid="column"]').count()).toBe(OPAQUE_HEADER.length);
    expect(await column("bank-d-april.csv", "a1").locator('[data-testid="confidence"]').textContent()).toBe(
      "not recognised",
    );
    // The first values come from the same browser read: the header row was found.
    expect(await column("bank-d-april.csv", "a1").textContent()).toContain(FROM);

    await box.locator('[data-testid="kind-select"]').selectOption("register");
    await settled("bank-d-april.csv");
    const fields: [string, string][] = [
      ["ref", "txId"],
      ["when", "ts"],
      ["a1", "fromAccount"],
      ["a2", "toAccount"],
      ["amt", "amount"],
    ];
    for (const [header, field] of fields) {
      await column("bank-d-april.csv", header).locator('[data-testid="column-field"]').selectOption(field);
      await settled("bank-d-april.csv");
    }
    await shot("10-no-known-heading-mapped");
    expect(await box.locator('[data-testid="mapping-problems"]').count()).toBe(0);
    expect(await box.textContent()).toContain("header on line 1");
    await box.locator('[data-testid="mapping-name"]').fill("Банк Г");
    await box.locator('[data-testid="save-mapping"]').click();
    await page.waitForSelector('[data-testid="saved-mapping"][data-name="Банк Г"]');
    await page.click('[data-testid="start-upload"]');
    await page.waitForSelector('[data-testid="upload-done"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid="upload-files"]')).toContain("bank-d-april.csv");
  });

  it("offers that mapping for the next file with those headings and reads it at once", async () => {
    await page.goto(`${base}/upload`);
    await page.waitForSelector('body[data-ready="/upload"]');
    await page.setInputFiles('[data-testid="file-input"]', path.join(dir, "bank-d-may.csv"));
    await settled("bank-d-may.csv");
    const box = fileBox("bank-d-may.csv");
    expect(await box.locator('[data-testid="saved-mapping-note"]').textContent()).toContain("Банк Г");
    expect(await box.locator('[data-testid="mapping-problems"]').count()).toBe(0);
    expect(await column("bank-d-may.csv", "a2").locator('[data-testid="column-field"]').inputValue()).toBe(
      "toAccount",
    );
    await shot("11-no-known-heading-saved");
  });
});
