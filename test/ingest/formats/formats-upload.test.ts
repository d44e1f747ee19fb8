/**
 * The browser's way in for non-CSV exports: the upload preview and an upload job on the real server with the real
 * ingest pipeline, for one file of each format (test/fixtures/exports/README.md says where their shapes come from).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, startTestServer, type TestServer } from "../../api/harness.js";
import { exportFixture, FORMAT_FIXTURES } from "./formats.fixtures.js";

interface Upload {
  id: string;
  status: string;
  summary?: {
    totals: { rowsRead: number; accepted: number; duplicates: number; rejected: number };
    files: { file: string; kind: string; format?: string; rejects: { line: number }[] }[];
  };
  error?: string;
}

/** One file per format, as a browser would send it (no content type a server could rely on). */
const ONE_PER_FORMAT = [
  "xlsx-kz-statement.xlsx",
  "1c-ru-statement.cp1251.txt",
  "camt053-de-batch.xml",
  "mt940-nl-plain.940",
];

function form(names: readonly string[]): FormData {
  const f = new FormData();
  for (const n of names) f.append("file", new Blob([readFileSync(exportFixture(n))]), n);
  return f;
}

async function waitForJob(c: ApiClient, id: string): Promise<Upload> {
  for (let i = 0; i < 300; i++) {
    const r = await c.get<Upload>(`/api/uploads/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`upload ${id} did not finish`);
}

describe("uploads of Excel, 1C, camt.053 and MT940 files", () => {
  let t: TestServer;
  let analyst: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("previews each format with its fields named exactly and its first rows", async () => {
    const r = await analyst.upload<Record<string, unknown>>(
      "/api/uploads/preview",
      form(["mt940-nl-plain.940"]),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: "mt940-nl-plain.940", kind: "statement" });
    const columns = r.body.columns as { field: string | null; confidence: number }[];
    expect(columns.map((c) => c.field)).toContain("counterpartyAccount");
    expect(columns.every((c) => c.confidence === 1)).toBe(true);
    const preview = r.body.preview as string[][];
    expect(preview[1]).toContain("NL20INGB0001234567");
  });

  it("ingests one file of each format in one upload with the counts check gives", async () => {
    const started = await analyst.upload<Upload>("/api/uploads", form(ONE_PER_FORMAT));
    expect(started.status).toBe(202);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.status, job.error).toBe("done");
    const want = ONE_PER_FORMAT.map((n) => FORMAT_FIXTURES.find((f) => f.file === n)!);
    expect(job.summary!.files.map((f) => [f.file, f.kind, f.format])).toEqual(
      want.map((w) => [w.file, w.kind, w.format]),
    );
    expect(job.summary!.files.map((f) => f.rejects.map((x) => x.line))).toEqual(
      want.map((w) => w.rejectLines),
    );
    expect(job.summary!.totals).toMatchObject({
      rowsRead: want.reduce((n, w) => n + w.rowsRead, 0),
      accepted: want.reduce((n, w) => n + w.accepted, 0),
      rejected: want.reduce((n, w) => n + w.rejected, 0),
    });
    expect((await t.store.stats()).transfers).toBe(job.summary!.totals.accepted);
  });
});
