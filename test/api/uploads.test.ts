/**
 * Uploads end to end on the real server and the real ingest pipeline: a job that completes with the same summary and
 * rejects report as the CLI, each file read with its own mapping, progress by server-sent events, and the refusals
 * (too large, unreadable, bad mapping, a mapping for a file that is not in the upload).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreviewSchema } from "../../server/api/schemas.js";
import { type ApiClient, type ErrorBody, fieldsOf, startTestServer, type TestServer } from "./harness.js";
import { csvForm, REGISTER_CSV, UNREADABLE_BYTES } from "./seed.fixtures.js";

interface Upload {
  id: string;
  status: string;
  summary?: {
    totals: { rowsRead: number; accepted: number; duplicates: number; rejected: number; footers: number };
    files: { file: string; kind: string }[];
  };
  rejectsUrl?: string;
  files?: { name: string; bytes: number }[];
  error?: string;
}

async function waitForJob(c: ApiClient, id: string): Promise<Upload> {
  for (let i = 0; i < 300; i++) {
    const r = await c.get<Upload>(`/api/uploads/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`upload ${id} did not finish`);
}

/** Read a server-sent event stream to its end: [event, data] pairs. */
async function readEvents(url: string, cookie: string): Promise<[string, unknown][]> {
  const res = await fetch(url, { headers: { cookie, accept: "text/event-stream" } });
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split("\n\n")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return event && data ? ([event, JSON.parse(data)] as [string, unknown]) : null;
    })
    .filter((x): x is [string, unknown] => x !== null);
}

describe("uploads", () => {
  let t: TestServer;
  let analyst: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({ env: { MULEGRAPH_UPLOAD_MAX_BYTES: "4096" } });
    analyst = await t.as("analyst");
  });
  afterAll(() => t.close());

  it("ingests an upload as a background job with the CLI's summary, and serves its rejects as CSV", async () => {
    const started = await analyst.upload<Upload>("/api/uploads", csvForm("register_april.csv", REGISTER_CSV));
    expect(started.status).toBe(202);
    expect(["queued", "running", "done"]).toContain(started.body.status);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.status).toBe("done");
    expect(job.summary!.totals).toEqual({ rowsRead: 3, accepted: 2, duplicates: 0, rejected: 1, footers: 0 });
    expect(job.summary!.files[0]).toMatchObject({ file: "register_april.csv", kind: "register" });
    expect(job.files).toEqual([{ name: "register_april.csv", bytes: Buffer.byteLength(REGISTER_CSV) }]);

    const rejects = await analyst.get(job.rejectsUrl!);
    expect(rejects.status).toBe(200);
    expect(rejects.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(rejects.headers.get("content-disposition")).toMatch(/attachment/);
    const lines = rejects.text
      .replace(/^\ufeff/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe("file,line,reason");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^register_april\.csv,4,/);

    const [transfer] = await t.store.transfersByIds(["UP-0001"]);
    expect(transfer).toMatchObject({
      amount: 150000,
      from: "KZ257220000000000001",
      to: "KZ886010000000000003",
    });
    const files = await t.store.sourceFiles();
    expect(files.map((f) => f.name)).toContain("register_april.csv");
    const audit = await t.store.auditEntries({ afterSeq: 0, limit: 1000 });
    expect(audit.find((e) => e.action === "upload.create" && e.target === job.id)).toMatchObject({
      actor: "analyst",
      params: { files: [{ name: "register_april.csv" }] },
    });
  });

  it("accepts several files in the `files` field, as the web client sends them", async () => {
    const form = new FormData();
    form.append("files", new Blob([REGISTER_CSV]), "a.csv");
    form.append("files", new Blob([REGISTER_CSV.replaceAll("UP-000", "UQ-000")]), "b.csv");
    const started = await analyst.upload<Upload>("/api/uploads", form);
    expect(started.status).toBe(202);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.summary!.files.map((f) => f.file)).toEqual(["a.csv", "b.csv"]);
    expect(job.summary!.totals.accepted).toBe(4);
  });

  it("reads each file with its own mapping: the file named in `mappings` with it, the other by detection", async () => {
    // Column names no detector knows: without its mapping this file is refused.
    const odd = [
      "ref;when;payer;payer bank;payee;payee bank;sum;cur;why",
      "PM-0001;02.04.2024 09:00:00;KZ257220000000000001;CASPKZKA;KZ886010000000000003;HSBKKZKX;77 000,00;KZT;займ",
      "",
    ].join("\r\n");
    const oddMapping = {
      kind: "register",
      columns: {
        ref: "txId",
        when: "ts",
        payer: "fromAccount",
        "payer bank": "fromBank",
        payee: "toAccount",
        "payee bank": "toBank",
        sum: "amount",
        cur: "currency",
        why: "purpose",
      },
    };
    const alone = await analyst.upload("/api/uploads", csvForm("odd.csv", odd));
    expect(alone.status).toBe(422);

    const form = new FormData();
    form.append("mappings", JSON.stringify({ "odd.csv": oddMapping }));
    form.append("files", new Blob([REGISTER_CSV.replaceAll("UP-000", "UM-000")]), "standard.csv");
    form.append("files", new Blob([odd]), "odd.csv");
    const started = await analyst.upload<Upload>("/api/uploads", form);
    expect(started.status).toBe(202);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.status).toBe("done");
    const files = job.summary!.files as { file: string; kind: string; mapping: Record<string, string> }[];
    expect(files.map((f) => f.file)).toEqual(["standard.csv", "odd.csv"]);
    expect(files[0]!.mapping["Референс"]).toBe("txId");
    expect(files[1]!.mapping).toEqual(oddMapping.columns);
    expect(job.summary!.totals).toEqual({ rowsRead: 4, accepted: 3, duplicates: 0, rejected: 1, footers: 0 });
    const transfers = await t.store.transfersByIds(["UM-0001", "PM-0001"]);
    expect(transfers.map((x) => [x.txId, x.amount])).toEqual(
      expect.arrayContaining([
        ["UM-0001", 150000],
        ["PM-0001", 77000],
      ]),
    );
    const audit = await t.store.auditEntries({ afterSeq: 0, limit: 1000 });
    expect(audit.find((e) => e.action === "upload.create" && e.target === job.id)?.params).toMatchObject({
      files: [{ name: "standard.csv" }, { name: "odd.csv", mapping: oddMapping }],
    });
  });

  it("refuses `mappings` naming a file that is not in the upload with 400 naming it, and stores nothing", async () => {
    const before = (await t.store.listUploads()).length;
    const form = new FormData();
    form.append(
      "mappings",
      JSON.stringify({ "a.csv": { kind: "register" }, "nope.csv": { kind: "register" } }),
    );
    form.append("files", new Blob([REGISTER_CSV]), "a.csv");
    const r = await analyst.upload("/api/uploads", form);
    expect(r.status).toBe(400);
    expect((r.body as ErrorBody).error.code).toBe("validation_failed");
    expect(fieldsOf(r)).toEqual(["body.mappings.nope.csv"]);
    expect((r.body as ErrorBody).error.message).toContain('"nope.csv"');
    expect((await t.store.listUploads()).length).toBe(before);
  });

  it.each([
    ["not JSON", "{", "body.mappings"],
    ["not an object of mappings", JSON.stringify([{ kind: "register" }]), "body.mappings"],
    [
      "a file's mapping with an unknown kind",
      JSON.stringify({ "m.csv": { kind: "sheet" } }),
      "body.mappings.m.csv.kind",
    ],
    [
      "a file's mapping that does not fit it",
      JSON.stringify({ "m.csv": { kind: "register", columns: { Референс: "victimIin" } } }),
      "body.mappings.m.csv",
    ],
  ])("refuses `mappings` that is %s with 400 naming the field", async (_what, mappings, field) => {
    const form = new FormData();
    form.append("mappings", mappings);
    form.append("file", new Blob([REGISTER_CSV]), "m.csv");
    const r = await analyst.upload("/api/uploads", form);
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toContain(field);
  });

  it("streams the job's progress as server-sent events and ends with `done` and the summary", async () => {
    const started = await analyst.upload<Upload>(
      "/api/uploads",
      csvForm("sse.csv", REGISTER_CSV.replaceAll("UP-000", "US-000")),
    );
    const events = await readEvents(`${t.url}/api/uploads/${started.body.id}/events`, analyst.cookie);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0]![0]).toBe("progress");
    const [last, data] = events.at(-1)!;
    expect(last).toBe("done");
    expect(data).toMatchObject({ id: started.body.id, status: "done", summary: { totals: { accepted: 2 } } });
    expect(events.slice(0, -1).every(([e]) => e === "progress")).toBe(true);
  });

  it("refuses a file over MULEGRAPH_UPLOAD_MAX_BYTES with 413 naming the field, and keeps nothing of it", async () => {
    const before = (await t.store.listUploads()).length;
    const big = REGISTER_CSV + "x;".repeat(4096);
    const r = await analyst.upload("/api/uploads", csvForm("big.csv", big));
    expect(r.status).toBe(413);
    expect((r.body as ErrorBody).error.code).toBe("payload_too_large");
    expect(fieldsOf(r)).toEqual(["body.file"]);
    expect((r.body as ErrorBody).error.details.limitBytes).toBe(4096);
    expect((await t.store.listUploads()).length).toBe(before);
    const left = readdirSync(path.join(t.dataDir, "uploads")).filter((d) => d !== "previews");
    expect(left.length).toBe(before);
  });

  it("refuses a file that is not an export at all with 422 naming the field and the file", async () => {
    const r = await analyst.upload("/api/uploads", csvForm("photo.csv", UNREADABLE_BYTES));
    expect(r.status).toBe(422);
    expect(fieldsOf(r)).toEqual(["body.file"]);
    expect((r.body as ErrorBody).error.message).toContain("photo.csv");
    expect((r.body as ErrorBody).error.message).not.toContain(t.dataDir);
  });

  it("ends a malformed CSV as a job whose report rejects the bad rows", async () => {
    const broken = REGISTER_CSV.replace("150 000,00", "сто тысяч").replace("UP-0002;", 'UP-0002";;;');
    const started = await analyst.upload<Upload>(
      "/api/uploads",
      csvForm("broken.csv", broken.replaceAll("UP-000", "UB-000")),
    );
    expect(started.status).toBe(202);
    const job = await waitForJob(analyst, started.body.id);
    expect(job.status).toBe("done");
    expect(job.summary!.totals.rejected).toBeGreaterThanOrEqual(2);
    expect(job.summary!.totals.rowsRead).toBe(
      job.summary!.totals.accepted + job.summary!.totals.duplicates + job.summary!.totals.rejected,
    );
    const rejects = await analyst.get(job.rejectsUrl!);
    expect(rejects.text).toMatch(/broken\.csv,2,/);
  });

  it.each([
    ["not JSON", "{kind:", "body.mapping"],
    ["an unknown key", { kind: "register", colour: "red" }, "body.mapping"],
    ["an unknown kind", { kind: "spreadsheet" }, "body.mapping.kind"],
  ])("refuses a mapping that is %s with 400 naming it", async (_what, mapping, field) => {
    const form = new FormData();
    form.append("mapping", typeof mapping === "string" ? mapping : JSON.stringify(mapping));
    form.append("file", new Blob([REGISTER_CSV]), "m.csv");
    const r = await analyst.upload("/api/uploads", form);
    expect(r.status).toBe(400);
    expect(fieldsOf(r).some((f) => f.startsWith(field))).toBe(true);
  });

  it("previews a file's format and first rows without storing anything", async () => {
    const before = await t.store.stats();
    const r = await analyst.upload<Record<string, unknown>>(
      "/api/uploads/preview",
      csvForm("peek.csv", REGISTER_CSV),
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: "peek.csv", kind: "register", delimiter: ";", headerLine: 1 });
    expect((r.body.mapping as Record<string, string>)["Референс"]).toBe("txId");
    expect((r.body.preview as string[][])[1]![0]).toBe("UP-0001");
    expect(await t.store.stats()).toEqual(before);
    expect(readdirSync(path.join(t.dataDir, "uploads", "previews"))).toEqual([]);
  });

  it("previews which columns of a file are not read, in the shape its schema declares", async () => {
    const withExtra = REGISTER_CSV.split("\r\n")
      .map((line, i) => (line === "" ? line : `${line};${i === 0 ? "Комментарий оператора" : "проверено"}`))
      .join("\r\n");
    const r = await analyst.upload<Record<string, unknown>>(
      "/api/uploads/preview",
      csvForm("extra.csv", withExtra),
    );
    expect(r.status).toBe(200);
    expect(r.body.ignoredColumns).toEqual(["Комментарий оператора"]);
    expect(PreviewSchema.safeParse(r.body).error).toBeUndefined();
  });

  it("lists the uploads with their status", async () => {
    const r = await analyst.get<{ uploads: Upload[] }>("/api/uploads");
    expect(r.status).toBe(200);
    expect(r.body.uploads.length).toBeGreaterThanOrEqual(3);
    expect(r.body.uploads.every((u) => u.status === "done")).toBe(true);
  });
});
