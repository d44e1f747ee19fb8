/**
 * Reading and verifying the audit trail (admin only). Reading is itself recorded.
 */
import { z } from "zod";
import { verifyTrail } from "../../audit/index.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import { AuditEntrySchema, AuditVerificationSchema, queryInt } from "../schemas.js";

export const auditRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/audit",
    tag: "audit",
    summary: "Audit entries after a sequence number, or the latest ones",
    query: z.object({
      afterSeq: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .describe("entries with seq greater than this; the latest when absent"),
      limit: queryInt(1, 1000, 100),
    }),
    responses: {
      200: {
        description: "entries in seq order",
        schema: z.object({ entries: z.array(AuditEntrySchema), lastSeq: z.number().int() }),
      },
    },
    async handler({ query }, ctx) {
      const store = ctx.deps.store;
      const last = await store.lastAudit();
      const lastSeq = last?.seq ?? 0;
      const afterSeq = query.afterSeq ?? Math.max(0, lastSeq - query.limit);
      const entries = await store.auditEntries({ afterSeq, limit: query.limit });
      await ctx.audit("audit.read", null, { afterSeq, limit: query.limit });
      return { entries, lastSeq };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/audit/verify",
    tag: "audit",
    summary:
      "Check the hash chain, the Merkle tree and the signed tree heads; names the first broken entry, a missing tail, " +
      "a rewritten entry",
    responses: {
      200: {
        description: "verification result",
        schema: AuditVerificationSchema,
      },
    },
    async handler(_input, ctx): Promise<Answer<typeof AuditVerificationSchema>> {
      const result = await verifyTrail(ctx.deps.store);
      await ctx.audit("audit.verify", null, {
        ok: result.ok,
        entries: result.entries,
        firstBroken: result.firstBroken,
        problems: result.problems.map((p) => p.kind),
      });
      return result;
    },
  }),
];
