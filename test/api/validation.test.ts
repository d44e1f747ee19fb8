/**
 * Every class of bad input gets a 4xx in the one error format, naming the field: missing, wrong type, out of range,
 * unknown id, malformed JSON, unknown route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiClient,
  type ApiResponse,
  type ErrorBody,
  fieldsOf,
  startTestServer,
  type TestServer,
} from "./harness.js";
import { ACC, seedKnownCase } from "./seed.fixtures.js";

const enc = encodeURIComponent;

interface BadCase {
  what: string;
  send: (c: ApiClient) => Promise<ApiResponse>;
  status: number;
  code: string;
  field?: string;
}

const CASES: BadCase[] = [
  {
    what: "search without q",
    send: (c) => c.get("/api/search"),
    status: 400,
    code: "validation_failed",
    field: "query.q",
  },
  {
    what: "search with an empty q",
    send: (c) => c.get("/api/search?q=%20"),
    status: 400,
    code: "validation_failed",
    field: "query.q",
  },
  {
    what: "search with a limit that is not a number",
    send: (c) => c.get("/api/search?q=x&limit=abc"),
    status: 400,
    code: "validation_failed",
    field: "query.limit",
  },
  {
    what: "search with a limit out of range",
    send: (c) => c.get("/api/search?q=x&limit=100000"),
    status: 400,
    code: "validation_failed",
    field: "query.limit",
  },
  {
    what: "search with an unknown entity type",
    send: (c) => c.get("/api/search?q=x&types=account,spaceship"),
    status: 400,
    code: "validation_failed",
    field: "query.types.1",
  },
  {
    what: "an entity id without a type",
    send: (c) => c.get(`/api/entities/${ACC.D1}`),
    status: 400,
    code: "validation_failed",
    field: "params.id",
  },
  {
    what: "an unknown entity",
    send: (c) => c.get(`/api/entities/${enc("account:KZ000000000000000000")}`),
    status: 404,
    code: "not_found",
    field: "params.id",
  },
  {
    what: "a neighbourhood without ids",
    send: (c) => c.get("/api/graph/neighbourhood"),
    status: 400,
    code: "validation_failed",
    field: "query.ids",
  },
  {
    what: "a neighbourhood with a depth out of range",
    send: (c) => c.get(`/api/graph/neighbourhood?ids=${enc(`account:${ACC.D1}`)}&depth=9`),
    status: 400,
    code: "validation_failed",
    field: "query.depth",
  },
  {
    what: "a neighbourhood whose to is before its from",
    send: (c) =>
      c.get(`/api/graph/neighbourhood?ids=${enc(`account:${ACC.D1}`)}&from=2024-03-10&to=2024-03-01`),
    status: 400,
    code: "validation_failed",
    field: "query.to",
  },
  {
    what: "a neighbourhood with a malformed date",
    send: (c) => c.get(`/api/graph/neighbourhood?ids=${enc(`account:${ACC.D1}`)}&from=yesterday`),
    status: 400,
    code: "validation_failed",
    field: "query.from",
  },
  {
    what: "a neighbourhood of unknown nodes",
    send: (c) => c.get(`/api/graph/neighbourhood?ids=${enc("phone:+70000000000")}`),
    status: 404,
    code: "not_found",
    field: "query.ids",
  },
  {
    what: "an unknown cluster",
    send: (c) => c.get("/api/clusters/no-such-cluster"),
    status: 404,
    code: "not_found",
    field: "params.id",
  },
  {
    what: "an upload id that is not a UUID",
    send: (c) => c.get("/api/uploads/123"),
    status: 400,
    code: "validation_failed",
    field: "params.id",
  },
  {
    what: "an unknown upload",
    send: (c) => c.get("/api/uploads/00000000-0000-4000-8000-000000000000"),
    status: 404,
    code: "not_found",
    field: "params.id",
  },
  {
    what: "rejects of an unknown upload",
    send: (c) => c.get("/api/uploads/00000000-0000-4000-8000-000000000000/rejects.csv"),
    status: 404,
    code: "not_found",
    field: "params.id",
  },
  {
    what: "a trace with nothing to trace",
    send: (c) => c.post("/api/trace", {}),
    status: 400,
    code: "validation_failed",
    field: "body.complaints",
  },
  {
    what: "a trace whose complaints are not a list",
    send: (c) => c.post("/api/trace", { complaints: "123" }),
    status: 400,
    code: "validation_failed",
    field: "body.complaints",
  },
  {
    what: "a trace with an unknown method",
    send: (c) => c.post("/api/trace", { complaints: ["1"], method: "lifo" }),
    status: 400,
    code: "validation_failed",
    field: "body.method",
  },
  {
    what: "a trace of an unknown complaint",
    send: (c) => c.post("/api/trace", { complaints: ["000000000000000"] }),
    status: 404,
    code: "not_found",
    field: "body.complaints",
  },
  {
    what: "an analysis with an unknown setting",
    send: (c) => c.post("/api/analysis", { louvainMagic: 3 }),
    status: 400,
    code: "validation_failed",
    field: "body",
  },
  {
    what: "an analysis with a setting of the wrong type",
    send: (c) => c.post("/api/analysis", { resolution: "high" }),
    status: 400,
    code: "validation_failed",
    field: "body.resolution",
  },
  {
    what: "an analysis with a setting out of range",
    send: (c) => c.post("/api/analysis", { passThroughMinRatio: 7 }),
    status: 400,
    code: "validation_failed",
    field: "body.passThroughMinRatio",
  },
  {
    what: "a note without text",
    send: (c) => c.post("/api/notes", { target: "account:x" }),
    status: 400,
    code: "validation_failed",
    field: "body.text",
  },
  {
    what: "a user with an unknown role and a short password",
    send: (c) => c.post("/api/users", { username: "zz", role: "king", password: "short" }),
    status: 400,
    code: "validation_failed",
    field: "body.role",
  },
  {
    what: "a user whose name is taken",
    send: (c) => c.post("/api/users", { username: "analyst", role: "analyst", password: "long-enough-pw" }),
    status: 409,
    code: "conflict",
    field: "body.username",
  },
  {
    what: "a change to an unknown user",
    send: (c) => c.patch("/api/users/nobody-here", { role: "analyst" }),
    status: 404,
    code: "not_found",
    field: "params.username",
  },
  {
    what: "a change with nothing to change",
    send: (c) => c.patch("/api/users/analyst", {}),
    status: 400,
    code: "validation_failed",
    field: "body.role",
  },
  {
    what: "demoting the last admin",
    send: (c) => c.patch("/api/users/admin", { role: "analyst" }),
    status: 409,
    code: "conflict",
    field: "body.role",
  },
  {
    what: "audit entries after a negative seq",
    send: (c) => c.get("/api/audit?afterSeq=-1"),
    status: 400,
    code: "validation_failed",
    field: "query.afterSeq",
  },
  {
    what: "a body that is not JSON",
    send: (c) => c.request("POST", "/api/notes", { raw: "{not json" }),
    status: 400,
    code: "validation_failed",
    field: "body",
  },
  {
    what: "a JSON body sent as text/plain",
    send: (c) =>
      c.request("POST", "/api/notes", { raw: '{"target":"x","text":"y"}', contentType: "text/plain" }),
    status: 400,
    code: "validation_failed",
    field: "body",
  },
  { what: "an unknown API route", send: (c) => c.get("/api/nothing-here"), status: 404, code: "not_found" },
  {
    what: "an upload that is not multipart",
    send: (c) => c.post("/api/uploads", { file: "x" }),
    status: 400,
    code: "validation_failed",
    field: "body",
  },
  {
    what: "an upload without a file",
    send: (c) => c.upload("/api/uploads", new FormData()),
    status: 400,
    code: "validation_failed",
    field: "body.file",
  },
];

describe("bad input", () => {
  let t: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    admin = await t.as("admin");
  });
  afterAll(() => t.close());

  it.each(CASES)("answers $what with $status naming $field", async ({ send, status, code, field }) => {
    const r = await send(admin);
    expect(r.status, r.text.slice(0, 300)).toBe(status);
    const body = r.body as ErrorBody;
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/^api/);
    expect(typeof body.error.details).toBe("object");
    if (field) expect(fieldsOf(r)).toContain(field);
  });

  it("answers with JSON, never an HTML error page, when a handler throws", async () => {
    const r = await admin.request("POST", "/api/notes", { raw: "[".repeat(10) });
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
  });
});
