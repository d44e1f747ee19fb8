/**
 * What every browser test needs besides the browser: the CLI to set a case up, a real `mulegraph serve` on a free
 * loopback port over the embedded store in a data folder, and the readiness wait. Chromium itself comes from
 * test/support/chromium.ts (installed by the browser project's global setup when missing).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { chromiumPath } from "../support/chromium.js";

export const CLI = path.resolve("bin/mulegraph.js");

/** Whether the browser tests can run here; under CI=true a missing browser fails the run instead of skipping. */
export const haveChromium = chromiumPath() !== null;
if (!haveChromium && process.env.CI) throw new Error("browser tests: Chromium is missing under CI=true");

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Run `mulegraph …` on the embedded store (NEO4J_URI cleared); its stdout, or an error with its stderr. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "", ...env },
  });
  if (r.status !== 0) throw new Error(`mulegraph ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export interface ServedApp {
  base: string;
  server: ChildProcess;
}

/** Start `mulegraph serve` on the data folder and wait until /readyz answers (up to a minute). */
export async function serve(dataDir: string): Promise<ServedApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [CLI, "serve", "--port", String(port), "--data-dir", dataDir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEO4J_URI: "", LOG_LEVEL: "warn" },
  });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, server };
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill("SIGTERM");
  throw new Error(`browser tests: mulegraph serve on ${base} was not ready within a minute`);
}

/**
 * Open the app in `lang` (client/src/i18n keeps the choice in localStorage under this key): set before any page
 * script runs, so the first render is already in that language. Tests that assert English words use "en"; the
 * default is Russian.
 */
export async function useLanguage(page: Page, lang: "ru" | "kk" | "en"): Promise<void> {
  await page.addInitScript((l) => {
    const storage = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } })
      .localStorage;
    storage.setItem("mulegraph.lang", l);
  }, lang);
}

/**
 * A generated case of the first world, ingested and analysed by the CLI into `<dir>/data`, with one user of `role`
 * whose password is `password`; the data folder's path.
 */
export function analysedCase(
  dir: string,
  opts: { seed: number; accounts: number; user: string; role: string; password: string },
): string {
  const caseDir = path.join(dir, "case");
  const dataDir = path.join(dir, "data");
  cli(["generate", "--out", caseDir, "--seed", String(opts.seed), "--accounts", String(opts.accounts)]);
  cli(["ingest", path.join(caseDir, "exports"), "--data-dir", dataDir]);
  cli(["analyze", "--data-dir", dataDir]);
  cli(["user", "add", opts.user, "--role", opts.role, "--data-dir", dataDir], {
    MULEGRAPH_PASSWORD: opts.password,
  });
  return dataDir;
}

/** Open the app at `base` and log in through its form; resolves once the home page is ready. */
export async function logIn(page: Page, base: string, user: string, password: string): Promise<void> {
  await page.goto(base);
  await page.waitForSelector('body[data-ready="login"]', { timeout: 60_000 });
  await page.fill('[data-testid="username"]', user);
  await page.fill('[data-testid="password"]', password);
  await page.click('[data-testid="login"]');
  await page.waitForSelector('body[data-ready="/"]', { timeout: 60_000 });
}
