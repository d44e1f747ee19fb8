/**
 * Each route × each role, driven from the one route → access table: anonymous → 401, a role without the permission
 * → 403, a role with it → success. A route added to the table without a case here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../server/app.js";
import { ROUTE_ACCESS } from "../../server/auth/access.js";
import { buildFreezeRequests, buildTriage } from "../../server/recovery/index.js";
import { can, ROLES, type Role } from "../../server/auth/roles.js";
import type { NamedMapping } from "../../server/store/ports/records.js";
import { type ApiClient, type ApiResponse, startTestServer, type TestServer } from "./harness.js";
import { ACC, CASE, csvForm, REGISTER_CSV, seedKnownCase } from "./seed.fixtures.js";

interface Fixture {
  t: TestServer;
  uploadId: string;
  clusterId: string;
  requestId?: string;
  holding?: string;
}

type Case = (c: ApiClient, role: Role | null, f: Fixture) => Promise<ApiResponse>;

const ROUTES = new Map(apiRoutes().map((r) => [`${r.method} ${r.path}`, r]));

let unique = 0;
const enc = encodeURIComponent;

const SEEDED_MAPPING: NamedMapping = {
  name: "seeded register",
  kind: "register",
  signature: "0".repeat(64),
  header: ["Референс", "Примечание"],
  columns: { Референс: "txId", Примечание: "" },
  createdBy: "analyst",
  createdAt: 1,
};

/** An account of the seeded case (plus the upload) that still holds traced money, found by the triage. */
async function holding(f: Fixture): Promise<string> {
  f.holding ??= (await buildTriage(f.t.store)).holdings[0]?.account ?? "no-holding";
  return f.holding;
}

/** A freeze request on the seeded case: the same one each time, or a new one when `fresh`. */
async function freezeRequest(f: Fixture, fresh = false): Promise<string> {
  if (!fresh && f.requestId) return f.requestId;
  const [r] = await buildFreezeRequests(f.t.store, { accounts: [await holding(f)], by: "investigator" });
  if (!fresh) f.requestId = r!.id;
  return r!.id;
}

/** A fresh open alert of the seeded case's drop 1 (score below the four-eyes minimum, so a dismissal is direct). */
async function freshAlert(f: Fixture): Promise<string> {
  const id = `alert-access-${++unique}`;
  await f.t.store.putAlerts([
    {
      id,
      kind: "account",
      lineage: id,
      subject: ACC.D1,
      runId: "access-run",
      clusterId: null,
      createdAt: Date.now(),
      score: 10,
      typologies: [],
      banks: [],
      members: [ACC.D1],
      transfers: [],
      reasons: [],
      change: { kind: "new", previousId: null, addedMembers: [], removedMembers: [], addedTransfers: [] },
      status: "open",
      assignee: null,
      snoozedUntil: null,
      dismissReason: null,
      caseId: null,
      updatedAt: Date.now(),
      updatedBy: "system",
      version: 1,
    },
  ]);
  return id;
}

/** A fresh case linking drop 1's account, referred to the prosecutor (so every role that reads cases may read it). */
async function freshCase(f: Fixture): Promise<string> {
  const id = `CASE-ACCESS-${++unique}`;
  const now = Date.now();
  await f.t.store.createCase({
    id,
    title: "access matrix case",
    status: "referred",
    outcome: null,
    assignee: "investigator",
    priority: "normal",
    referredTo: "prosecutor",
    createdAt: now,
    createdBy: "investigator",
    updatedAt: now,
    updatedBy: "investigator",
    version: 1,
  });
  await f.t.store.addCaseLink({
    caseId: id,
    kind: "account",
    ref: ACC.D1,
    params: {},
    addedBy: "investigator",
    addedAt: now,
  });
  return id;
}

/** A pending request to close a fresh case, asked by a user none of the test roles is. */
async function freshApproval(f: Fixture): Promise<string> {
  const id = `APR-ACCESS-${++unique}`;
  await f.t.store.putApproval({
    id,
    action: "case.close",
    target: await freshCase(f),
    params: { outcome: "access matrix" },
    requestedBy: "someone-else",
    requestedAt: Date.now(),
    status: "pending",
    decidedBy: null,
    decidedAt: null,
    note: null,
  });
  return id;
}

const CASES: Record<string, Case> = {
  "GET /healthz": (c) => c.get("/healthz"),
  "GET /readyz": (c) => c.get("/readyz"),
  "GET /api/openapi.json": (c) => c.get("/api/openapi.json"),
  // A fresh client: signing in replaces the session of the client it is sent from.
  "POST /api/auth/login": (_c, _r, f) => f.t.anonymous().login("analyst", "analyst-password-1"),
  // Logging out ends the session: use a fresh one so the other cases keep theirs.
  "POST /api/auth/logout": async (c, role, f) =>
    role ? (await f.t.as(role)).post("/api/auth/logout") : c.post("/api/auth/logout"),
  "GET /api/auth/me": (c) => c.get("/api/auth/me"),
  "POST /api/uploads": (c) => c.upload("/api/uploads", csvForm("register.csv", REGISTER_CSV)),
  "GET /api/uploads": (c) => c.get("/api/uploads"),
  "GET /api/uploads/:id": (c, _r, f) => c.get(`/api/uploads/${f.uploadId}`),
  "GET /api/uploads/:id/events": (c, _r, f) => c.get(`/api/uploads/${f.uploadId}/events`),
  "GET /api/uploads/:id/rejects.csv": (c, _r, f) => c.get(`/api/uploads/${f.uploadId}/rejects.csv`),
  "POST /api/uploads/preview": (c) => c.upload("/api/uploads/preview", csvForm("register.csv", REGISTER_CSV)),
  "GET /api/mappings": (c) => c.get("/api/mappings"),
  "GET /api/mappings/:name": (c) => c.get(`/api/mappings/${enc(SEEDED_MAPPING.name)}`),
  "POST /api/mappings": (c) =>
    c.post("/api/mappings", { ...SEEDED_MAPPING, name: `saved-${++unique}`, createdBy: undefined }),
  // Each delete removes a mapping of its own, so every role's attempt finds one to delete.
  "DELETE /api/mappings/:name": async (c, _r, f) => {
    const name = `to-delete-${++unique}`;
    await f.t.store.putNamedMapping({ ...SEEDED_MAPPING, name });
    return c.request("DELETE", `/api/mappings/${enc(name)}`);
  },
  "GET /api/search": (c) => c.get(`/api/search?q=${ACC.D1}`),
  "GET /api/entities/:id": (c) => c.get(`/api/entities/${enc(`account:${ACC.D1}`)}`),
  "GET /api/graph/neighbourhood": (c) =>
    c.get(`/api/graph/neighbourhood?ids=${enc(`account:${ACC.D1}`)}&depth=1`),
  "GET /api/stats": (c) => c.get("/api/stats"),
  "GET /api/complaints": (c) => c.get("/api/complaints"),
  "GET /api/clusters": (c) => c.get("/api/clusters"),
  "GET /api/clusters/:id": (c, _r, f) => c.get(`/api/clusters/${enc(f.clusterId)}`),
  "GET /api/analysis": (c) => c.get("/api/analysis"),
  "POST /api/analysis": (c) => c.post("/api/analysis", {}),
  "POST /api/trace": (c) => c.post("/api/trace", { complaints: [CASE] }),
  "GET /api/alerts": (c) => c.get("/api/alerts?minScore=0"),
  "GET /api/alerts/:id": async (c, _r, f) => c.get(`/api/alerts/${await freshAlert(f)}`),
  "POST /api/alerts/:id/assign": async (c, _r, f) =>
    c.post(`/api/alerts/${await freshAlert(f)}/assign`, { version: 1, assignee: "investigator" }),
  "POST /api/alerts/:id/snooze": async (c, _r, f) =>
    c.post(`/api/alerts/${await freshAlert(f)}/snooze`, { version: 1, until: Date.now() + 86_400_000 }),
  "POST /api/alerts/:id/dismiss": async (c, _r, f) =>
    c.post(`/api/alerts/${await freshAlert(f)}/dismiss`, { version: 1, reason: "salary account" }),
  "POST /api/alerts/:id/escalate": async (c, _r, f) =>
    c.post(`/api/alerts/${await freshAlert(f)}/escalate`, { version: 1 }),
  "GET /api/cases": (c) => c.get("/api/cases"),
  "POST /api/cases": (c) => c.post("/api/cases", { title: "a ring around drop 1" }),
  "GET /api/cases/:id": async (c, _r, f) => c.get(`/api/cases/${await freshCase(f)}`),
  "PATCH /api/cases/:id": async (c, _r, f) =>
    c.patch(`/api/cases/${await freshCase(f)}`, { version: 1, priority: "urgent" }),
  "POST /api/cases/:id/links": async (c, _r, f) =>
    c.post(`/api/cases/${await freshCase(f)}/links`, { kind: "complaint", ref: CASE }),
  "DELETE /api/cases/:id/links/:kind/:ref": async (c, _r, f) =>
    c.request("DELETE", `/api/cases/${await freshCase(f)}/links/account/${ACC.D1}`),
  "GET /api/cases/:id/notes": async (c, _r, f) => c.get(`/api/cases/${await freshCase(f)}/notes`),
  "POST /api/cases/:id/notes": async (c, _r, f) =>
    c.post(`/api/cases/${await freshCase(f)}/notes`, { text: "the hub pays the exchange" }),
  "GET /api/cases/:id/timeline": async (c, _r, f) => c.get(`/api/cases/${await freshCase(f)}/timeline`),
  "POST /api/cases/:id/close": async (c, _r, f) =>
    c.post(`/api/cases/${await freshCase(f)}/close`, { version: 1, outcome: "referred to court" }),
  "POST /api/cases/:id/package": async (c, _r, f) => c.post(`/api/cases/${await freshCase(f)}/package`, {}),
  "GET /api/approvals": (c) => c.get("/api/approvals"),
  "POST /api/approvals/:id": async (c, _r, f) =>
    c.post(`/api/approvals/${await freshApproval(f)}`, { approve: true }),
  "GET /api/notes": (c) => c.get(`/api/notes?target=${enc(`account:${ACC.D1}`)}`),
  "POST /api/notes": (c) =>
    c.post("/api/notes", { target: `account:${ACC.D1}`, text: "drop 1 forwards within 30 minutes" }),
  "GET /api/users": (c) => c.get("/api/users"),
  "POST /api/users": (c) =>
    c.post("/api/users", { username: `new-user-${++unique}`, role: "analyst", password: "a-long-password" }),
  "PATCH /api/users/:username": (c) => c.patch("/api/users/patch-target", { role: "prosecutor" }),
  "GET /api/audit": (c) => c.get("/api/audit?limit=5"),
  "GET /api/audit/verify": (c) => c.get("/api/audit/verify"),
  "GET /api/recovery/triage": (c) => c.get("/api/recovery/triage"),
  "GET /api/recovery/requests": (c) => c.get("/api/recovery/requests"),
  "GET /api/recovery/requests/:id": async (c, _r, f) =>
    c.get(`/api/recovery/requests/${await freezeRequest(f)}`),
  "GET /api/recovery/requests/:id/files/:name": async (c, _r, f) => {
    const id = await freezeRequest(f);
    return c.get(`/api/recovery/requests/${id}/files/${id}.csv`);
  },
  "POST /api/recovery/requests": async (c, _r, f) =>
    c.post("/api/recovery/requests", { accounts: [await holding(f)] }),
  // Each status change and answer goes to a request of its own, so every role's attempt finds a drafted one.
  "POST /api/recovery/requests/:id/outcomes": async (c, _r, f) =>
    c.post(`/api/recovery/requests/${await freezeRequest(f, true)}/outcomes`, {
      changes: [{ status: "sent" }],
    }),
  "POST /api/recovery/requests/:id/answer": async (c, _r, f) =>
    c.post(`/api/recovery/requests/${await freezeRequest(f, true)}/answer`, {
      csv: `account,status,amount_kzt\n${await holding(f)},frozen,1000\n`,
    }),
  "GET /api/loads": (c) => c.get("/api/loads?all=true"),
  // Each attempt rolls back a load of its own, failed before it wrote anything.
  "POST /api/loads/:id/rollback": async (c, _r, f) => {
    const id = `load-access-${++unique}`;
    const start = { id, by: "access-test", origin: "cli", inputs: [] };
    await f.t.store
      .bulkLoad(() => Promise.reject(new Error("access-test: no data")), start)
      .catch(() => null);
    return c.post(`/api/loads/${id}/rollback`, {});
  },
  // The evidence routes (server/api/routes/exports.ts, built by the evidence issue).
  "GET /api/exports/*": (c) => c.get("/api/exports/formats"),
  "POST /api/exports/*": (c) =>
    c.post("/api/exports", { selection: { ids: [`account:${ACC.D1}`] }, format: "json" }),
};

describe("route access by role", () => {
  const f = {} as Fixture;
  const clients = new Map<Role, ApiClient>();

  beforeAll(async () => {
    f.t = await startTestServer();
    await seedKnownCase(f.t.store);
    for (const role of ROLES) clients.set(role, await f.t.as(role));
    await f.t.store.putNamedMapping(SEEDED_MAPPING);
    const admin = clients.get("admin")!;
    await admin.post("/api/users", {
      username: "patch-target",
      role: "analyst",
      password: "patch-target-pw",
    });
    const analysis = await admin.post<{ top: { id: string }[] }>("/api/analysis", {});
    expect(analysis.status).toBe(200);
    f.clusterId = analysis.body.top[0]?.id ?? "no-cluster";
    const upload = await admin.upload<{ id: string }>("/api/uploads", csvForm("register.csv", REGISTER_CSV));
    expect(upload.status).toBe(202);
    f.uploadId = upload.body.id;
    for (let i = 0; i < 100; i++) {
      const u = await admin.get<{ status: string }>(`/api/uploads/${f.uploadId}`);
      if (u.body.status === "done" || u.body.status === "failed") break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => f.t.close());

  it("has a case for every entry of the route → access table", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it("found a cluster and finished the upload the cases read", async () => {
    expect(f.clusterId).not.toBe("no-cluster");
    expect((await f.t.store.getUpload(f.uploadId))?.status).toBe("done");
  });

  const table = Object.entries(ROUTE_ACCESS).flatMap(([key, access]) =>
    [null, ...ROLES].map((role) => {
      const expected =
        access === "public"
          ? "allowed"
          : role === null
            ? 401
            : access === "signed-in" || can(role, access)
              ? "allowed"
              : 403;
      return { key, role, expected } as const;
    }),
  );

  it.each(table)("$key as $role → $expected", async ({ key, role, expected }) => {
    const client = role ? clients.get(role)! : f.t.anonymous();
    const r = await CASES[key]!(client, role, f);
    if (expected === "allowed") {
      expect(
        r.status >= 200 && r.status < 300,
        `${key} as ${role}: ${r.status} ${r.text.slice(0, 300)}`,
      ).toBe(true);
      // The response matches the schema the route declares (the one the OpenAPI document publishes).
      const schema = ROUTES.get(key)?.responses[r.status]?.schema;
      if (schema) {
        const parsed = schema.safeParse(r.body);
        expect(parsed.success, `${key}: ${parsed.error?.message}`).toBe(true);
      }
    } else {
      expect(r.status, `${key} as ${role}: ${r.text.slice(0, 200)}`).toBe(expected);
      expect((r.body as { error: { code: string } }).error.code).toBe(
        expected === 401 ? "unauthorized" : "forbidden",
      );
    }
  });
});
