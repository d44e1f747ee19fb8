/**
 * Running detection over HTTP, and reading which run is current. One run at a time: a second request while one
 * runs gets 409. Detection runs in a worker thread (server/jobs/analysis.ts), so the API keeps answering meanwhile. The body is a partial of the detection settings (server/analytics/detect/params.ts), each checked.
 */
import { z } from "zod";
import { DEFAULT_DETECT_PARAMS } from "../../analytics/detect/index.js";
import { refuseWhileIncomplete } from "./loads.js";
import { runAnalysisOffThread } from "../../jobs/analysis.js";
import { withinPart } from "../error-status.js";
import { ConflictError } from "../errors.js";
import { defineRoute, type RouteDef } from "../registry.js";
import { AnalysisRunSchema, ClusterSchema } from "../schemas.js";

/** Every detection setting, optional, typed after its default; unknown names are refused. */
const DetectBody = z
  .strictObject(
    Object.fromEntries(
      Object.entries(DEFAULT_DETECT_PARAMS).map(([name, value]) => [
        name,
        (typeof value === "number" ? z.number() : z.string()).optional(),
      ]),
    ) as Record<string, z.ZodOptional<z.ZodNumber | z.ZodString>>,
  )
  .describe("detection settings to change; the rest keep their defaults (see the run's params)");

const TOP_CLUSTERS = 20;

/** The analysis routes of one app (each app has its own "already running" flag). */
export function analysisRoutes(): RouteDef[] {
  let running = false;
  return [
    defineRoute({
      method: "GET",
      path: "/api/analysis",
      tag: "analysis",
      summary: "The current analysis run (null before the first), with its counts",
      responses: {
        200: {
          description: "the current run",
          schema: z.object({
            run: AnalysisRunSchema.nullable(),
            accounts: z.number(),
            clusters: z.number(),
            running: z.boolean(),
          }),
        },
      },
      async handler(_input, ctx) {
        const analysis = await ctx.deps.store.latestAnalysis();
        return {
          run: analysis?.run ?? null,
          accounts: analysis?.accounts.length ?? 0,
          clusters: analysis?.clusters.length ?? 0,
          running,
        };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/analysis",
      tag: "analysis",
      summary: "Run detection on everything stored and make it the current analysis",
      body: DetectBody,
      responses: {
        200: {
          description: "the new run: counts and the best-ranked clusters",
          schema: z.object({
            run: AnalysisRunSchema,
            accounts: z.number(),
            clusters: z.number(),
            top: z.array(ClusterSchema),
          }),
        },
        409: {
          description: "an analysis is already running, or a load did not complete (code incomplete_load)",
        },
      },
      async handler({ body }, ctx) {
        if (running)
          throw new ConflictError("api/analysis: an analysis is already running; try again when it ends");
        // Clusters found in half a load would be taken for the case's: refuse until it is resumed or rolled back.
        await refuseWhileIncomplete(ctx.deps.store, "api/analysis");
        running = true;
        try {
          const result = await runAnalysisOffThread(ctx.deps.store, body);
          await ctx.audit("analysis.run", result.run.runId, {
            settings: body,
            clusters: result.clusters.length,
          });
          const top = [...result.clusters].sort((a, b) => a.rank - b.rank).slice(0, TOP_CLUSTERS);
          return { run: result.run, accounts: result.accounts.length, clusters: result.clusters.length, top };
        } catch (err) {
          // Bad settings (DetectParamsError) name each setting; the answer names it inside the body.
          throw withinPart(err, "body");
        } finally {
          running = false;
        }
      },
    }),
  ];
}
