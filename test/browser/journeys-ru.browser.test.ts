/**
 * The four roles' journeys in Russian (the default language) in headless Chromium against the real server on the
 * embedded store, one generated case:
 * - analyst: a wrong password says so in Russian without an `api/auth:` prefix; the menu has no trace, recovery or
 *   administration; the upload mapping names fields in Russian; the case is uploaded through the page; the clusters
 *   page does not offer an analysis the role cannot run; administration opened by URL says it is not available;
 * - investigator: runs the analysis, opens the top cluster, traces a complaint and sees the accounts truth.json says
 *   still hold its money, with "as of" the end of the data;
 * - prosecutor: no upload in the menu; opens the complaint's trace read-only and exports its evidence package without
 *   running a trace;
 * - admin: creates a user, changes its role, disables it; pages the audit trail and verifies it; switches to Kazakh
 *   and back.
 * Then every page of every role (the casework pages, alert queue and a case with a link and a note, among them), in
 * Russian and in Kazakh, is checked for visible text left in English (words of the
 * English catalogue that neither Russian nor Kazakh uses), skipping what is marked as not for translation:
 * server-written English (`lang="en"`: detection's reasons) and recorded identifiers (`translate="no"`).
 * Screenshots go to test-artifacts/journeys-ru/.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUES, type Message } from "../../client/src/i18n/index.js";
import { launchChromium } from "../support/chromium.js";
import { cli, haveChromium, serve, useLanguage } from "./harness.js";

const ARTIFACTS = path.resolve("test-artifacts/journeys-ru");
const PASSWORD = "journeys-Secret-passw0rd";
const ROLES = ["analyst", "investigator", "prosecutor", "admin"] as const;
type Role = (typeof ROLES)[number];
/** Users named as people are (user data, never an English word the untranslated-text check would catch). */
const USERS: Readonly<Record<Role, string>> = {
  analyst: "aigerim",
  investigator: "daulet",
  prosecutor: "marat",
  admin: "saule",
};

interface Truth {
  complaints: Record<string, { stolenKzt: number; holdingKzt: Record<string, number> }>;
}

/** Names, formats and abbreviations that stay as they are in every language. */
const ALLOWED = new Set([
  "iban",
  "bic",
  "ip",
  "pdf",
  "csv",
  "id",
  "kzt",
  "sha",
  "html",
  "json",
  "zip",
  "tab",
]);

function texts(m: Message): string[] {
  return typeof m === "string" ? [m] : Object.values(m).filter((v): v is string => typeof v === "string");
}

function words(s: string): string[] {
  return (s.replace(/\{\w+\}/g, " ").match(/[A-Za-z]{2,}/g) ?? []).map((w) => w.toLowerCase());
}

/** English words of the English catalogue that the Russian and Kazakh catalogues never use (Mulegraph, FIFO…). */
const ENGLISH_WORDS: ReadonlySet<string> = (() => {
  const shared = new Set(
    [CATALOGUES.ru, CATALOGUES.kk].flatMap((c) => Object.values(c).flatMap(texts).flatMap(words)),
  );
  return new Set(
    Object.values(CATALOGUES.en)
      .flatMap(texts)
      .flatMap(words)
      .filter((w) => !shared.has(w) && !ALLOWED.has(w)),
  );
})();

/**
 * Visible text of the page: text nodes of visible elements, options of visible selects, SVG tooltips, placeholders,
 * titles and the document title; nothing under `[lang="en"]` or `[translate="no"]`.
 */
function visibleText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The few DOM shapes used here (the test project compiles without the DOM library).
    interface Elem {
      tagName: string;
      closest(selector: string): Elem | null;
      getAttribute(name: string): string | null;
      checkVisibility?(): boolean;
    }
    interface Doc {
      title: string;
      body: unknown;
      createTreeWalker(
        root: unknown,
        show: number,
      ): {
        nextNode(): { parentElement: Elem | null; textContent: string | null } | null;
      };
      querySelectorAll(selector: string): Iterable<Elem>;
    }
    const doc = (globalThis as unknown as { document: Doc }).document;
    const out: string[] = [doc.title];
    const shown = (e: Elem) => e.checkVisibility?.() ?? true;
    const skipped = (e: Elem) => e.closest('[lang="en"], [translate="no"], script, style') !== null;
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || skipped(parent)) continue;
      const holder =
        parent.tagName === "OPTION"
          ? parent.closest("select")
          : parent.tagName.toLowerCase() === "title" && parent.closest("svg")
            ? parent.closest("svg")
            : parent;
      if (!holder || !shown(holder)) continue;
      const s = (n.textContent ?? "").trim();
      if (s) out.push(s);
    }
    for (const e of doc.querySelectorAll("[placeholder], [title]")) {
      if (!shown(e) || skipped(e)) continue;
      for (const a of ["placeholder", "title"]) {
        const v = e.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** Texts with a word of ENGLISH_WORDS in them; identifiers (with digits, `_`, `.`, `@`, `:`) are user data. */
function untranslated(lines: string[]): string[] {
  return lines.filter((line) =>
    line
      .split(/\s+/)
      // A chunk with a digit is an identifier (an IBAN, a case number such as CASE-20261205-017728) as a whole.
      .filter((chunk) => !/\d/.test(chunk))
      .map((chunk) => chunk.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ""))
      .filter((chunk) => /^[A-Za-z]+(?:['’-][A-Za-z]+)*$/.test(chunk))
      .some((chunk) => words(chunk).some((w) => ENGLISH_WORDS.has(w))),
  );
}

describe.skipIf(!haveChromium)("analyst, investigator, prosecutor and admin journeys in Russian", () => {
  let dir: string;
  let caseDir: string;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let truth: Truth;
  /** The complaint whose money still sits in accounts (the largest such theft). */
  let caseNo: string;
  const contexts = new Map<Role, { context: BrowserContext; page: Page }>();

  const ready = (page: Page, route: string) =>
    page.waitForSelector(`body[data-ready="${route}"]`, { timeout: 60_000 });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
  const navTexts = (page: Page) => page.locator("header nav a").allTextContents();

  /** A signed-in page of its own (own cookies) for `role`'s user. */
  async function as(role: Role): Promise<Page> {
    const have = contexts.get(role);
    if (have) return have.page;
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(base);
    await ready(page, "login");
    await page.fill('[data-testid="username"]', USERS[role]);
    await page.fill('[data-testid="password"]', PASSWORD);
    await page.click('[data-testid="login"]');
    await ready(page, "/");
    contexts.set(role, { context, page });
    return page;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-journeys-"));
    caseDir = path.join(dir, "case");
    const dataDir = path.join(dir, "data");
    cli(["generate", "--out", caseDir, "--seed", "11", "--accounts", "400"]);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
    caseNo = Object.entries(truth.complaints)
      .filter(([, c]) => Object.values(c.holdingKzt).some((v) => v >= 1))
      .sort((a, b) => b[1].stolenKzt - a[1].stolenKzt)[0]![0];
    for (const role of ROLES)
      cli(["user", "add", USERS[role], "--role", role, "--data-dir", dataDir], {
        MULEGRAPH_PASSWORD: PASSWORD,
      });
    ({ base, server } = await serve(dataDir));
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const { context } of contexts.values()) await context.close();
    await browser?.close();
    server?.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe("analyst", () => {
    it("is told in Russian that the password is wrong, with no module prefix", async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(base);
      await ready(page, "login");
      expect(await page.getAttribute("html", "lang")).toBe("ru");
      expect(await page.textContent('[data-testid="login"]')).toBe("Войти");
      await page.fill('[data-testid="username"]', USERS.analyst);
      await page.fill('[data-testid="password"]', "not-the-password");
      await page.click('[data-testid="login"]');
      const error = page.locator('[data-testid="login-error"]');
      await error.filter({ hasText: /\S/ }).waitFor();
      expect(await error.textContent()).toBe("Неверное имя пользователя или пароль.");
      await context.close();
    });

    it("sees only the pages the role can use, in Russian", async () => {
      const page = await as("analyst");
      const nav = await navTexts(page);
      expect(nav).toEqual(expect.arrayContaining(["Обзор", "Граф связей", "Кластеры дропов", "Загрузка"]));
      for (const hidden of ["Отслеживание", "Возврат средств", "Администрирование"])
        expect(nav).not.toContain(hidden);
      expect(await page.textContent('[data-testid="who"]')).toContain("аналитик");
      await shot(page, "analyst-01-overview");
    });

    it("maps columns to fields named in Russian, then uploads the case through the page", async () => {
      const page = await as("analyst");
      await page.goto(`${base}/upload`);
      await ready(page, "/upload");
      expect(await page.textContent("h1")).toBe("Загрузка банковских выгрузок");
      const files = (readdirSync(caseDir, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".csv"))
        .map((f) => path.join(caseDir, f));
      await page.setInputFiles('[data-testid="file-input"]', files);
      await page.waitForFunction(
        (n) =>
          (
            globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
          ).document.querySelectorAll('[data-testid="preview-file"][data-ready="true"]').length === n,
        files.length,
        { timeout: 120_000 },
      );
      // Many files show one line each; open the register's columns.
      const register = page.locator('[data-testid="preview-file"]', {
        has: page.locator('[data-testid="kind-select"] option:checked[value="register"]'),
      });
      const file = register.first();
      if ((await file.locator('[data-testid="toggle-preview"]').getAttribute("data-open")) !== "true")
        await file.locator('[data-testid="toggle-preview"]').click();
      await file.locator('[data-testid="column-field"]').first().waitFor();
      const options = await file.locator('[data-testid="column-field"] option').allTextContents();
      expect(options).toContain("(не читать)");
      expect(options).toContain("Счёт отправителя");
      expect(options).not.toContain("fromAccount");
      expect(
        options.filter((o) => /^[a-z]+[A-Z]\w*$/.test(o)),
        "internal field names among the choices",
      ).toEqual([]);
      await shot(page, "analyst-02-upload-preview");
      await page.click('[data-testid="start-upload"]');
      await page.waitForSelector('[data-testid="upload-done"]', { timeout: 300_000 });
      expect(await page.textContent('[data-testid="upload-done"]')).toBe("Отчёт о проверке");
      expect(await page.textContent('[data-testid="upload-files"]')).toContain("Реестр переводов");
      await shot(page, "analyst-03-upload-report");
    });

    it("is not offered an analysis the role cannot run", async () => {
      const page = await as("analyst");
      await page.goto(`${base}/clusters`);
      await ready(page, "/clusters");
      expect(await page.locator('[data-testid="run-analysis"]').count()).toBe(0);
      const text = (await page.textContent("main")) ?? "";
      expect(text).toContain("Его запускает следователь");
      expect(text).not.toContain("Запустить анализ");
      await page.goto(`${base}/`);
      await ready(page, "/");
      expect(await page.textContent("main")).not.toContain("запустите анализ");
    });

    it("opens administration and trace by URL and is told they are not available for the role", async () => {
      const page = await as("analyst");
      for (const route of ["/admin", "/trace", "/recovery"]) {
        await page.goto(`${base}${route}`);
        await ready(page, route);
        expect(await page.textContent('[data-testid="not-available"]')).toBe(
          "Эта страница недоступна для вашей роли (аналитик).",
        );
      }
      await shot(page, "analyst-04-not-available");
    });
  });

  describe("investigator", () => {
    it("sees trace and recovery but not administration", async () => {
      const page = await as("investigator");
      const nav = await navTexts(page);
      expect(nav).toEqual(
        expect.arrayContaining([
          "Граф связей",
          "Кластеры дропов",
          "Отслеживание",
          "Возврат средств",
          "Загрузка",
        ]),
      );
      expect(nav).not.toContain("Администрирование");
    });

    it("runs the analysis and opens the top cluster", async () => {
      const page = await as("investigator");
      await page.goto(`${base}/clusters`);
      await ready(page, "/clusters");
      expect(await page.textContent('[data-testid="run-analysis"]')).toBe("Запустить анализ");
      await page.click('[data-testid="run-analysis"]');
      await page.waitForSelector('[data-testid="clusters"] li', { timeout: 300_000 });
      expect(await page.locator('[data-testid="clusters"] .cluster-head').first().textContent()).toMatch(
        /оценка \d+ \/ 100 · \d+ сч(ёт|ёта|етов)/,
      );
      await shot(page, "investigator-01-clusters");
      await page.locator('[data-testid="open-cluster"]').first().click();
      await ready(page, "/explorer");
      await page.waitForFunction(() => {
        const w = globalThis as unknown as { __mulegraph?: { canvas: { graph: { order: number } } } };
        return (w.__mulegraph?.canvas.graph.order ?? 0) > 1;
      });
      await shot(page, "investigator-02-explorer");
    });

    it("traces a complaint to the accounts that still hold its money, as of the end of the data", async () => {
      const page = await as("investigator");
      await page.goto(`${base}/trace?complaint=${encodeURIComponent(caseNo)}&method=fifo`);
      await page.waitForSelector(`body[data-traced="${caseNo}"]`, { timeout: 120_000 });
      const shown = await page.$$eval('[data-testid="freeze-list"] tbody tr td:first-child', (tds) =>
        tds.map((td) => td.textContent ?? ""),
      );
      const expected = Object.entries(truth.complaints[caseNo]!.holdingKzt)
        .filter(([, v]) => v >= 1)
        .map(([k]) => k);
      expect(new Set(shown)).toEqual(new Set(expected));
      expect(await page.textContent('[data-testid="as-of"]')).toMatch(
        /считается до .+ конца загруженных данных/,
      );
      expect(await page.locator("table[data-testid=freeze-list] th").allTextContents()).toContain(
        "Лежат уже",
      );
      await shot(page, "investigator-03-trace");
    });
  });

  describe("prosecutor", () => {
    it("has no upload in the menu, and opening it by URL says it is not available", async () => {
      const page = await as("prosecutor");
      const nav = await navTexts(page);
      expect(nav).toEqual(expect.arrayContaining(["Отслеживание", "Возврат средств"]));
      expect(nav).not.toContain("Загрузка");
      expect(nav).not.toContain("Администрирование");
      await page.goto(`${base}/upload`);
      await ready(page, "/upload");
      expect(await page.textContent('[data-testid="not-available"]')).toContain("недоступна для вашей роли");
    });

    it("opens the complaint's trace read-only: where its money is now, without a trace button", async () => {
      const page = await as("prosecutor");
      await page.goto(`${base}/trace?complaint=${encodeURIComponent(caseNo)}`);
      await page.waitForSelector(`body[data-traced="${caseNo}"]`, { timeout: 120_000 });
      expect(await page.locator('[data-testid="run-trace"]').count()).toBe(0);
      expect(await page.textContent('[data-testid="read-only"]')).toContain(
        "новое отслеживание запускает следователь",
      );
      const shown = await page.$$eval('[data-testid="freeze-list"] tbody tr td:first-child', (tds) =>
        tds.map((td) => td.textContent ?? ""),
      );
      const expected = Object.entries(truth.complaints[caseNo]!.holdingKzt)
        .filter(([, v]) => v >= 1)
        .map(([k]) => k);
      for (const account of expected) expect(shown).toContain(account);
      await shot(page, "prosecutor-01-trace-read-only");
    });

    it("exports the complaint's evidence package without running a trace", async () => {
      const page = await as("prosecutor");
      await page.click('[data-testid="open-export"]');
      expect(await page.textContent('[data-testid="export-dialog"] h2')).toBe("Выгрузка");
      await page.selectOption('[data-testid="export-format"]', "package");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click('[data-testid="export-go"]'),
      ]);
      const saved = path.join(dir, download.suggestedFilename());
      await download.saveAs(saved);
      expect(readFileSync(saved).subarray(0, 2).toString("latin1")).toBe("PK");
      expect(await page.textContent('[data-testid="export-status"]')).toContain("записана в журнал аудита");
      await shot(page, "prosecutor-02-export");
    });
  });

  describe("admin", () => {
    const usersReady = (page: Page) =>
      page.waitForSelector('[data-testid="admin-users"][data-ready="true"]', { timeout: 30_000 });
    const row = (page: Page, name: string) => page.locator(`[data-testid="users"] tr[data-user="${name}"]`);

    it("lists the users and creates one", async () => {
      const page = await as("admin");
      expect(await navTexts(page)).toContain("Администрирование");
      await page.goto(`${base}/admin`);
      await ready(page, "/admin");
      await usersReady(page);
      for (const role of ROLES) expect(await row(page, USERS[role]).count()).toBe(1);
      await page.fill('[data-testid="new-username"]', "zhanar");
      await page.fill('[data-testid="new-password"]', "Zhanar-passw0rd-1");
      await page.selectOption('[data-testid="new-role"]', "prosecutor");
      await page.click('[data-testid="create-user"]');
      await row(page, "zhanar").waitFor();
      await usersReady(page);
      expect(await row(page, "zhanar").locator('[data-testid="user-role"]').inputValue()).toBe("prosecutor");
      await page.locator('[data-testid="toast"]', { hasText: "Пользователь zhanar создан." }).waitFor();
    });

    it("refuses a short password with a Russian message that says what to fix", async () => {
      const page = await as("admin");
      await page.fill('[data-testid="new-username"]', "short");
      await page.fill('[data-testid="new-password"]', "short");
      await page.click('[data-testid="create-user"]');
      const toast = page.locator('[data-testid="toast"].error').last();
      await toast.waitFor();
      const text = (await toast.textContent()) ?? "";
      expect(text).toMatch(/^Проверьте введённые данные/);
      expect(text).not.toMatch(/api\/|--/);
    });

    it("changes the new user's role and disables them", async () => {
      const page = await as("admin");
      await row(page, "zhanar").locator('[data-testid="user-role"]').selectOption("investigator");
      await page
        .locator('[data-testid="toast"]', { hasText: "Роль пользователя zhanar: следователь" })
        .waitFor();
      await usersReady(page);
      await row(page, "zhanar").locator('[data-testid="disable-user"]').click();
      await page.locator('[data-testid="toast"]', { hasText: "zhanar отключён" }).waitFor();
      await usersReady(page);
      expect(await row(page, "zhanar").locator('[data-testid="user-state"]').textContent()).toBe("отключён");
      expect(await row(page, "zhanar").locator('[data-testid="user-role"]').inputValue()).toBe(
        "investigator",
      );
      const users = await page.evaluate(async () => (await (await fetch("/api/users")).json()) as unknown);
      expect(users).toMatchObject({
        users: expect.arrayContaining([
          { username: "zhanar", role: "investigator", disabled: true, createdAt: expect.any(Number) },
        ]),
      });
    });

    it("pages the audit trail, newest first, and verifies it", async () => {
      const page = await as("admin");
      await page.goto(`${base}/admin`);
      await ready(page, "/admin");
      await page.waitForSelector('[data-testid="admin-audit"][data-ready="true"]');
      const actions = await page.$$eval('[data-testid="audit-entries"] tbody tr td:nth-child(4)', (tds) =>
        tds.map((td) => td.textContent ?? ""),
      );
      expect(actions).toContain("user.create");
      expect(actions).toContain("user.update");
      const seqs = await page.$$eval('[data-testid="audit-entries"] tbody tr td:first-child', (tds) =>
        tds.map((td) => Number((td.textContent ?? "").replace(/\D/g, ""))),
      );
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      const newest = seqs[0]!;
      // More than one page of entries by now (uploads, analysis, traces, exports): older entries are a page away.
      if (newest > 50) {
        await page.click('[data-testid="audit-older"]');
        await page.waitForSelector('[data-testid="admin-audit"][data-ready="true"]');
        const older = await page.$$eval('[data-testid="audit-entries"] tbody tr td:first-child', (tds) =>
          tds.map((td) => Number((td.textContent ?? "").replace(/\D/g, ""))),
        );
        expect(Math.max(...older)).toBeLessThan(Math.min(...seqs));
      }
      await page.click('[data-testid="verify-audit"]');
      await page.waitForSelector('[data-testid="verify-result"][data-ok]');
      expect(await page.getAttribute('[data-testid="verify-result"]', "data-ok")).toBe("true");
      expect(await page.textContent('[data-testid="verify-result"]')).toContain("Журнал цел");
      await shot(page, "admin-01-audit");
    });

    it("switches to Kazakh and back, and the page language follows", async () => {
      const page = await as("admin");
      await Promise.all([page.waitForEvent("load"), page.selectOption('[data-testid="language"]', "kk")]);
      await ready(page, "/admin");
      expect(await page.getAttribute("html", "lang")).toBe("kk");
      expect(await navTexts(page)).toContain("Жүктеу");
      expect(await page.textContent("header")).toContain("Шығу");
      await shot(page, "admin-02-kazakh");
      await Promise.all([page.waitForEvent("load"), page.selectOption('[data-testid="language"]', "ru")]);
      await ready(page, "/admin");
      expect(await page.getAttribute("html", "lang")).toBe("ru");
    });
  });

  describe("no visible text left in English", () => {
    const PAGES: Record<Role, string[]> = {
      analyst: ["/", "/explorer", "/clusters", "/upload", "/queue", "/admin"],
      investigator: ["/", "/explorer", "/clusters", "/trace", "/recovery", "/upload", "/queue", "/case"],
      prosecutor: ["/", "/explorer", "/clusters", "/trace", "/recovery", "/upload", "/queue"],
      admin: ["/", "/explorer", "/clusters", "/trace", "/recovery", "/upload", "/queue", "/case", "/admin"],
    };

    /** A case with the complaint linked and a note, created once by the investigator, for the case page's walk. */
    let caseId: string | null = null;
    async function walkedCase(): Promise<string> {
      if (caseId) return caseId;
      const page = await as("investigator");
      caseId = await page.evaluate(async (complaint) => {
        const me = (await (await fetch("/api/auth/me")).json()) as { csrfToken: string };
        const post = async (url: string, body: unknown) => {
          const res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
            body: JSON.stringify(body),
          });
          if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
          return (await res.json()) as { id?: string };
        };
        const { id } = await post("/api/cases", { title: "Проверка жалобы", priority: "high" });
        await post(`/api/cases/${encodeURIComponent(id!)}/links`, { kind: "complaint", ref: complaint });
        await post(`/api/cases/${encodeURIComponent(id!)}/notes`, { text: "Запросить выписки у банков" });
        return id!;
      }, caseNo);
      return caseId;
    }

    it("knows enough English words to catch an untranslated label", () => {
      for (const w of ["upload", "trace", "account", "complaint", "freeze", "search", "export"])
        expect(ENGLISH_WORDS.has(w), w).toBe(true);
      expect(untranslated(["Загрузка", "KZ86125KZT5004100100", "account_open", "IBAN"])).toEqual([]);
      expect(untranslated(["Счета: 12", "Freeze list"])).toEqual(["Freeze list"]);
      expect(untranslated(["Дело CASE-20261205-017728", "Freeze CASE-1"])).toEqual(["Freeze CASE-1"]);
    });

    it.each(["ru", "kk"] as const)("every page of every role in %s", async (lang) => {
      const found: string[] = [];
      const walkedCaseId = await walkedCase();
      for (const role of ROLES) {
        const { context } = contexts.get(role) ?? { context: null };
        const page = context ? await context.newPage() : await as(role);
        await useLanguage(page, lang);
        for (const route of PAGES[role]) {
          const query =
            route === "/trace"
              ? `?complaint=${encodeURIComponent(caseNo)}`
              : route === "/explorer"
                ? `?ids=${encodeURIComponent(`account:${Object.keys(truth.complaints[caseNo]!.holdingKzt)[0]}`)}`
                : route === "/case"
                  ? `?id=${encodeURIComponent(walkedCaseId)}`
                  : "";
          await page.goto(`${base}${route}${query}`);
          await ready(page, route);
          if (route === "/trace")
            await page.waitForSelector(`body[data-traced="${caseNo}"]`, { timeout: 120_000 });
          if (route === "/admin" && role === "admin")
            await page.waitForSelector('[data-testid="admin-audit"][data-ready="true"]');
          if (route === "/recovery" && role !== "analyst") await page.waitForSelector("body[data-recovery]");
          if (route === "/case") await page.waitForSelector('[data-testid="case-timeline"] li');
          expect(await page.getAttribute("html", "lang")).toBe(lang);
          for (const line of untranslated(await visibleText(page))) found.push(`${role} ${route}: ${line}`);
        }
        await page.close();
      }
      expect(found).toEqual([]);
    });
  });
});
