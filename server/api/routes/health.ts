/**
 * Liveness and readiness: /healthz answers while the process runs; /readyz also checks the store is reachable.
 */
import { z } from "zod";
import { ApiError } from "../errors.js";
import { defineRoute, type RouteDef } from "../registry.js";

export const healthRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/healthz",
    tag: "health",
    summary: "Liveness: the process is up",
    responses: { 200: { description: "up", schema: z.object({ status: z.literal("ok") }) } },
    async handler() {
      return { status: "ok" };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/readyz",
    tag: "health",
    summary: "Readiness: the store answers",
    responses: {
      200: {
        description: "ready",
        schema: z.object({ status: z.literal("ready"), store: z.enum(["neo4j", "embedded"]) }),
      },
      503: { description: "the store does not answer" },
    },
    async handler(_input, { deps }) {
      const ok = await deps.store.ping().catch(() => false);
      if (!ok) throw new ApiError(503, "not_ready", `api: the ${deps.store.kind} store does not answer`);
      return { status: "ready", store: deps.store.kind };
    },
  }),
];
