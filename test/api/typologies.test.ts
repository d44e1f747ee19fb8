/**
 * Typologies over HTTP: after an analysis of a small second-world case (`generate --world aml`, ingested with its
 * mapping.json into the server's real store), the cluster list, one cluster and an account's entity answer carry the
 * typologies the store keeps, and the OpenAPI document describes the field.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AML_REGISTER_FILE, generateCase } from "../../generator/index.js";
import { ingestFiles, readMappingFile } from "../../ingest/index.js";
import type { AnalysisResult, ClusterAnalysis } from "../../model/analysis.js";
import type { EntityDetail } from "../../model/graph.js";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";

describe("typologies over HTTP", () => {
  let t: TestServer;
  let investigator: ApiClient;
  let dir: string;
  let stored: AnalysisResult;
  beforeAll(async () => {
    t = await startTestServer();
    dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-api-aml-"));
    await generateCase({ out: dir, seed: 13, accounts: 400, world: "aml" });
    await ingestFiles([path.join(dir, "exports", AML_REGISTER_FILE)], {
      mapping: await readMappingFile(path.join(dir, "mapping.json")),
      onBatch: (records) => t.store.writeBatch(records),
    });
    investigator = await t.as("investigator");
    expect((await investigator.post("/api/analysis", { seed: 1 })).status).toBe(200);
    stored = (await t.store.latestAnalysis())!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("lists every cluster with the typologies the store keeps", async () => {
    expect(stored.clusters.some((c) => c.typologies?.length)).toBe(true);
    const list = await investigator.get<{ clusters: ClusterAnalysis[] }>("/api/clusters?limit=1000");
    expect(list.body.clusters).toEqual(stored.clusters);
  });

  it("gives one cluster's typologies and its members' typologies", async () => {
    const cluster = stored.clusters.find((c) => c.typologies?.length)!;
    const one = await investigator.get<{ cluster: ClusterAnalysis; accounts: AnalysisResult["accounts"] }>(
      `/api/clusters/${encodeURIComponent(cluster.id)}`,
    );
    expect(one.body.cluster.typologies).toEqual(cluster.typologies);
    const members = new Set(cluster.members);
    expect(one.body.accounts).toEqual(stored.accounts.filter((a) => members.has(a.id)));
    expect(one.body.accounts.some((a) => a.typologies?.length)).toBe(true);
  });

  it("puts an account's typologies on its entity answer", async () => {
    const account = stored.accounts.find((a) => a.typologies?.length)!;
    const r = await investigator.get<EntityDetail>(
      `/api/entities/${encodeURIComponent(`account:${account.id}`)}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.node.typologies).toEqual(account.typologies);
  });

  it("documents typologies on clusters, cluster accounts and graph nodes in the OpenAPI document", async () => {
    const doc = await t.anonymous().get<{
      components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
    }>("/api/openapi.json");
    for (const name of ["Cluster", "AccountAnalysis", "GraphNode"]) {
      const field = doc.body.components.schemas[name]?.properties?.typologies;
      expect(field, name).toBeDefined();
      expect(field?.description, name).toContain("random (layering chain)");
    }
  });
});
