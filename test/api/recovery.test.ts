/**
 * Recovery over HTTP on the seeded known case (test/api/seed.fixtures.ts) in a real server and embedded store: the
 * triage as JSON and CSV, a freeze request built, downloaded with its hashes, answered by the bank, and the
 * statuses showing on the request, the triage, the complaint and the trace's freeze list.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FreezeRequestSummary, Triage } from "../../model/recovery.js";
import type { TraceResult } from "../../model/trace.js";
import { CASE } from "../store/store.fixtures.js";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";
import { seedKnownCase } from "./seed.fixtures.js";

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("recovery over HTTP", () => {
  let t: TestServer;
  let investigator: ApiClient;
  let prosecutor: ApiClient;
  let triage: Triage;
  let request: FreezeRequestSummary;

  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    investigator = await t.as("investigator");
    prosecutor = await t.as("prosecutor");
  });
  afterAll(() => t.close());

  it("lists the accounts holding the complaint's money, with its recoverable share", async () => {
    const res = await investigator.get<Triage>("/api/recovery/triage");
    expect(res.status).toBe(200);
    triage = res.body;
    const trace = await investigator.post<TraceResult>("/api/trace", { complaints: [CASE] });
    expect(triage.holdings.map((h) => [h.account, h.amountKzt])).toEqual(
      trace.body.freezeList.map((f) => [f.account, f.amountKzt]),
    );
    expect(triage.holdings.length).toBeGreaterThan(0);
    const c = triage.complaints.find((x) => x.caseNo === CASE)!;
    expect(c.recoverableShare).toBeCloseTo(triage.totalHoldingKzt / c.tracedKzt, 6);
  });

  it("exports the triage as CSV", async () => {
    const res = await investigator.get(`/api/recovery/triage?format=csv&complaints=${CASE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.text).toContain(triage.holdings[0]!.account);
  });

  it("answers 404 for a triage of an unknown complaint", async () => {
    const res = await investigator.get("/api/recovery/triage?complaints=NO-SUCH-CASE");
    expect(res.status).toBe(404);
  });

  it("builds a request whose files download with the hashes it lists", async () => {
    const res = await investigator.post<{ requests: FreezeRequestSummary[] }>("/api/recovery/requests", {
      accounts: [triage.holdings[0]!.account],
    });
    expect(res.status).toBe(201);
    [request] = res.body.requests;
    expect(request!.bank).toBe(triage.holdings[0]!.bank);
    for (const f of request!.files) {
      const file = await prosecutor.get(`/api/recovery/requests/${request!.id}/files/${f.name}`);
      expect(file.status).toBe(200);
      expect(file.headers.get("x-content-sha256")).toBe(f.sha256);
      expect(file.headers.get("content-disposition")).toContain(f.name);
      if (f.name.endsWith(".pdf")) expect(file.text.startsWith("%PDF-")).toBe(true);
      // (Decoding the body as text drops the CSV's byte order mark.)
      else expect(sha256((f.name.endsWith(".csv") ? "\uFEFF" : "") + file.text)).toBe(f.sha256);
    }
    const audit = await t.store.auditEntries({});
    expect(audit.some((e) => e.action === "recovery.request" && e.target === request!.id)).toBe(true);
  });

  it("refuses a request for an account holding nothing traced, and prosecutors may not draft", async () => {
    const victim = await investigator.post("/api/recovery/requests", { accounts: ["KZ000000000000000000"] });
    expect(victim.status).toBe(400);
    const denied = await prosecutor.post("/api/recovery/requests", {
      accounts: [triage.holdings[0]!.account],
    });
    expect(denied.status).toBe(403);
  });

  it("imports the bank's answer and shows the frozen amount on the request, the triage and the trace", async () => {
    const account = request.items[0]!.account;
    const answer = `request_number,account,status,amount_kzt,reason\n${request.id},${account},frozen,30000,ref 12\n`;
    const res = await investigator.post<FreezeRequestSummary>(`/api/recovery/requests/${request.id}/answer`, {
      csv: answer,
    });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      status: "frozen",
      frozenKzt: 30_000,
      reason: "ref 12",
      by: "investigator",
    });

    const after = (await investigator.get<Triage>("/api/recovery/triage")).body;
    expect(after.complaints.find((c) => c.caseNo === CASE)!.frozenKzt).toBeCloseTo(30_000, 2);
    expect(after.holdings.find((h) => h.account === account)!.freezes[0]!.status).toBe("frozen");
    const trace = (await investigator.post<TraceResult>("/api/trace", { complaints: [CASE] })).body;
    expect(trace.freezeList.find((f) => f.account === account)!.freezes![0]!.status).toBe("frozen");
  });

  it("records a return to the victim, and refuses a change the status does not allow", async () => {
    const account = request.items[0]!.account;
    const url = `/api/recovery/requests/${request.id}/outcomes`;
    const bad = await investigator.post(url, { changes: [{ account, status: "refused", reason: "late" }] });
    expect(bad.status).toBe(400);
    const tooMuch = await investigator.post(url, {
      changes: [{ account, status: "returned", amountKzt: 30_001 }],
    });
    expect(tooMuch.status).toBe(400);
    const ok = await investigator.post<FreezeRequestSummary>(url, {
      changes: [{ account, status: "returned", amountKzt: 20_000 }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.items[0]).toMatchObject({ status: "returned", frozenKzt: 10_000, returnedKzt: 20_000 });
    const listed = await prosecutor.get<{ requests: FreezeRequestSummary[] }>(
      `/api/recovery/requests?complaint=${CASE}`,
    );
    expect(listed.body.requests.map((r) => r.id)).toEqual([request.id]);
    const after = (await prosecutor.get<Triage>("/api/recovery/triage")).body;
    expect(after.complaints.find((c) => c.caseNo === CASE)).toMatchObject({
      frozenKzt: 10_000,
      returnedKzt: 20_000,
    });
  });

  it("answers 404 for an unknown request and 400 for an answer naming another request", async () => {
    expect((await investigator.get("/api/recovery/requests/FR-1999-0001")).status).toBe(404);
    const other = await investigator.post(`/api/recovery/requests/${request.id}/answer`, {
      csv: `request_number,account,status\nFR-1999-0001,${request.items[0]!.account},released\n`,
    });
    expect(other.status).toBe(400);
  });
});
