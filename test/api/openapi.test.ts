import { compileErrors, dereference, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_ACCESS } from "../../server/auth/access.js";
import { startTestServer, type TestServer } from "./harness.js";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      Record<string, unknown> & { parameters?: { name: string; in: string; required: boolean }[] }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

describe("OpenAPI document", () => {
  let t: TestServer;
  let doc: Doc;
  beforeAll(async () => {
    t = await startTestServer();
    const r = await t.anonymous().get<Doc>("/api/openapi.json");
    expect(r.status).toBe(200);
    doc = r.body;
  });
  afterAll(() => t.close());

  it("is a valid OpenAPI 3.1 document for a maintained validator (@readme/openapi-parser)", async () => {
    // The validator mutates what it is given: hand it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("has no schema that refers to itself, so it dereferences completely without cycles", async () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect((schema as { $ref?: string }).$ref, name).not.toBe(`#/components/schemas/${name}`);
    }
    const full = await dereference(structuredClone(doc) as never, { dereference: { circular: false } });
    expect(JSON.stringify(full)).not.toContain('"$ref"');
  });

  it("is OpenAPI 3.1 and lists every route of the access table", () => {
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    for (const key of Object.keys(ROUTE_ACCESS)) {
      if (key.endsWith("/*")) {
        const [method, prefix] = key.slice(0, -2).split(" ");
        expect(
          operations.some((o) => o.startsWith(`${method} ${prefix}`)),
          key,
        ).toBe(true);
      } else expect(operations, key).toContain(key);
    }
  });

  it("derives query and path parameters from the zod schemas, with their constraints", () => {
    const search = doc.paths["/api/search"]!.get!;
    const q = search.parameters!.find((p) => p.name === "q")!;
    expect(q).toMatchObject({
      in: "query",
      required: true,
      schema: { type: "string", minLength: 1, maxLength: 200 },
    });
    const limit = search.parameters!.find((p) => p.name === "limit")!;
    expect(limit).toMatchObject({
      required: false,
      schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    });
    const entity = doc.paths["/api/entities/{id}"]!.get!;
    expect(entity.parameters).toContainEqual(
      expect.objectContaining({ name: "id", in: "path", required: true }),
    );
  });

  it("names the roles of each operation and asks for the CSRF header on state-changing ones", () => {
    expect(doc.paths["/api/trace"]!.post!["x-roles"]).toEqual(["investigator", "admin"]);
    expect(doc.paths["/api/trace"]!.post!.parameters).toContainEqual(
      expect.objectContaining({ name: "x-csrf-token", in: "header" }),
    );
    expect(doc.paths["/api/auth/login"]!.post!["x-access"]).toBe("public");
  });

  it("resolves every $ref to a component", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split("/").pop()!], ref).toBeDefined();
    }
  });
});
