/**
 * `mulegraph serve` as a process: listens on loopback, answers health checks, serves the client with an SPA
 * fallback, and stops cleanly on SIGTERM. startServer refuses a non-loopback host that was not chosen explicitly.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, readEnv } from "../../server/config.js";
import { isLoopback, startServer } from "../../server/index.js";
import { createLogger } from "../../server/logger.js";
import { ApiClient, startTestServer } from "./harness.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-serve-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("mulegraph serve", () => {
  it("listens on 127.0.0.1, answers /healthz and /readyz, runs an analysis in its worker, and exits 0 on SIGTERM", async () => {
    const env = { ...process.env, NEO4J_URI: "", HOST: "", PORT: "0", LOG_LEVEL: "info" };
    delete (env as Record<string, string | undefined>).HOST;
    const add = spawnSync(
      process.execPath,
      [
        "bin/mulegraph.js",
        "--data-dir",
        dataDir,
        "user",
        "add",
        "root",
        "--role",
        "admin",
        "--password-stdin",
      ],
      {
        input: "root-password-1\n",
        encoding: "utf8",
        env,
      },
    );
    expect(add.status, add.stderr).toBe(0);
    const child = spawn(
      process.execPath,
      ["bin/mulegraph.js", "--data-dir", dataDir, "serve", "--port", "0"],
      { env },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    let url = "";
    for (let i = 0; i < 300 && !url; i++) {
      url = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? "";
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, out).not.toBe("");
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", store: "embedded" });
    const client = new ApiClient(url);
    expect((await client.login("root", "root-password-1")).status).toBe(200);
    const analysis = await client.post<{ accounts: number }>("/api/analysis", {});
    expect(analysis.status, analysis.text).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/server: stopped/);
  });

  it("refuses a non-loopback host unless it was set explicitly", async () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("0.0.0.0")).toBe(false);
    await expect(
      startServer({
        env: readEnv({ LOG_LEVEL: "silent" }),
        host: "0.0.0.0",
        port: 0,
        dataDir,
        handleSignals: false,
        logger: createLogger("silent"),
      }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("the web client", () => {
  it("is served from its build folder with an SPA fallback, a CSP that allows the layout worker, and JSON 404s under /api", async () => {
    const clientDir = path.join(dataDir, "client");
    mkdirSync(path.join(clientDir, "assets"), { recursive: true });
    writeFileSync(path.join(clientDir, "index.html"), "<!doctype html><title>Mulegraph</title>");
    writeFileSync(path.join(clientDir, "assets", "app.js"), "console.log(1)");
    const t = await startTestServer({ options: { clientDir } });
    try {
      const index = await fetch(`${t.url}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain("<title>Mulegraph</title>");
      const csp = index.headers.get("content-security-policy")!;
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain("upgrade-insecure-requests");
      expect(index.headers.get("x-content-type-options")).toBe("nosniff");
      expect(index.headers.get("x-powered-by")).toBeNull();
      expect((await fetch(`${t.url}/assets/app.js`)).headers.get("content-type")).toMatch(/javascript/);
      const deep = await fetch(`${t.url}/clusters/C1`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain("<title>Mulegraph</title>");
      const api = await fetch(`${t.url}/api/no-such-thing`);
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: { code: "not_found" } });
    } finally {
      await t.close();
    }
  });
});
