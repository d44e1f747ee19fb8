/**
 * Test harness for the API: a real HTTP server (server/index.ts startServer, on 127.0.0.1:0) over a real store in a
 * temp folder, one user per role, and a small client that keeps the session cookie and CSRF token like a browser.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AppOptions } from "../../server/app.js";
import { hashPassword } from "../../server/auth/password.js";
import { ROLES, type Role } from "../../server/auth/roles.js";
import { readEnv } from "../../server/config.js";
import { startServer, type RunningServer } from "../../server/index.js";
import { createLogger, type Logger } from "../../server/logger.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";

/** Every role's test user; password = `${role}-password-1`. */
export const PASSWORD_OF = (role: Role): string => `${role}-password-1`;

export interface TestServer {
  url: string;
  store: GraphStore;
  dataDir: string;
  running: RunningServer;
  /** A signed-in client for a role. */
  as(role: Role): Promise<ApiClient>;
  anonymous(): ApiClient;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  options?: AppOptions;
  env?: Record<string, string>;
  /** Open this store instead of an embedded one in the temp folder (closed by close()). */
  openStore?: (dataDir: string) => Promise<GraphStore>;
  /** The server's logger; default: errors only, to stdout. */
  logger?: Logger;
}

// A cheap scrypt cost for the seeded users keeps logins fast; the hash format carries the cost, so verification is
// the real code path.
const CHEAP = { logN: 10, r: 8, p: 1 };

export async function startTestServer(opts: StartTestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-api-"));
  const env = readEnv({ LOG_LEVEL: "silent", ...opts.env });
  const store = opts.openStore ? await opts.openStore(dataDir) : await openEmbeddedStore({ dataDir });
  for (const role of ROLES) {
    await store.putUser({
      username: role,
      role,
      passwordHash: await hashPassword(PASSWORD_OF(role), CHEAP),
      createdAt: Date.now(),
    });
  }
  const running = await startServer({
    env,
    port: 0,
    host: "127.0.0.1",
    dataDir,
    store,
    // Unexpected 500s print their (masked) stack; nothing else is logged.
    logger: opts.logger ?? createLogger("error"),
    handleSignals: false,
    options: { clientDir: null, ...opts.options },
  });
  return {
    url: running.url,
    store,
    dataDir,
    running,
    async as(role) {
      const client = new ApiClient(running.url);
      await client.login(role, PASSWORD_OF(role));
      return client;
    },
    anonymous: () => new ApiClient(running.url),
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** The error body every failure carries. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { fields?: { path: string; message: string }[] } & Record<string, unknown>;
  };
}

/** A browser-like client: keeps the session cookie, sends the CSRF token on state-changing requests. */
export class ApiClient {
  cookie = "";
  csrfToken = "";

  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<ApiResponse> {
    const r = await this.request("POST", "/api/auth/login", { json: { username, password } });
    if (r.status === 200) this.csrfToken = (r.body as { csrfToken: string }).csrfToken;
    return r;
  }

  get<T = unknown>(p: string): Promise<ApiResponse<T>> {
    return this.request<T>("GET", p);
  }

  post<T = unknown>(
    p: string,
    json?: unknown,
    opts: { csrf?: string | false } = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>("POST", p, { json: json ?? {}, ...opts });
  }

  patch<T = unknown>(
    p: string,
    json: unknown,
    opts: { csrf?: string | false } = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>("PATCH", p, { json, ...opts });
  }

  upload<T = unknown>(
    p: string,
    form: FormData,
    opts: { csrf?: string | false } = {},
  ): Promise<ApiResponse<T>> {
    return this.request<T>("POST", p, { form, ...opts });
  }

  async request<T = unknown>(
    method: string,
    p: string,
    opts: { json?: unknown; form?: FormData; raw?: string; contentType?: string; csrf?: string | false } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = opts.csrf === undefined ? this.csrfToken : opts.csrf;
    if (method !== "GET" && csrf) headers["x-csrf-token"] = csrf;
    let body: RequestInit["body"];
    if (opts.form) body = opts.form;
    else if (opts.raw !== undefined) {
      body = opts.raw;
      headers["content-type"] = opts.contentType ?? "application/json";
    } else if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(this.base + p, { method, headers, body, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      this.cookie = /=$/.test(pair) ? "" : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json")) parsed = text ? JSON.parse(text) : null;
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
}

/** The field paths an error response names. */
export function fieldsOf(r: ApiResponse): string[] {
  return ((r.body as ErrorBody).error?.details?.fields ?? []).map((f) => f.path);
}
