/**
 * Fund tracing over HTTP: follow complaints' or transfers' money to exits and to the accounts still holding it.
 */
import { z } from "zod";
import { traceFunds, TraceNotFoundError } from "../../analytics/trace/index.js";
import { freezeStates } from "../../recovery/index.js";
import { aboutField } from "../error-status.js";
import { defineRoute, type RouteDef } from "../registry.js";

const DAY_MS = 86_400_000;

const Ids = z.array(z.string().trim().min(1).max(200)).max(1000);

const TraceBody = z
  .object({
    complaints: Ids.optional().describe("complaint case numbers"),
    txIds: Ids.optional().describe("transfer ids whose whole amount is traced"),
    method: z.enum(["fifo", "proportional"]).optional().describe("default fifo"),
    windowMs: z
      .number()
      .int()
      .positive()
      .max(3650 * DAY_MS)
      .optional()
      .describe("how long after the incident money is followed; default: to the end of the data"),
    maxHops: z.number().int().min(1).max(64).optional().describe("default 64"),
    minTracedKzt: z.number().min(0).optional().describe("default 1"),
    asOf: z.number().int().optional().describe("the freeze list's 'now', epoch ms; default the data's end"),
    fxTable: z.record(z.string().regex(/^[A-Za-z]{3}$/), z.number().positive()).optional(),
  })
  .refine((b) => (b.complaints?.length ?? 0) + (b.txIds?.length ?? 0) > 0, {
    message: "give at least one complaint case number or transfer id",
    path: ["complaints"],
  });

/** Trace result: the same JSON as `mulegraph trace --json` (model/trace.ts TraceResult). */
const TraceResultSchema = z
  .object({
    complaints: z.array(z.string()),
    tracedKzt: z.number(),
    exitsKzt: z.record(z.string(), z.number()),
    holdingKzt: z.record(z.string(), z.number()),
    untracedKzt: z.number(),
    edges: z.array(
      z
        .object({ from: z.string(), to: z.string(), txId: z.string(), ts: z.number(), tracedKzt: z.number() })
        .catchall(z.unknown()),
    ),
    params: z.record(z.string(), z.unknown()),
    exits: z.array(
      z
        .object({ id: z.string(), kind: z.string(), amountKzt: z.number(), txIds: z.array(z.string()) })
        .catchall(z.unknown()),
    ),
    freezeList: z.array(
      z
        .object({ account: z.string(), amountKzt: z.number(), arrivedAt: z.number(), heldForMs: z.number() })
        .catchall(z.unknown()),
    ),
    untraced: z.array(z.object({ amountKzt: z.number(), reason: z.string() }).catchall(z.unknown())),
    asOf: z.number(),
  })
  .catchall(z.unknown())
  .meta({ id: "TraceResult" });

export const traceRoutes: RouteDef[] = [
  defineRoute({
    method: "POST",
    path: "/api/trace",
    tag: "analysis",
    summary: "Trace money from complaints or transfers to exits and the freeze list",
    body: TraceBody,
    responses: { 200: { description: "the trace", schema: TraceResultSchema } },
    async handler({ body }, ctx) {
      const target = body.complaints?.[0] ?? body.txIds?.[0] ?? null;
      try {
        // As the CLI: the freeze list's "now" is the end of the stored data, not the last transfer this trace read.
        const asOf = body.asOf ?? (await ctx.deps.store.stats()).lastTransferAt ?? undefined;
        const result = await traceFunds(ctx.deps.store, { ...body, asOf });
        // Where each held amount stands with the banks (the recovery records): shown beside the freeze list.
        const states = await freezeStates(ctx.deps.store);
        for (const f of result.freezeList) {
          const freezes = states.filter((s) => s.account === f.account).reverse();
          if (freezes.length) f.freezes = freezes;
        }
        await ctx.audit("trace", target, { ...body, tracedKzt: result.tracedKzt });
        return result;
      } catch (err) {
        if (err instanceof TraceNotFoundError) {
          await ctx.audit("trace", target, { ...body, found: false });
          throw aboutField(err, body.complaints?.length ? "body.complaints" : "body.txIds");
        }
        // Bad options (TraceOptionsError) are about the body as a whole.
        throw aboutField(err, "body");
      }
    },
  }),
];
