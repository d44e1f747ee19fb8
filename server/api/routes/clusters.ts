/**
 * Ranked drop clusters of the latest analysis run, and one cluster with its members and their subgraph.
 */
import { z } from "zod";
import { nodeId, parseNodeId } from "../../../model/graph.js";
import { NotFoundError } from "../errors.js";
import { defineRoute, type RouteDef } from "../registry.js";
import { AnalysisRunSchema, ClusterSchema, queryInt, SubgraphSchema, TypologiesSchema } from "../schemas.js";

const AccountAnalysisSchema = z
  .object({
    id: z.string(),
    community: z.string().nullable(),
    role: z.enum(["victim", "drop", "hub", "exit", "organiser", "ordinary"]),
    score: z.number(),
    reasons: z.array(z.string()),
    typologies: TypologiesSchema.optional(),
  })
  .meta({ id: "AccountAnalysis" });

/** Cluster members may be account keys or node ids; the store wants node ids. */
function memberNodeId(member: string): string {
  return parseNodeId(member) ? member : nodeId("account", member);
}

export const clustersRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/clusters",
    tag: "analysis",
    summary: "Clusters of the latest analysis, best ranked first",
    query: z.object({ limit: queryInt(1, 1000, 50), offset: queryInt(0, 1_000_000, 0) }),
    responses: {
      200: {
        description: "ranked clusters (run is null before the first analysis)",
        schema: z.object({
          run: AnalysisRunSchema.nullable(),
          total: z.number().int(),
          clusters: z.array(ClusterSchema),
        }),
      },
    },
    async handler({ query }, ctx) {
      const analysis = await ctx.deps.store.latestAnalysis();
      if (!analysis) return { run: null, total: 0, clusters: [] };
      const ranked = [...analysis.clusters].sort((a, b) => a.rank - b.rank);
      const clusters = ranked.slice(query.offset, query.offset + query.limit);
      await ctx.audit("clusters.list", null, {
        runId: analysis.run.runId,
        limit: query.limit,
        offset: query.offset,
      });
      return { run: analysis.run, total: ranked.length, clusters };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/clusters/:id",
    tag: "analysis",
    summary: "One cluster: its members' roles, scores, reasons and typologies, and the subgraph between them",
    params: z.object({ id: z.string().min(1).max(200) }),
    query: z.object({
      depth: queryInt(0, 2, 0).describe("0: transfers between members only; 1–2: also their neighbours"),
      nodeCap: queryInt(1, 5000, 1000),
    }),
    responses: {
      200: {
        description: "the cluster",
        schema: z.object({
          run: AnalysisRunSchema,
          cluster: ClusterSchema,
          accounts: z.array(AccountAnalysisSchema),
          subgraph: SubgraphSchema,
        }),
      },
    },
    async handler({ params, query }, ctx) {
      const analysis = await ctx.deps.store.latestAnalysis();
      const cluster = analysis?.clusters.find((c) => c.id === params.id);
      if (!analysis || !cluster)
        throw new NotFoundError(`api: no cluster "${params.id}" in the latest analysis`, "params.id");
      const members = new Set(cluster.members);
      const accounts = analysis.accounts.filter((a) => members.has(a.id));
      const subgraph = await ctx.deps.store.neighbourhood(cluster.members.map(memberNodeId), {
        depth: query.depth,
        nodeCap: query.nodeCap,
      });
      await ctx.audit("cluster.view", params.id, {
        runId: analysis.run.runId,
        depth: query.depth,
        members: cluster.members.length,
      });
      return { run: analysis.run, cluster, accounts, subgraph };
    },
  }),
];
