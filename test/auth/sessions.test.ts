import { afterEach, describe, expect, it } from "vitest";
import { readSessionCookie, sessionCookie } from "../../server/auth/middleware.js";
import { SessionStore } from "../../server/auth/sessions.js";

describe("sessions", () => {
  let store: SessionStore;
  afterEach(() => store?.close());

  it("gives each session a random id and CSRF token of 256 bits", () => {
    store = new SessionStore();
    const a = store.create({ username: "aida", role: "analyst" });
    const b = store.create({ username: "aida", role: "analyst" });
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(a.id);
    expect(Buffer.from(a.id, "base64url")).toHaveLength(32);
    expect(Buffer.from(a.csrfToken, "base64url")).toHaveLength(32);
  });

  it("ends a session after the idle time and after the absolute lifetime", () => {
    store = new SessionStore({ idleMs: 1000, absoluteMs: 5000 });
    const t0 = 1_000_000;
    const idle = store.create({ username: "a", role: "admin" }, t0);
    expect(store.get(idle.id, t0 + 999)).not.toBeNull();
    expect(store.get(idle.id, t0 + 999 + 1001)).toBeNull();

    const busy = store.create({ username: "b", role: "admin" }, t0);
    for (let t = t0; t < t0 + 5000; t += 900) expect(store.get(busy.id, t)).not.toBeNull();
    expect(store.get(busy.id, t0 + 5001)).toBeNull();
  });

  it("ends every session of a user at once", () => {
    store = new SessionStore();
    const a = store.create({ username: "dana", role: "investigator" });
    const b = store.create({ username: "dana", role: "investigator" });
    const c = store.create({ username: "erlan", role: "investigator" });
    store.destroyUser("dana");
    expect(store.get(a.id)).toBeNull();
    expect(store.get(b.id)).toBeNull();
    expect(store.get(c.id)).not.toBeNull();
  });

  it("writes an httpOnly SameSite=Strict cookie and reads it back among others", () => {
    const cookie = sessionCookie("abc", false, 60);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    expect(sessionCookie("abc", true, 60)).toMatch(/; Secure$/);
    expect(readSessionCookie("theme=dark; mulegraph_sid=abc; x=1")).toBe("abc");
    expect(readSessionCookie("theme=dark")).toBeUndefined();
  });
});
