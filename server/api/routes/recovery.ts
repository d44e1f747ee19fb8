/**
 * Recovery over HTTP: the triage (where traced money is still held), freeze requests per bank (build, list, read,
 * download their files) and their outcomes (status changes, a bank's answer CSV). Investigators and admins draft and
 * update ("freeze"), prosecutors read ("recovery"); analysts have neither (server/auth/roles.ts).
 */
import { z } from "zod";
import {
  buildFreezeRequests,
  buildTriage,
  getRequest,
  importBankAnswer,
  listRequests,
  recordOutcomes,
  triageCsv,
} from "../../recovery/index.js";
import { aboutField } from "../error-status.js";
import { NotFoundError } from "../errors.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import {
  AnswerBody,
  BuildRequestsBody,
  FreezeRequestSchema,
  OutcomesBody,
  RequestId,
  TriageQuery,
  TriageSchema,
} from "./recovery-schemas.js";

export const recoveryRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/recovery/triage",
    tag: "recovery",
    summary: "Accounts still holding traced money at the end of the data, across complaints",
    query: TriageQuery,
    responses: {
      200: { description: "the triage (JSON), or with format=csv the table as CSV", schema: TriageSchema },
    },
    async handler({ query }, ctx): Promise<Answer<typeof TriageSchema> | undefined> {
      const complaints = query.complaints
        ?.split(",")
        .map((c) => c.trim())
        .filter(Boolean);
      try {
        const triage = await buildTriage(ctx.deps.store, complaints?.length ? { complaints } : {});
        await ctx.audit("recovery.triage", complaints?.join(",") ?? null, {
          holdings: triage.holdings.length,
          totalHoldingKzt: triage.totalHoldingKzt,
          format: query.format ?? "json",
        });
        if (query.format === "csv") {
          ctx.res.attachment("recovery-triage.csv");
          ctx.res.type("text/csv; charset=utf-8");
          ctx.res.send(triageCsv(triage));
          return undefined;
        }
        return triage;
      } catch (err) {
        throw aboutField(err, "query.complaints");
      }
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/recovery/requests",
    tag: "recovery",
    summary: "Build freeze requests, one per bank of the chosen holding accounts (letter PDF, CSV, JSON)",
    body: BuildRequestsBody,
    status: 201,
    responses: {
      201: {
        description: "the requests built",
        schema: z.object({ requests: z.array(FreezeRequestSchema) }),
      },
    },
    async handler({ body }, ctx) {
      try {
        // buildFreezeRequests writes the audit entry of each request itself (as the CLI does).
        const requests = await buildFreezeRequests(ctx.deps.store, {
          accounts: body.accounts,
          ...(body.complaints?.length ? { complaints: body.complaints } : {}),
          by: ctx.user().username,
          onWarning: (m) => ctx.deps.logger.warn(m),
        });
        return { requests };
      } catch (err) {
        throw aboutField(err, "body.accounts");
      }
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/recovery/requests",
    tag: "recovery",
    summary: "Freeze requests with where each requested freeze stands, oldest first",
    query: z.object({
      complaint: z.string().trim().min(1).max(200).optional(),
      bank: z.string().trim().min(1).max(200).optional(),
    }),
    responses: {
      200: { description: "requests", schema: z.object({ requests: z.array(FreezeRequestSchema) }) },
    },
    async handler({ query }, ctx) {
      const requests = await listRequests(ctx.deps.store, query);
      await ctx.audit("recovery.requests", query.complaint ?? query.bank ?? null, { count: requests.length });
      return { requests };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/recovery/requests/:id",
    tag: "recovery",
    summary: "One freeze request",
    params: RequestId,
    responses: { 200: { description: "the request", schema: FreezeRequestSchema } },
    async handler({ params }, ctx): Promise<Answer<typeof FreezeRequestSchema>> {
      try {
        const r = await getRequest(ctx.deps.store, params.id);
        await ctx.audit("recovery.request.view", params.id);
        return r;
      } catch (err) {
        throw aboutField(err, "params.id");
      }
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/recovery/requests/:id/files/:name",
    tag: "recovery",
    summary: "Download a file of a freeze request (the letter PDF, the CSV or the JSON)",
    params: RequestId.extend({ name: z.string().regex(/^FR-\d{4}-\d{4,}\.(pdf|csv|json)$/) }),
    responses: {
      200: {
        description: "the file's bytes, as stored (its SHA-256 is in the request)",
        contentType: "application/octet-stream",
      },
    },
    async handler({ params }, ctx) {
      const r = await ctx.deps.store.getFreezeRequest(params.id);
      const file = r?.files.find((f) => f.name === params.name);
      const bytes = file ? await ctx.deps.store.freezeRequestContent(params.id, params.name) : null;
      if (!file || !bytes) {
        throw new NotFoundError(`api: freeze request ${params.id} has no file ${params.name}`, "params.name");
      }
      await ctx.audit("recovery.request.download", params.id, { name: file.name, sha256: file.sha256 });
      ctx.res.attachment(file.name);
      ctx.res.type(file.mediaType);
      ctx.res.setHeader("x-content-sha256", file.sha256);
      ctx.res.send(Buffer.from(bytes));
      return undefined;
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/recovery/requests/:id/outcomes",
    tag: "recovery",
    summary: "Record status changes of a request's freezes (sent, frozen, refused, released, returned)",
    params: RequestId,
    body: OutcomesBody,
    responses: { 200: { description: "the request as it stands now", schema: FreezeRequestSchema } },
    async handler({ params, body }, ctx): Promise<Answer<typeof FreezeRequestSchema>> {
      try {
        return await recordOutcomes(ctx.deps.store, params.id, body.changes, ctx.user().username);
      } catch (err) {
        throw aboutField(err, "body.changes");
      }
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/recovery/requests/:id/answer",
    tag: "recovery",
    summary: "Import a bank's answer to a request (CSV: account, status, amount_kzt, reason)",
    params: RequestId,
    body: AnswerBody,
    responses: { 200: { description: "the request as it stands now", schema: FreezeRequestSchema } },
    async handler({ params, body }, ctx): Promise<Answer<typeof FreezeRequestSchema>> {
      try {
        return await importBankAnswer(ctx.deps.store, params.id, body.csv, ctx.user().username);
      } catch (err) {
        throw aboutField(err, "body.csv");
      }
    },
  }),
];
