/**
 * Analysis over HTTP: detection runs in a worker thread with the same result as in-process, one run at a time, and
 * the run becomes the current analysis that the cluster routes read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detect, resolveDetectParams } from "../../server/analytics/detect/index.js";
import { detectInWorker } from "../../server/jobs/analysis.js";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";
import { seedKnownCase } from "./seed.fixtures.js";

describe("analysis over HTTP", () => {
  let t: TestServer;
  let investigator: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    investigator = await t.as("investigator");
  });
  afterAll(() => t.close());

  it("detects in a worker thread exactly what detect() finds in-process", async () => {
    const projection = await t.store.projection();
    const params = resolveDetectParams({ seed: 7 });
    const inProcess = detect(projection, params);
    const inWorker = await detectInWorker(projection, params);
    expect(inWorker.accounts).toEqual(inProcess.accounts);
    expect(inWorker.clusters).toEqual(inProcess.clusters);
  });

  it("runs one analysis at a time: a second request meanwhile gets 409", async () => {
    const [a, b] = await Promise.all([
      investigator.post("/api/analysis", {}),
      investigator.post("/api/analysis", {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it("makes the run current: /api/analysis and /api/clusters show it, and a cluster has its subgraph", async () => {
    const run = await investigator.post<{
      run: { runId: string };
      clusters: number;
      top: { id: string; members: string[] }[];
    }>("/api/analysis", { resolution: 1 });
    expect(run.status).toBe(200);
    expect(run.body.clusters).toBeGreaterThan(0);
    const current = await investigator.get<{ run: { runId: string; params: { resolution: number } } }>(
      "/api/analysis",
    );
    expect(current.body.run.runId).toBe(run.body.run.runId);
    expect(current.body.run.params.resolution).toBe(1);
    const list = await investigator.get<{ clusters: { id: string }[]; total: number }>("/api/clusters");
    expect(list.body.total).toBe(run.body.clusters);
    const top = run.body.top[0]!;
    const one = await investigator.get<{ subgraph: { nodes: { id: string }[] }; accounts: unknown[] }>(
      `/api/clusters/${encodeURIComponent(top.id)}`,
    );
    expect(one.status).toBe(200);
    expect(one.body.subgraph.nodes.map((n) => n.id).sort()).toEqual(
      top.members.map((m) => `account:${m}`).sort(),
    );
    expect(one.body.accounts).toHaveLength(top.members.length);
  });
});
