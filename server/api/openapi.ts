/**
 * The OpenAPI 3.1 document, generated from the route declarations (server/api/registry.ts) and their zod schemas with
 * zod's own `z.toJSONSchema`: nothing is described twice. Named schemas (`.meta({ id })`) become components.
 */
import { z } from "zod";
import { accessFor } from "../auth/access.js";
import { rolesWith } from "../auth/roles.js";
import { CSRF_HEADER, SESSION_COOKIE } from "../auth/middleware.js";
import type { RouteDef } from "./registry.js";
import { ErrorBodySchema } from "./schemas.js";

type Json = Record<string, unknown>;

/** Converts schemas and collects their named parts into components. */
class SchemaCollector {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: "input" | "output"): Json {
    const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    delete json.$schema;
    for (const [id, def] of Object.entries(defs)) this.components[id] ??= this.rewrite(def);
    return this.rewrite(json);
  }

  private rewrite(json: Json): Json {
    return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
  }
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

function parameters(
  where: "path" | "query",
  schema: z.ZodType | undefined,
  collector: SchemaCollector,
): Json[] {
  if (!schema) return [];
  const json = collector.convert(schema, "input");
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function errorResponse(description: string): Json {
  return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
}

function operation(route: RouteDef, collector: SchemaCollector): Json {
  const access = accessFor(route.method, route.path) ?? "public";
  const op: Json = {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: route.summary,
    tags: [route.tag],
    "x-access": access,
    "x-roles": access === "public" || access === "signed-in" ? access : rolesWith(access),
  };
  if (route.description) op.description = route.description;
  const params = [
    ...parameters("path", route.params, collector),
    ...parameters("query", route.query, collector),
  ];
  const unsafe = route.method !== "GET";
  if (access !== "public" && unsafe) {
    params.push({
      name: CSRF_HEADER,
      in: "header",
      required: true,
      description: "the session's CSRF token (GET /api/auth/me)",
      schema: { type: "string" },
    });
  }
  if (params.length) op.parameters = params;
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { "application/json": { schema: collector.convert(route.body, "input") } },
    };
  } else if (route.multipart) {
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    for (const [name, f] of Object.entries(route.multipart)) {
      properties[name] = f.file
        ? { type: "string", contentMediaType: "application/octet-stream", description: f.description }
        : { type: "string", description: f.description };
      if (f.required) required.push(name);
    }
    op.requestBody = {
      required: true,
      content: { "multipart/form-data": { schema: { type: "object", properties, required } } },
    };
  }
  const responses: Record<string, Json> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const contentType = r.contentType ?? "application/json";
    responses[status] = r.schema
      ? {
          description: r.description,
          content: { [contentType]: { schema: collector.convert(r.schema, "output") } },
        }
      : r.contentType
        ? { description: r.description, content: { [contentType]: {} } }
        : { description: r.description };
  }
  if (route.params || route.query || route.body || route.multipart)
    responses["400"] ??= errorResponse("invalid input; details.fields names each bad field");
  if (access !== "public") {
    responses["401"] ??= errorResponse("not signed in");
    if (access !== "signed-in" || unsafe)
      responses["403"] ??= errorResponse("role may not do this, or CSRF token missing");
  }
  if (route.params) responses["404"] ??= errorResponse("unknown id");
  responses["500"] ??= errorResponse("internal error");
  op.responses = responses;
  if (access !== "public") op.security = [{ session: [] }];
  return op;
}

/** Build the OpenAPI 3.1 document for these routes. */
export function openApiDocument(routes: readonly RouteDef[], info: { version: string }): Json {
  const collector = new SchemaCollector();
  // ErrorBodySchema is named ("Error"): converting it files it under components and returns a $ref to it, which
  // must not overwrite the component (a schema that is a $ref to itself breaks every reader).
  const error = collector.convert(ErrorBodySchema, "output");
  collector.components.Error ??= error;
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const p = (paths[openApiPath(route.path)] ??= {});
    p[route.method.toLowerCase()] = operation(route, collector);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Mulegraph API",
      version: info.version,
      description:
        "Finds money-mule networks in bank exports. Sign in with POST /api/auth/login (session cookie); send the " +
        `CSRF token from GET /api/auth/me in the ${CSRF_HEADER} header on every state-changing request. ` +
        "Errors are { error: { code, message, details } }; details.fields names the bad input fields.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: { session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE } },
    },
  };
}
