import { parse as parseGraphml } from "graphology-graphml";
import { MultiDirectedGraph } from "graphology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPackage } from "../../server/evidence/index.js";
import { readZip } from "../../server/evidence/zip.js";
import { startTestServer, type ApiClient, type TestServer } from "../api/harness.js";
import { ACC, CASE_NO, evidenceRecords } from "./records.fixtures.js";

let t: TestServer;

/** POST /api/exports as `client`, keeping the answer as bytes (the harness client reads text). */
async function exportAs(
  client: ApiClient,
  body: unknown,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${t.url}/api/exports`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: client.cookie, "x-csrf-token": client.csrfToken },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startTestServer();
  await t.store.writeBatch(evidenceRecords());
});
afterAll(() => t?.close());

describe("POST /api/exports", () => {
  it("gives a prosecutor an evidence package that verifies, and records the export under their name", async () => {
    const r = await exportAs(await t.as("prosecutor"), { selection: { trace: CASE_NO }, format: "package" });
    expect(r.status, r.bytes.toString().slice(0, 300)).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/zip");
    expect(r.headers.get("content-disposition")).toContain(`evidence-case-${CASE_NO}.zip`);
    const report = await verifyPackage(r.bytes);
    expect(report.ok).toBe(true);
    expect(report.manifest?.actor).toBe("prosecutor");
    expect(r.headers.get("x-manifest-sha256")).toBe(report.manifestSha256);
    const seq = Number(r.headers.get("x-audit-seq"));
    const [entry] = await t.store.auditEntries({ afterSeq: seq - 1, limit: 1 });
    expect(entry).toMatchObject({ actor: "prosecutor", action: "export.create" });
    expect(entry!.params.manifestSha256).toBe(report.manifestSha256);
  });

  it("answers GraphML that graphology reads, and the CSV pair zipped", async () => {
    const admin = await t.as("admin");
    const graphml = await exportAs(admin, {
      selection: { accounts: [ACC.VICTIM, ACC.DROP] },
      format: "graphml",
    });
    expect(graphml.status).toBe(200);
    const graph = parseGraphml(MultiDirectedGraph, graphml.bytes.toString("utf8"));
    expect(graph.hasNode(`account:${ACC.DROP}`)).toBe(true);

    const csv = await exportAs(admin, { selection: { ids: [`account:${ACC.VICTIM}`] }, format: "csv" });
    expect(csv.status).toBe(200);
    expect((await readZip(csv.bytes)).map((e) => e.path).sort()).toEqual(["edges.csv", "nodes.csv"]);
  });

  it("refuses analysts and investigators (403) and anonymous callers (401)", async () => {
    for (const role of ["analyst", "investigator"] as const) {
      const r = await exportAs(await t.as(role), { selection: { trace: CASE_NO }, format: "json" });
      expect(r.status, role).toBe(403);
    }
    expect((await exportAs(t.anonymous(), { selection: { trace: CASE_NO }, format: "json" })).status).toBe(
      401,
    );
  });

  it("answers 404 for an unknown case and 400 for a malformed request", async () => {
    const admin = await t.as("admin");
    expect((await exportAs(admin, { selection: { trace: "no-such-case" }, format: "package" })).status).toBe(
      404,
    );
    expect((await exportAs(admin, { selection: { trace: CASE_NO }, format: "xlsx" })).status).toBe(400);
    expect((await exportAs(admin, { selection: { accounts: [] }, format: "json" })).status).toBe(400);
  });

  it("lists its formats", async () => {
    const r = await (await t.as("prosecutor")).get<{ formats: string[] }>("/api/exports/formats");
    expect(r.body.formats.sort()).toEqual(["csv", "gexf", "graphml", "json", "package"]);
  });
});
