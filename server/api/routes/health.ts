/**
 * Liveness and readiness: /healthz answers while the process runs; /readyz also checks that the store is reachable
 * and that the uploads folder can be written (an upload would otherwise fail for every user while a load balancer
 * keeps sending traffic here).
 */
import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { z } from "zod";
import { ApiError } from "../errors.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import { incompleteLoadsFresh } from "./loads.js";

const LiveSchema = z.object({ status: z.literal("ok") });

const ReadySchema = z.object({
  status: z.literal("ready"),
  store: z.enum(["neo4j", "embedded"]),
  incompleteLoads: z
    .array(z.string())
    .optional()
    .describe("loads that did not complete: the data is not whole until each is resumed or rolled back"),
});

export const healthRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/healthz",
    tag: "health",
    summary: "Liveness: the process is up",
    responses: { 200: { description: "up", schema: LiveSchema } },
    async handler(): Promise<Answer<typeof LiveSchema>> {
      return { status: "ok" };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/readyz",
    tag: "health",
    summary: "Readiness: the store answers and the uploads folder can be written",
    responses: {
      200: {
        description: "ready",
        schema: ReadySchema,
      },
      503: { description: "the store does not answer, or the uploads folder cannot be written" },
    },
    async handler(_input, { deps }): Promise<Answer<typeof ReadySchema>> {
      const ok = await deps.store.ping().catch(() => false);
      if (!ok) throw new ApiError(503, "not_ready", `api: the ${deps.store.kind} store does not answer`);
      const uploads = await mkdir(deps.uploadDir, { recursive: true })
        .then(() => access(deps.uploadDir, constants.W_OK))
        .then(
          () => null,
          (err: NodeJS.ErrnoException) => err.code ?? err.message,
        );
      if (uploads !== null) {
        throw new ApiError(503, "not_ready", `api: the uploads folder cannot be written (${uploads})`, {
          reason: uploads,
        });
      }
      // Ready to serve, but not to be taken as whole: the ids say which loads are missing parts.
      const incompleteLoads = await incompleteLoadsFresh(deps.store).catch(() => undefined);
      return {
        status: "ready",
        store: deps.store.kind,
        ...(incompleteLoads?.length ? { incompleteLoads } : {}),
      };
    },
  }),
];
