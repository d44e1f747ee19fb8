/**
 * Alerts and cases through the real HTTP API on the embedded store (the store contract's known case): analysis →
 * alert → escalation → links → referral → the prosecutor's package that verifies; four eyes on closing and on
 * dismissing; a stale write gets 409 with the current case; prosecutors read only what is referred to them; the
 * timeline is the case's audit entries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPackage } from "../../server/evidence/index.js";
import { readZip } from "../../server/evidence/zip.js";
import type { AlertRecord, ApprovalRecord, CaseLink, CaseRecord } from "../../server/store/types.js";
import { type ApiClient, type ErrorBody, startTestServer, type TestServer } from "./harness.js";
import { ACC, CASE, seedKnownCase } from "./seed.fixtures.js";

let t: TestServer;
let investigator: ApiClient;
let admin: ApiClient;
let prosecutor: ApiClient;

beforeAll(async () => {
  t = await startTestServer();
  await seedKnownCase(t.store);
  investigator = await t.as("investigator");
  admin = await t.as("admin");
  prosecutor = await t.as("prosecutor");
});
afterAll(() => t?.close());

async function postZip(client: ApiClient, p: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(`${t.url}${p}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: client.cookie, "x-csrf-token": client.csrfToken },
    body: "{}",
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function openCase(title = "a case"): Promise<CaseRecord> {
  const r = await investigator.post<CaseRecord>("/api/cases", { title });
  expect(r.status).toBe(201);
  return r.body;
}

describe("alerts from an analysis through the API", () => {
  let alert: AlertRecord;

  it("puts the clusters of an analysis in the queue, and a second run on the same data adds nothing", async () => {
    expect((await investigator.post("/api/analysis", {})).status).toBe(200);
    const queue = await investigator.get<{ alerts: AlertRecord[] }>("/api/alerts");
    expect(queue.body.alerts.length).toBeGreaterThan(0);
    alert = queue.body.alerts.find((a) => a.kind === "cluster" && a.members.includes(ACC.D1))!;
    expect(alert).toBeDefined();
    expect((await investigator.post("/api/analysis", {})).status).toBe(200);
    const again = await investigator.get<{ alerts: AlertRecord[] }>(
      "/api/alerts?status=open,snoozed,dismissed",
    );
    expect(again.body.alerts.map((a) => a.id).sort()).toEqual(queue.body.alerts.map((a) => a.id).sort());
  });

  it("filters the queue by score, bank, typology, age and assignee", async () => {
    const ids = async (q: string) =>
      (await investigator.get<{ alerts: AlertRecord[] }>(`/api/alerts?${q}`)).body.alerts.map((a) => a.id);
    expect(await ids(`minScore=${alert.score}`)).toContain(alert.id);
    expect(await ids(`minScore=${Math.min(100, alert.score + 0.01)}`)).not.toContain(alert.id);
    expect(await ids(`bank=${alert.banks[0]}`)).toContain(alert.id);
    expect(await ids("bank=NO-SUCH-BANK")).toEqual([]);
    expect(await ids("typology=no_such_typology")).toEqual([]);
    expect(await ids("maxAgeDays=1")).toContain(alert.id);
    expect(await ids("assignee=none")).toContain(alert.id);
    expect(await ids("assignee=investigator")).toEqual([]);
  });

  it("assigns, snoozes out of the queue, and refuses an action made from a stale version", async () => {
    const assigned = await investigator.post<AlertRecord>(`/api/alerts/${alert.id}/assign`, {
      version: alert.version,
      assignee: "investigator",
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: "investigator", version: alert.version + 1 });
    const stale = await investigator.post<ErrorBody>(`/api/alerts/${alert.id}/assign`, {
      version: alert.version,
      assignee: null,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("stale_version");
    expect(stale.body.error.details.current).toMatchObject({ assignee: "investigator" });
    const snoozed = await investigator.post<AlertRecord>(`/api/alerts/${alert.id}/snooze`, {
      version: assigned.body.version,
      until: Date.now() + 3_600_000,
    });
    expect(snoozed.body.status).toBe("snoozed");
    const open = await investigator.get<{ alerts: AlertRecord[] }>("/api/alerts");
    expect(open.body.alerts.map((a) => a.id)).not.toContain(alert.id);
    alert = snoozed.body;
  });

  it("escalates the alert to a new case that links the alert and its cluster", async () => {
    const r = await investigator.post<{ alert: AlertRecord; case: CaseRecord }>(
      `/api/alerts/${alert.id}/escalate`,
      { version: alert.version, title: "Drop ring around drop 1" },
    );
    expect(r.status).toBe(200);
    expect(r.body.alert).toMatchObject({ status: "escalated", caseId: r.body.case.id });
    const detail = await investigator.get<{ links: CaseLink[] }>(`/api/cases/${r.body.case.id}`);
    const kinds = detail.body.links.map((l) => `${l.kind}:${l.ref}`);
    expect(kinds).toContain(`alert:${alert.id}`);
    const cluster = detail.body.links.find((l) => l.kind === "cluster");
    expect(cluster?.params.members).toEqual(alert.members);
  });
});

describe("four eyes", () => {
  it("makes closing a case wait for a second user, and refuses the requester's own approval", async () => {
    const c = await openCase();
    await investigator.post(`/api/cases/${c.id}/links`, { kind: "account", ref: ACC.D1 });
    const asked = await investigator.post<{ case: CaseRecord; approval: ApprovalRecord }>(
      `/api/cases/${c.id}/close`,
      { version: c.version, outcome: "no offence" },
    );
    expect(asked.status).toBe(200);
    expect(asked.body.case.status).toBe("open");
    expect(asked.body.approval).toMatchObject({ action: "case.close", status: "pending" });
    const own = await investigator.post<ErrorBody>(`/api/approvals/${asked.body.approval.id}`, {
      approve: true,
    });
    expect(own.status).toBe(403);
    const pending = await admin.get<{ approvals: ApprovalRecord[] }>("/api/approvals");
    expect(pending.body.approvals.map((a) => a.id)).toContain(asked.body.approval.id);
    const ok = await admin.post<{ approval: ApprovalRecord; case: CaseRecord }>(
      `/api/approvals/${asked.body.approval.id}`,
      { approve: true },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.case).toMatchObject({ status: "closed", outcome: "no offence" });
    expect((await admin.post(`/api/approvals/${asked.body.approval.id}`, { approve: true })).status).toBe(
      409,
    );
  });

  it("makes dismissing a high-scoring alert wait for approval (a rejection keeps it open) and a low one direct", async () => {
    // An alert scoring above the default four-eyes minimum (50), copied from one the analysis raised.
    const raised = (await t.store.listAlerts())[0]!;
    const target = {
      ...raised,
      id: "AL-HIGH",
      lineage: "AL-HIGH",
      score: 90,
      status: "open" as const,
      version: 1,
    };
    await t.store.putAlerts([target]);
    const r = await investigator.post<{ alert: AlertRecord; approval: ApprovalRecord }>(
      `/api/alerts/${target.id}/dismiss`,
      { version: target.version, reason: "known payroll" },
    );
    expect(r.body.alert.status).toBe("open");
    expect(r.body.approval.status).toBe("pending");
    const rejected = await admin.post<{ approval: ApprovalRecord }>(`/api/approvals/${r.body.approval.id}`, {
      approve: false,
      note: "the payroll story does not fit the timing",
    });
    expect(rejected.body.approval.status).toBe("rejected");
    expect((await t.store.getAlert(target.id))?.status).toBe("open");
    const low = { ...target, id: "AL-LOW", lineage: "AL-LOW", score: 20 };
    await t.store.putAlerts([low]);
    const direct = await investigator.post<{ alert: AlertRecord; approval: null }>(
      `/api/alerts/${low.id}/dismiss`,
      {
        version: 1,
        reason: "known payroll",
      },
    );
    expect(direct.body.alert).toMatchObject({ status: "dismissed", dismissReason: "known payroll" });
    expect(direct.body.approval).toBeNull();
  });

  it("lets one user close a case at once when four eyes is off", async () => {
    const off = await startTestServer({ env: { MULEGRAPH_FOUR_EYES: "off" } });
    try {
      const inv = await off.as("investigator");
      const c = (await inv.post<CaseRecord>("/api/cases", { title: "solo" })).body;
      const r = await inv.post<{ case: CaseRecord; approval: null }>(`/api/cases/${c.id}/close`, {
        version: 1,
        outcome: "duplicate",
      });
      expect(r.body.case.status).toBe("closed");
      expect(r.body.approval).toBeNull();
    } finally {
      await off.close();
    }
  });
});

describe("cases", () => {
  it("gives the second of two edits from one version 409 with the current case, and loses neither", async () => {
    const c = await openCase();
    const [a, b] = await Promise.all([
      investigator.patch<CaseRecord>(`/api/cases/${c.id}`, { version: 1, priority: "urgent" }),
      admin.patch<CaseRecord>(`/api/cases/${c.id}`, { version: 1, title: "renamed" }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    const current = (lost.body as unknown as ErrorBody).error.details.current as CaseRecord;
    expect(current.version).toBe(2);
    const retry = await (lost === a ? investigator : admin).patch<CaseRecord>(`/api/cases/${c.id}`, {
      version: current.version,
      ...(lost === a ? { priority: "urgent" } : { title: "renamed" }),
    });
    expect(retry.body).toMatchObject({ priority: "urgent", title: "renamed", version: 3 });
  });

  it("shows a case to a prosecutor only once it is referred to them, and keeps the history in the timeline", async () => {
    const c = await openCase("Referral");
    expect((await prosecutor.get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await investigator.post(`/api/cases/${c.id}/links`, { kind: "trace", ref: CASE })).status).toBe(
      200,
    );
    const wrong = await investigator.patch(`/api/cases/${c.id}`, {
      version: 1,
      status: "referred",
      referredTo: "investigator",
    });
    expect(wrong.status).toBe(400);
    const referred = await investigator.patch<CaseRecord>(`/api/cases/${c.id}`, {
      version: 1,
      status: "referred",
      referredTo: "prosecutor",
    });
    expect(referred.body).toMatchObject({ status: "referred", referredTo: "prosecutor" });
    expect((await prosecutor.get(`/api/cases/${c.id}`)).status).toBe(200);
    const list = await prosecutor.get<{ cases: CaseRecord[] }>("/api/cases");
    expect(list.body.cases.map((x) => x.id)).toEqual([c.id]);
    const timeline = await prosecutor.get<{ entries: { action: string; target: string }[] }>(
      `/api/cases/${c.id}/timeline`,
    );
    expect(timeline.body.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(["case.create", "case.link", "case.refer"]),
    );
    expect(timeline.body.entries.every((e) => e.target === c.id)).toBe(true);
  });

  it("refuses to link what does not exist, naming the field", async () => {
    const c = await openCase();
    const r = await investigator.post<ErrorBody>(`/api/cases/${c.id}/links`, {
      kind: "account",
      ref: "KZ00NOPE",
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields?.[0]?.path).toBe("body.ref");
  });

  it("gives the prosecutor the referred case's package, which verifies and carries the case's records", async () => {
    const [c] = (await prosecutor.get<{ cases: CaseRecord[] }>("/api/cases")).body.cases;
    const r = await postZip(prosecutor, `/api/cases/${c!.id}/package`);
    expect(r.status, r.bytes.toString().slice(0, 300)).toBe(200);
    const report = await verifyPackage(r.bytes);
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
    expect(report.manifest?.caseNo).toBe(c!.id);
    const paths = (await readZip(r.bytes)).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "case/case.json",
        "case/timeline.json",
        `case/traces/${CASE}.json`,
        "report.pdf",
      ]),
    );
    const links = (await investigator.get<{ links: CaseLink[] }>(`/api/cases/${c!.id}`)).body.links;
    expect(links.some((l) => l.kind === "export" && l.ref === report.manifestSha256)).toBe(true);
  });
});

describe("queue and case list filters", () => {
  it("refuses a status that does not exist, naming the field", async () => {
    const alerts = await investigator.get<ErrorBody>("/api/alerts?status=open,closed");
    expect(alerts.status).toBe(400);
    expect(alerts.body.error.details.fields?.[0]?.path).toBe("query.status");
    expect((await investigator.get("/api/cases?status=referred,lost")).status).toBe(400);
    expect((await investigator.get("/api/cases?status=referred,closed")).status).toBe(200);
  });
});
