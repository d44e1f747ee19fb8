/**
 * An entity over HTTP pages its relationships like search's "more results": `edgesTotal` counts them all and
 * `edgesNext` gives the next page's offset until the last page; each page is audited as a view of the entity. With
 * read workers the store sends entity and neighbourhood answers as JSON it built in the worker: the same answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityDetail } from "../../model/graph.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { ACC } from "../store/store.fixtures.js";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";
import { seedKnownCase } from "./seed.fixtures.js";

const HUB = encodeURIComponent(`account:${ACC.H}`);

describe("an entity's relationships over HTTP", () => {
  let t: TestServer;
  let investigator: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    investigator = await t.as("investigator");
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (query: string) => {
    const r = await investigator.get<EntityDetail>(`/api/entities/${HUB}${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  it("carries them all with their total when they fit one page, as before", async () => {
    const whole = await get("");
    expect(whole.edges.length).toBe(whole.edgesTotal);
    expect(whole.edgesNext).toBeNull();
    expect(whole.edgesTotal).toBeGreaterThan(3);
  });

  it("pages with edgesNext until the last page, each relationship once, in the order of one big page", async () => {
    const whole = await get("");
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: EntityDetail = await get(`?limit=2&offset=${offset}`);
      expect(page.edgesTotal).toBe(whole.edgesTotal);
      expect(page.edges.length).toBe(page.edgesNext === null ? whole.edgesTotal - offset : 2);
      seen.push(...page.edges.map((e) => e.id));
      offset = page.edgesNext;
    }
    expect(seen).toEqual(whole.edges.map((e) => e.id));
  });

  it("audits every page as a view of the entity, naming the offset of a later page", async () => {
    await get("?limit=2&offset=2");
    const last = await t.store.lastAudit();
    expect(last).toMatchObject({
      action: "entity.view",
      target: `account:${ACC.H}`,
      params: { found: true, offset: 2 },
    });
  });

  it("refuses a page size over the maximum and a negative offset", async () => {
    expect((await investigator.get(`/api/entities/${HUB}?limit=5001`)).status).toBe(400);
    expect((await investigator.get(`/api/entities/${HUB}?offset=-1`)).status).toBe(400);
  });
});

describe("entity and neighbourhood answers built in the read workers", () => {
  let plain: TestServer;
  let pooled: TestServer;
  beforeAll(async () => {
    plain = await startTestServer();
    pooled = await startTestServer({
      openStore: (dataDir) => openEmbeddedStore({ dataDir, readWorkers: 2 }),
    });
    await seedKnownCase(plain.store);
    await seedKnownCase(pooled.store);
  });
  afterAll(async () => {
    await plain?.close();
    await pooled?.close();
  });

  it("are the answers of the server's own thread, with the same audit entries and 404s", async () => {
    expect(pooled.store.serialized).toBeDefined();
    expect(plain.store.serialized).toBeUndefined();
    const paths = [
      `/api/entities/${HUB}`,
      `/api/entities/${HUB}?limit=2&offset=2`,
      `/api/graph/neighbourhood?ids=${HUB}&depth=1`,
      `/api/graph/neighbourhood?ids=${HUB}&depth=2&nodeCap=3`,
      `/api/entities/${encodeURIComponent("account:KZ000000000000000099")}`,
      `/api/graph/neighbourhood?ids=${encodeURIComponent("account:KZ000000000000000099")}`,
    ];
    const a = await plain.as("investigator");
    const b = await pooled.as("investigator");
    for (const p of paths) {
      const [x, y] = [await a.get(p), await b.get(p)];
      expect(y.status, p).toBe(x.status);
      expect(y.body, p).toEqual(x.body);
      expect(y.headers.get("content-type"), p).toBe(x.headers.get("content-type"));
      const [ex, ey] = [await plain.store.lastAudit(), await pooled.store.lastAudit()];
      expect({ ...ey, ts: 0, hash: "", prevHash: "" }, p).toEqual({ ...ex, ts: 0, hash: "", prevHash: "" });
    }
  });
});
