/**
 * Loads through the API (server/api/routes/loads.ts): an upload job is a recorded load; a load that failed after
 * writing is named by the answer header, /api/stats and /readyz, stops analysis, and is rolled back by analysts and
 * admins only. The kill -9 case is test/hostile/kill-mid-upload.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadRecord } from "../../server/store/types.js";
import { startTestServer, type TestServer } from "./harness.js";
import { csvForm, REGISTER_CSV } from "./seed.fixtures.js";
import { fixtureBatches } from "../store/store.fixtures.js";

describe("loads in the API", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("records an upload as a complete load of its file, and names no incomplete load", async () => {
    const analyst = await t.as("analyst");
    const started = await analyst.upload<{ id: string }>(
      "/api/uploads",
      csvForm("register.csv", REGISTER_CSV),
    );
    expect(started.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const u = await analyst.get<{ status: string }>(`/api/uploads/${started.body.id}`);
      if (u.body.status === "done") break;
      expect(u.body.status).not.toBe("failed");
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await analyst.get<{ loads: LoadRecord[]; incomplete: string[] }>("/api/loads?all=true");
    expect(r.status).toBe(200);
    expect(r.body.incomplete).toEqual([]);
    expect(r.body.loads).toEqual([
      expect.objectContaining({
        status: "complete",
        by: "analyst",
        origin: `upload:${started.body.id}`,
        inputs: [{ name: "register.csv", bytes: Buffer.byteLength(REGISTER_CSV) }],
        files: [expect.objectContaining({ name: "register.csv", fresh: true })],
      }),
    ]);
    // The owner's per-process token stays on the server.
    expect(r.body.loads[0]!.owner).toEqual({ host: expect.any(String), pid: expect.any(Number) });
    const stats = await analyst.get<{ incompleteLoads: string[] }>("/api/stats");
    expect(stats.body.incompleteLoads).toEqual([]);
    expect(stats.headers.get("x-mulegraph-incomplete-loads")).toBeNull();
  });

  it("names a failed load everywhere, refuses analysis on it, and lets only analysts and admins roll it back", async () => {
    const id = "load-api-failed";
    const start = { id, by: "test", origin: "cli", inputs: [{ name: "statements.csv", bytes: 1 }] };
    const failure = t.store.bulkLoad(async () => {
      await t.store.writeBatch(fixtureBatches[1]!);
      throw new Error("loads.test: the second file could not be read");
    }, start);
    await expect(failure).rejects.toThrow("could not be read");

    const investigator = await t.as("investigator");
    const stats = await investigator.get<{ incompleteLoads: string[] }>("/api/stats");
    expect(stats.body.incompleteLoads).toEqual([id]);
    // The header is looked up at most once a second; the stats answer above looked again.
    const next = await investigator.get("/api/complaints");
    expect(next.headers.get("x-mulegraph-incomplete-loads")).toBe(id);
    const ready = await t.anonymous().get<{ status: string; incompleteLoads?: string[] }>("/readyz");
    expect(ready.body).toMatchObject({ status: "ready", incompleteLoads: [id] });
    // Anonymous answers do not carry the header.
    expect(ready.headers.get("x-mulegraph-incomplete-loads")).toBeNull();
    const analysis = await investigator.post<{ error: { code: string; message: string } }>(
      "/api/analysis",
      {},
    );
    expect(analysis.status).toBe(409);
    expect(analysis.body.error.code).toBe("incomplete_load");
    expect(analysis.body.error.message).toContain(id);

    for (const role of ["investigator", "prosecutor"] as const) {
      expect((await (await t.as(role)).post(`/api/loads/${id}/rollback`, {})).status).toBe(403);
    }
    const admin = await t.as("admin");
    expect((await admin.post("/api/loads/load-none/rollback", {})).status).toBe(404);
    const rolled = await admin.post<{ removed: { records: number } }>(`/api/loads/${id}/rollback`, {});
    expect(rolled.status, rolled.text).toBe(200);
    expect(rolled.body.removed.records).toBeGreaterThan(0);
    expect((await admin.post(`/api/loads/${id}/rollback`, {})).status).toBe(409);
    const after = await investigator.get<{ incompleteLoads: string[] }>("/api/stats");
    expect(after.body.incompleteLoads).toEqual([]);
    expect(
      (await investigator.get("/api/complaints")).headers.get("x-mulegraph-incomplete-loads"),
    ).toBeNull();
    expect((await investigator.post("/api/analysis", {})).status).toBe(200);
  });
});
