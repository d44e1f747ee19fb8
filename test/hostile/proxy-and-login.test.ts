/**
 * Hostile probes of the HTTP edge (issue 22, item 5): behind a TLS-terminating proxy named by MULEGRAPH_TRUST_PROXY
 * the session cookie is Secure and the login limit keys on the client's forwarded address; without the setting
 * forwarded headers are ignored (a client cannot pick its own address); refused sign-ins are in the audit trail; API
 * answers are never cacheable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, readEnv } from "../../server/config.js";
import type { AuditEntry } from "../../server/store/types.js";
import { PASSWORD_OF, startTestServer, type TestServer } from "../api/harness.js";

const LIMIT = { windowMs: 60_000, limit: 2 };

/** POST /api/auth/login as if relayed by a proxy for `clientIp` over https. */
async function loginVia(
  t: TestServer,
  username: string,
  password: string,
  clientIp: string,
): Promise<Response> {
  return fetch(`${t.url}/api/auth/login`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": clientIp,
      "x-forwarded-proto": "https",
    },
    body: JSON.stringify({ username, password }),
  });
}

async function auditSince(t: TestServer, seq: number): Promise<AuditEntry[]> {
  return t.store.auditEntries({ afterSeq: seq, limit: 1000 });
}

describe("behind a trusted proxy (MULEGRAPH_TRUST_PROXY=loopback)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      env: { MULEGRAPH_TRUST_PROXY: "loopback" },
      options: { loginRateLimit: LIMIT },
    });
  });
  afterAll(() => t.close());

  it("sets a Secure session cookie when the proxy says the request came over https", async () => {
    const r = await loginVia(t, "admin", PASSWORD_OF("admin"), "203.0.113.7");
    expect(r.status).toBe(200);
    expect(r.headers.getSetCookie()[0]).toMatch(/; Secure/);
  });

  it("limits failed sign-ins per forwarded client address, and audits each refusal with that address", async () => {
    const from = (await t.store.lastAudit())?.seq ?? 0;
    for (let i = 0; i < LIMIT.limit; i++)
      expect((await loginVia(t, "analyst", "wrong-password", "198.51.100.1")).status).toBe(401);
    expect((await loginVia(t, "analyst", "wrong-password", "198.51.100.1")).status).toBe(429);
    // Another user behind the same proxy still has the whole budget.
    expect((await loginVia(t, "investigator", "wrong-password", "198.51.100.2")).status).toBe(401);
    const entries = await auditSince(t, from);
    expect(entries.map((e) => [e.action, e.actor, e.params.ip])).toEqual([
      ["auth.login_failed", "analyst", "198.51.100.1"],
      ["auth.login_failed", "analyst", "198.51.100.1"],
      ["auth.login_rate_limited", "analyst", "198.51.100.1"],
      ["auth.login_failed", "investigator", "198.51.100.2"],
    ]);
  });
});

describe("without a trusted proxy (the default)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ options: { loginRateLimit: LIMIT } });
  });
  afterAll(() => t.close());

  it("ignores forwarded headers: no Secure cookie over plain http, and a forged address does not reset the limit", async () => {
    const ok = await loginVia(t, "admin", PASSWORD_OF("admin"), "203.0.113.7");
    expect(ok.headers.getSetCookie()[0]).not.toMatch(/Secure/);
    for (let i = 0; i < LIMIT.limit; i++)
      expect((await loginVia(t, "analyst", "wrong-password", `192.0.2.${i}`)).status).toBe(401);
    expect((await loginVia(t, "analyst", "wrong-password", "192.0.2.99")).status).toBe(429);
    const last = await t.store.lastAudit();
    expect(last).toMatchObject({
      action: "auth.login_rate_limited",
      params: { ip: expect.stringMatching(/127\.0\.0\.1/) },
    });
  });

  it("marks every API answer, errors included, as not to be stored by any cache", async () => {
    const admin = await t.as("admin");
    for (const p of ["/api/auth/me", "/api/stats", "/api/search?q=KZ", "/api/no-such-route"]) {
      const r = await admin.get(p);
      expect(r.headers.get("cache-control"), p).toBe("no-store");
    }
    expect((await t.anonymous().get("/api/stats")).headers.get("cache-control")).toBe("no-store");
  });
});

describe("MULEGRAPH_TRUST_PROXY", () => {
  it("refuses at boot a value that is not a proxy address, subnet or hop count, and refuses 'true'", () => {
    for (const bad of ["true", "proxy.example", "10.0.0.0/99", "::1/200"]) {
      expect(() => readEnv({ MULEGRAPH_TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => readEnv({ MULEGRAPH_TRUST_PROXY: bad }), bad).toThrow(/MULEGRAPH_TRUST_PROXY/);
    }
    for (const good of ["false", "1", "loopback", "10.0.0.0/8, 2001:db8::/32", "192.0.2.10"])
      expect(() => readEnv({ MULEGRAPH_TRUST_PROXY: good }), good).not.toThrow();
  });
});
