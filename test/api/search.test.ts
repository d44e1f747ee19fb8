/**
 * Search over HTTP: fragments and names in any order reach the store, and "more results" pages with `next` until
 * every hit has been seen once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACC, CARD, ID } from "../store/store.fixtures.js";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";
import { seedKnownCase } from "./seed.fixtures.js";

interface Page {
  hits: { id: string; matched: string }[];
  next: number | null;
}

describe("search over HTTP", () => {
  let t: TestServer;
  let analyst: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    analyst = await t.as("analyst");
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = async (params: string) => {
    const r = await analyst.get<Page>(`/api/search?${params}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  it("finds a card by its last 4 digits and a person by first name then surname", async () => {
    expect((await search("q=1234")).hits.map((h) => h.id)).toContain(`card:${CARD}`);
    const byName = await search(`q=${encodeURIComponent("Ерлан Нурланов")}`);
    expect(byName.hits[0]).toMatchObject({ id: `person:${ID.H}`, matched: "name" });
    expect(byName.next).toBeNull();
  });

  it("pages with next until the last page, each hit once, in the order of one big page", async () => {
    const all = await search("q=000000000&limit=100");
    expect(all.next).toBeNull();
    expect(all.hits.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: Page = await search(`q=000000000&limit=3&offset=${offset}`);
      seen.push(...page.hits.map((h) => h.id));
      expect(page.hits.length).toBe(page.next === null ? all.hits.length - offset : 3);
      offset = page.next;
    }
    expect(seen).toEqual(all.hits.map((h) => h.id));
    expect(seen).toContain(`account:${ACC.H}`);
  });

  it("refuses a negative offset", async () => {
    const r = await analyst.get("/api/search?q=1234&offset=-1");
    expect(r.status).toBe(400);
  });
});
