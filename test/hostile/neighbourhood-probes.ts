/**
 * The neighbourhood edge cap probe (issue 22, item 5: 8.4 MB of edges from a 1 000-account case) as a suite for
 * either store: the answer carries at most the cap's edges, the first in id order, says `truncated`, and the server
 * setting MULEGRAPH_NEIGHBOURHOOD_MAX_EDGES bounds whatever the client asks for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Subgraph } from "../../model/graph.js";
import type { GraphStore } from "../../server/store/types.js";
import { type ApiClient, startTestServer, type TestServer } from "../api/harness.js";
import { ACC, seedKnownCase } from "../api/seed.fixtures.js";

const START = encodeURIComponent(`account:${ACC.H}`);
const SERVER_CAP = 4;

export function neighbourhoodProbes(
  storeName: string,
  openStore: (dataDir: string) => Promise<GraphStore>,
): void {
  describe(`neighbourhood edge cap on the ${storeName} store`, () => {
    let t: TestServer;
    let investigator: ApiClient;
    let whole: Subgraph;
    beforeAll(async () => {
      t = await startTestServer({
        env: { MULEGRAPH_NEIGHBOURHOOD_MAX_EDGES: String(SERVER_CAP) },
        openStore: async (dir) => {
          const store = await openStore(dir);
          await seedKnownCase(store);
          return store;
        },
      });
      investigator = await t.as("investigator");
      // The whole neighbourhood, straight from the store: what the caps cut.
      whole = await t.store.neighbourhood([`account:${ACC.H}`], { depth: 2, edgeCap: 1_000_000 });
      expect(whole.edges.length).toBeGreaterThan(SERVER_CAP);
    });
    afterAll(() => t.close());

    it("cuts the edges at the asked cap, keeping the first in id order, and says truncated", async () => {
      const r = await investigator.get<Subgraph>(`/api/graph/neighbourhood?ids=${START}&depth=2&edgeCap=2`);
      expect(r.status).toBe(200);
      expect(r.body.truncated).toBe(true);
      const ids = whole.edges.map((e) => e.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(r.body.edges.map((e) => e.id)).toEqual(ids.slice(0, 2));
      expect(r.body.nodes.length).toBe(whole.nodes.length);
    });

    it("never carries more edges than MULEGRAPH_NEIGHBOURHOOD_MAX_EDGES, whatever the client asks", async () => {
      for (const q of ["", "&edgeCap=1000"]) {
        const r = await investigator.get<Subgraph>(`/api/graph/neighbourhood?ids=${START}&depth=2${q}`);
        expect(r.status).toBe(200);
        expect(r.body.edges.length).toBe(SERVER_CAP);
        expect(r.body.truncated).toBe(true);
      }
    });

    it("is not truncated when every edge fits", async () => {
      const r = await investigator.get<Subgraph>(`/api/graph/neighbourhood?ids=${START}&depth=0`);
      expect(r.status).toBe(200);
      expect(r.body.edges.length).toBeLessThanOrEqual(SERVER_CAP);
      expect(r.body.truncated).toBe(false);
    });
  });
}
