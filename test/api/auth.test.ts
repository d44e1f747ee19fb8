import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../server/audit/index.js";
import { fieldsOf, PASSWORD_OF, startTestServer, type ErrorBody, type TestServer } from "./harness.js";

describe("signing in and out", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ options: { loginRateLimit: { windowMs: 60_000, limit: 3 } } });
  });
  afterAll(() => t.close());

  it("signs in with the right password and sets an httpOnly SameSite=Strict session cookie", async () => {
    const c = t.anonymous();
    const r = await c.login("analyst", PASSWORD_OF("analyst"));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      user: { username: "analyst", role: "analyst" },
      csrfToken: expect.any(String),
    });
    const setCookie = r.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/^mulegraph_sid=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const me = await c.get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: "analyst" }, csrfToken: c.csrfToken });
  });

  it("refuses a wrong password and an unknown user alike with 401, and audits both", async () => {
    const before = (await t.store.lastAudit())?.seq ?? 0;
    const wrong = await t.anonymous().login("admin", "not-the-password");
    const unknown = await t.anonymous().login("nobody", "not-the-password");
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect((r.body as ErrorBody).error.code).toBe("login_failed");
      expect(r.headers.getSetCookie()).toEqual([]);
    }
    const entries = await t.store.auditEntries({ afterSeq: before });
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ["admin", "auth.login_failed"],
      ["nobody", "auth.login_failed"],
    ]);
  });

  it("answers 401 to a request without a session, and to a made-up session id", async () => {
    expect((await t.anonymous().get("/api/auth/me")).status).toBe(401);
    const forged = t.anonymous();
    forged.cookie = "mulegraph_sid=" + "A".repeat(43);
    const r = await forged.get("/api/stats");
    expect(r.status).toBe(401);
    expect((r.body as ErrorBody).error.code).toBe("unauthorized");
  });

  it("refuses a state-changing request without the CSRF token, or with another session's token, with 403", async () => {
    const a = await t.as("admin");
    const b = await t.as("admin");
    const body = { username: "csrf-victim", role: "analyst", password: "long-enough-password" };
    const missing = await a.post("/api/users", body, { csrf: false });
    expect(missing.status).toBe(403);
    expect((missing.body as ErrorBody).error.code).toBe("csrf_failed");
    expect(fieldsOf(missing)).toEqual(["header.x-csrf-token"]);
    const foreign = await a.post("/api/users", body, { csrf: b.csrfToken });
    expect(foreign.status).toBe(403);
    expect(await t.store.getUser("csrf-victim")).toBeNull();
    expect((await a.post("/api/users", body)).status).toBe(201);
  });

  it("ends the session on logout: the old cookie no longer works", async () => {
    const c = await t.as("investigator");
    const cookie = c.cookie;
    const out = await c.post("/api/auth/logout");
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    c.cookie = cookie;
    expect((await c.get("/api/auth/me")).status).toBe(401);
  });

  it("rate-limits failed sign-ins per address with 429, while successful ones do not count", async () => {
    const isolated = await startTestServer({ options: { loginRateLimit: { windowMs: 60_000, limit: 3 } } });
    try {
      const c = isolated.anonymous();
      for (let i = 0; i < 5; i++) expect((await c.login("admin", PASSWORD_OF("admin"))).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await c.login("admin", "wrong-password")).status).toBe(401);
      const limited = await c.login("admin", "wrong-password");
      expect(limited.status).toBe(429);
      expect((limited.body as ErrorBody).error.code).toBe("rate_limited");
      // Even the right password waits out the window.
      expect((await c.login("admin", PASSWORD_OF("admin"))).status).toBe(429);
    } finally {
      await isolated.close();
    }
  });

  it("ends a user's sessions when an admin disables them, and refuses their next sign-in", async () => {
    const admin = await t.as("admin");
    await admin.post("/api/users", {
      username: "temp-user",
      role: "analyst",
      password: "temp-user-password",
    });
    const temp = t.anonymous();
    expect((await temp.login("temp-user", "temp-user-password")).status).toBe(200);
    expect((await admin.patch("/api/users/temp-user", { disabled: true })).status).toBe(200);
    expect((await temp.get("/api/auth/me")).status).toBe(401);
    expect((await temp.login("temp-user", "temp-user-password")).status).toBe(401);
  });

  it("records every sign-in in an intact audit chain", async () => {
    const result = await verifyChain(t.store);
    expect(result.ok).toBe(true);
    const entries = await t.store.auditEntries({ afterSeq: 0, limit: 1000 });
    expect(entries.some((e) => e.action === "auth.login" && e.actor === "analyst")).toBe(true);
  });
});
