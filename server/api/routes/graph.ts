/**
 * Reading the graph: search, one entity with its sources, a neighbourhood, store statistics and complaints.
 * Every read that shows people, accounts or victims is audited with its parameters.
 */
import type { Response } from "express";
import { z } from "zod";
import { NotFoundError } from "../errors.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import {
  commaList,
  ComplaintSchema,
  EntityDetailSchema,
  EntityTypeSchema,
  Instant,
  NodeIdSchema,
  queryInt,
  RelationshipTypeSchema,
  SearchHitSchema,
  StatsSchema,
  SubgraphSchema,
} from "../schemas.js";
import { MAX_RANKED } from "../../store/search-rank.js";
import { incompleteLoadsFresh } from "./loads.js";

const NeighbourhoodQuery = z
  .object({
    ids: commaList(NodeIdSchema)
      .refine((a) => a.length >= 1 && a.length <= 200, "give 1 to 200 node ids")
      .describe("start node ids (type:key), comma-separated or repeated; URL-encode them (+ as %2B)"),
    depth: queryInt(0, 3, 1).describe(
      "hops from the start nodes; 0 = the induced subgraph of the start nodes",
    ),
    from: Instant.optional().describe("transfers at or after this instant"),
    to: Instant.optional().describe("transfers at or before this instant"),
    minAmount: z.coerce.number().min(0).optional().describe("minimum transfer amount in KZT"),
    types: commaList(RelationshipTypeSchema)
      .optional()
      .describe("relationship types to follow (all when absent)"),
    nodeCap: queryInt(1, 5000, 500).describe("stop adding nodes at this many (truncated is then true)"),
    edgeCap: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "carry at most this many edges, the first in id order (truncated is then true); default and maximum " +
          "MULEGRAPH_NEIGHBOURHOOD_MAX_EDGES",
      ),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: "must not be before from",
    path: ["to"],
  });

/**
 * Relationships an entity answer carries by default and at most: a payroll account's tens of thousands of transfers
 * in one answer took 0.5 s of the server's time and tens of MB (docs/SCALE.md § API under load).
 */
const DEFAULT_ENTITY_EDGES = 500;
const MAX_ENTITY_EDGES = 5000;

/** Send JSON text a store built (GraphReadPort.serialized) as res.json would send the object it stands for. */
function sendJson(res: Response, json: string): void {
  res.status(200).type("application/json").send(json);
}

export const graphRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/search",
    tag: "graph",
    summary:
      "Search IBANs, IINs/BINs, phones, devices, IPs, cards, wallets, case numbers (exactly, by prefix or any " +
      "fragment) and names (words in any order, Kazakh letters folded); ranked, paged by offset",
    query: z.object({
      q: z.string().trim().min(1).max(200).describe("what to look for"),
      types: commaList(EntityTypeSchema).optional().describe("entity types to return (all when absent)"),
      limit: queryInt(1, 100, 20),
      offset: queryInt(0, MAX_RANKED, 0).describe("hits to skip: `next` of the previous page"),
    }),
    responses: {
      200: {
        description: "hits, best first",
        schema: z.object({
          hits: z.array(SearchHitSchema),
          next: z
            .number()
            .int()
            .nullable()
            .describe("offset of the next page (more results), null when none"),
        }),
      },
    },
    async handler({ query }, ctx) {
      // One more than asked for tells whether there is a next page.
      const found = await ctx.deps.store.search(query.q, {
        limit: query.limit + 1,
        offset: query.offset,
        ...(query.types?.length ? { types: query.types } : {}),
      });
      const hits = found.slice(0, query.limit);
      await ctx.audit("search", null, {
        q: query.q,
        types: query.types,
        limit: query.limit,
        offset: query.offset,
        hits: hits.length,
      });
      return { hits, next: found.length > query.limit ? query.offset + query.limit : null };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/entities/:id",
    tag: "graph",
    summary:
      "One entity with its properties, sources, relationships and neighbours; the relationships paged in id order " +
      "(links, then transfers) with their total",
    params: z.object({ id: NodeIdSchema }),
    query: z.object({
      limit: queryInt(1, MAX_ENTITY_EDGES, DEFAULT_ENTITY_EDGES).describe("relationships per page"),
      offset: queryInt(0, Number.MAX_SAFE_INTEGER, 0).describe(
        "relationships to skip: `edgesNext` of the previous page",
      ),
    }),
    responses: { 200: { description: "the entity", schema: EntityDetailSchema } },
    async handler({ params, query }, ctx): Promise<Answer<typeof EntityDetailSchema> | undefined> {
      const page = { limit: query.limit, offset: query.offset };
      const serialized = ctx.deps.store.serialized;
      const detail = serialized
        ? await serialized.entity(params.id, page)
        : await ctx.deps.store.entity(params.id, page);
      await ctx.audit("entity.view", params.id, {
        found: detail !== null,
        ...(query.offset > 0 ? { offset: query.offset } : {}),
      });
      if (!detail) throw new NotFoundError(`api: no entity "${params.id}"`, "params.id");
      if (typeof detail !== "string") return detail;
      sendJson(ctx.res, detail);
      return undefined;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/graph/neighbourhood",
    tag: "graph",
    summary: "Expand from start nodes, filtered by time, amount and relationship type",
    query: NeighbourhoodQuery,
    responses: { 200: { description: "the subgraph", schema: SubgraphSchema } },
    async handler({ query }, ctx): Promise<Answer<typeof SubgraphSchema> | undefined> {
      const filter = {
        depth: query.depth,
        nodeCap: query.nodeCap,
        edgeCap: Math.min(query.edgeCap ?? Infinity, ctx.deps.env.MULEGRAPH_NEIGHBOURHOOD_MAX_EDGES),
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
        ...(query.minAmount !== undefined ? { minAmountKzt: query.minAmount } : {}),
        ...(query.types?.length ? { types: query.types } : {}),
      };
      const serialized = ctx.deps.store.serialized;
      const subgraph = serialized
        ? await serialized.neighbourhood(query.ids, filter)
        : await ctx.deps.store.neighbourhood(query.ids, filter);
      const counts =
        "json" in subgraph
          ? subgraph
          : { nodes: subgraph.nodes.length, edges: subgraph.edges.length, truncated: subgraph.truncated };
      await ctx.audit("graph.neighbourhood", query.ids[0] ?? null, {
        ids: query.ids,
        depth: query.depth,
        from: query.from,
        to: query.to,
        minAmount: query.minAmount,
        types: query.types,
        nodeCap: query.nodeCap,
        nodes: counts.nodes,
        edges: counts.edges,
        truncated: counts.truncated,
      });
      if (counts.nodes === 0) {
        throw new NotFoundError(`api: none of the ${query.ids.length} start node(s) exists`, "query.ids");
      }
      if (!("json" in subgraph)) return subgraph;
      sendJson(ctx.res, subgraph.json);
      return undefined;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/stats",
    tag: "graph",
    summary: "Counts of what the store holds",
    responses: { 200: { description: "counts", schema: StatsSchema } },
    async handler(_input, ctx): Promise<Answer<typeof StatsSchema>> {
      const [stats, incompleteLoads] = await Promise.all([
        ctx.deps.store.stats(),
        incompleteLoadsFresh(ctx.deps.store),
      ]);
      return { ...stats, incompleteLoads };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/complaints",
    tag: "graph",
    summary: "Complaints (victims' reports), newest registrations first as the store orders them",
    query: z.object({ limit: queryInt(1, 5000, 200) }),
    responses: {
      200: { description: "complaints", schema: z.object({ complaints: z.array(ComplaintSchema) }) },
    },
    async handler({ query }, ctx) {
      const complaints = await ctx.deps.store.complaints({ limit: query.limit });
      await ctx.audit("complaints.list", null, { limit: query.limit, count: complaints.length });
      return { complaints };
    },
  }),
];
