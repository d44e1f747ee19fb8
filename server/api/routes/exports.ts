/**
 * Evidence exports under /api/exports. Placeholder until the evidence issue lands (server/evidence/): every route
 * answers 501. Routes declared here with defineRoute get their access rule from ROUTE_ACCESS ("/api/exports/*":
 * export) and appear in the OpenAPI document; audit exports with `ctx.audit("export.create", target, params)`.
 */
import { NotImplementedError } from "../errors.js";
import { buildApiRouter, defineRoute, type ApiRouter } from "../registry.js";
import type { ApiDeps } from "../types.js";

/** Router factory for the evidence routes. */
export function exportsRouter(deps: ApiDeps): ApiRouter {
  const notBuilt = async (): Promise<never> => {
    throw new NotImplementedError("api/exports: evidence export is not built yet");
  };
  return buildApiRouter(
    [
      defineRoute({
        method: "GET",
        path: "/api/exports/formats",
        tag: "exports",
        summary: "Export formats on offer (not built yet)",
        responses: { 501: { description: "not built yet" } },
        handler: notBuilt,
      }),
      defineRoute({
        method: "POST",
        path: "/api/exports",
        tag: "exports",
        summary: "Export a subgraph or build an evidence package (not built yet)",
        responses: { 501: { description: "not built yet" } },
        handler: notBuilt,
      }),
    ],
    deps,
  );
}
