import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, maskPersonalData } from "../../server/logger.js";
import { startTestServer } from "./harness.js";
import { ACC, seedKnownCase } from "./seed.fixtures.js";

describe("logs without personal data", () => {
  it.each([
    ["IBAN", "account KZ86125KZT5004100100 frozen", "[iban]"],
    ["IIN", "holder 870412300115", "[iin]"],
    ["E.164 phone", "phone +77011234567", "[phone]"],
    ["local phone", "phone 8 701 123 45 67", "[phone]"],
    ["masked card", "card 4400 43** **** 1234", "[card]"],
    ["e-mail", "mail a.b@example.kz", "[email]"],
  ])("masks an %s in a message", (_kind, text, placeholder) => {
    const masked = maskPersonalData(text);
    expect(masked).toContain(placeholder);
    expect(masked).not.toMatch(/\d{6,}/);
  });

  it("leaves ordinary numbers and timestamps alone", () => {
    expect(maskPersonalData("GET 200 in 12.5 ms at 2024-03-01T10:00:00Z")).toBe(
      "GET 200 in 12.5 ms at 2024-03-01T10:00:00Z",
    );
  });

  it("redacts bodies, query strings, passwords and cookies by key, and masks message strings", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger("info", sink);
    logger.info(
      {
        req: {
          body: { q: "870412300115" },
          query: { q: "Иванов" },
          headers: { cookie: "mulegraph_sid=secret" },
        },
        password: "hunter2hunter2",
      },
      "search for KZ86125KZT5004100100",
    );
    const text = lines.join("");
    for (const secret of [
      "870412300115",
      "Иванов",
      "mulegraph_sid=secret",
      "hunter2hunter2",
      "KZ86125KZT5004100100",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[redacted]");
  });
});

describe("request logs of the running server", () => {
  it("name the route pattern and status, never the searched text, the entity id or the password", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const t = await startTestServer({ logger: createLogger("info", sink) });
    try {
      await seedKnownCase(t.store);
      const c = await t.as("investigator");
      await c.get(`/api/search?q=${ACC.D1}`);
      await c.get(`/api/search?q=${encodeURIComponent("Ержанов")}`);
      await c.get(`/api/entities/${encodeURIComponent(`account:${ACC.D1}`)}`);
      await c.get(`/api/entities/${encodeURIComponent("person:900712200340")}`);
      await c.get(`/api/nothing/${ACC.D2}`);
      const text = lines.join("");
      const records = lines.map((l) => JSON.parse(l) as { route?: string; status?: number });
      expect(records.filter((r) => r.route === "/api/search").map((r) => r.status)).toEqual([200, 200]);
      expect(records.some((r) => r.route === "/api/entities/:id")).toBe(true);
      for (const secret of [ACC.D1, ACC.D2, "Ержанов", "%D0%95", "900712200340", "investigator-password-1"]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });
});
