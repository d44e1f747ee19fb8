/**
 * The alert queue over HTTP: list with filters (score, typology, bank, age, assignee, status), read one with the
 * earlier alerts of its cluster, and work it — assign, snooze, dismiss with a reason (four eyes above a score), escalate
 * to a case. Analysts see the queue ("alerts"); investigators and admins work it ("casework"). Every action is an audit
 * entry targeting the alert (and the case, for an escalation). docs/CASES.md.
 */
import { z } from "zod";
import { assignAlert, escalateAlert, listQueue, snoozeAlert } from "../../alerts/index.js";
import { CaseworkNotFoundError, policyFromEnv, requestDismiss } from "../../cases/index.js";
import { ALERT_STATUSES, CASE_PRIORITIES, type AlertStatus } from "../../store/ports/casework.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import {
  AlertSchema,
  ApprovalSchema,
  CaseSchema,
  IdParams,
  mapped,
  STALE_RESPONSE,
  Version,
} from "./casework-schemas.js";

const DAY_MS = 86_400_000;

/** A comma-separated list of these words. */
function listOf(words: readonly string[]): RegExp {
  const one = `(${words.join("|")})`;
  return new RegExp(`^${one}(,${one})*$`);
}

const QueueQuery = z.object({
  status: z
    .string()
    .regex(listOf(ALERT_STATUSES), `a comma-separated list of ${ALERT_STATUSES.join(", ")}`)
    .optional()
    .describe(
      `comma-separated: ${ALERT_STATUSES.join(", ")}; default open (snoozed ones whose date came count as open)`,
    ),
  kind: z.enum(["cluster", "account"]).optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  maxScore: z.coerce.number().min(0).max(100).optional(),
  typology: z.string().max(100).optional(),
  bank: z.string().max(100).optional(),
  maxAgeDays: z.coerce.number().positive().optional().describe("raised at most this many days ago"),
  assignee: z.string().max(100).optional().describe('a username, or "none" for unassigned alerts'),
});

function statuses(value: string | undefined): AlertStatus[] | undefined {
  if (!value) return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is AlertStatus => (ALERT_STATUSES as readonly string[]).includes(s));
}

const Decision = z.object({ alert: AlertSchema, approval: ApprovalSchema.nullable() });

export const alertsRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/alerts",
    tag: "alerts",
    summary: "The alert queue, highest score first, filtered",
    query: QueueQuery,
    responses: { 200: { description: "the alerts", schema: z.object({ alerts: z.array(AlertSchema) }) } },
    async handler({ query }, ctx) {
      const alerts = await listQueue(ctx.deps.store, {
        ...(statuses(query.status) ? { status: statuses(query.status)! } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.minScore !== undefined ? { minScore: query.minScore } : {}),
        ...(query.maxScore !== undefined ? { maxScore: query.maxScore } : {}),
        ...(query.typology ? { typology: query.typology } : {}),
        ...(query.bank ? { bank: query.bank } : {}),
        ...(query.maxAgeDays !== undefined ? { maxAgeMs: query.maxAgeDays * DAY_MS } : {}),
        ...(query.assignee ? { assignee: query.assignee } : {}),
      });
      return { alerts };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/alerts/:id",
    tag: "alerts",
    summary: "One alert, the earlier alerts of the same cluster or account, and a pending approval of it",
    params: IdParams,
    responses: {
      200: {
        description: "the alert",
        schema: z.object({
          alert: AlertSchema,
          history: z.array(AlertSchema),
          pendingApproval: ApprovalSchema.nullable(),
        }),
      },
      404: { description: "no such alert" },
    },
    async handler({ params }, ctx) {
      return mapped(async () => {
        const { store } = ctx.deps;
        const alert = await store.getAlert(params.id);
        if (!alert) throw new CaseworkNotFoundError(`alerts: no alert ${params.id}`);
        const history = (await store.listAlerts({ lineage: alert.lineage })).filter((a) => a.id !== alert.id);
        const [pending] = await store.listApprovals({ target: alert.id, status: "pending" });
        await ctx.audit("alert.view", alert.id, {});
        return { alert, history, pendingApproval: pending ?? null };
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/alerts/:id/assign",
    tag: "alerts",
    summary: "Give an alert to an investigator (null: back to the pool)",
    params: IdParams,
    body: z.object({ version: Version, assignee: z.string().min(1).max(100).nullable() }),
    responses: {
      200: { description: "the alert", schema: AlertSchema },
      404: { description: "no such alert" },
      409: STALE_RESPONSE,
    },
    async handler({ params, body }, ctx): Promise<Answer<typeof AlertSchema>> {
      return mapped(async () => {
        const alert = await assignAlert(ctx.deps.store, ctx.user(), params.id, body.version, body.assignee);
        await ctx.audit("alert.assign", alert.id, { assignee: body.assignee, version: alert.version });
        return alert;
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/alerts/:id/snooze",
    tag: "alerts",
    summary: "Take an alert out of the queue until a time",
    params: IdParams,
    body: z.object({ version: Version, until: z.number().int().describe("epoch ms, in the future") }),
    responses: {
      200: { description: "the alert", schema: AlertSchema },
      400: { description: "the time has passed" },
      409: STALE_RESPONSE,
    },
    async handler({ params, body }, ctx): Promise<Answer<typeof AlertSchema>> {
      return mapped(async () => {
        const alert = await snoozeAlert(ctx.deps.store, ctx.user(), params.id, body.version, body.until);
        await ctx.audit("alert.snooze", alert.id, { until: body.until, version: alert.version });
        return alert;
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/alerts/:id/dismiss",
    tag: "alerts",
    summary:
      "Dismiss an alert with a reason; at or above the four-eyes score it waits for a second user's approval",
    params: IdParams,
    body: z.object({ version: Version, reason: z.string().trim().min(1).max(2000) }),
    responses: {
      200: {
        description: "the alert, dismissed, or unchanged with the approval request it now waits for",
        schema: Decision,
      },
      409: STALE_RESPONSE,
    },
    async handler({ params, body }, ctx) {
      return mapped(async () => {
        const { store, env } = ctx.deps;
        const r = await requestDismiss(
          store,
          policyFromEnv(env),
          ctx.user(),
          params.id,
          body.version,
          body.reason,
        );
        const alert = r.done ?? (await store.getAlert(params.id))!;
        await ctx.audit(r.done ? "alert.dismiss" : "alert.dismiss.request", alert.id, {
          reason: body.reason,
          approval: r.approval?.id ?? null,
        });
        return { alert, approval: r.approval };
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/alerts/:id/escalate",
    tag: "alerts",
    summary:
      "Escalate an alert to a new case (titled after it) or to an existing one; links the alert and its cluster",
    params: IdParams,
    body: z.object({
      version: Version,
      caseId: z.string().min(1).max(200).optional().describe("an existing case; absent: a new case"),
      title: z.string().trim().min(1).max(300).optional(),
      priority: z.enum(CASE_PRIORITIES as ["low", "normal", "high", "urgent"]).optional(),
    }),
    responses: {
      200: {
        description: "the alert and the case",
        schema: z.object({ alert: AlertSchema, case: CaseSchema }),
      },
      409: STALE_RESPONSE,
    },
    async handler({ params, body }, ctx) {
      return mapped(async () => {
        const { alert, case: c } = await escalateAlert(ctx.deps.store, ctx.user(), params.id, body.version, {
          ...(body.caseId ? { caseId: body.caseId } : {}),
          ...(body.title ? { title: body.title } : {}),
          ...(body.priority ? { priority: body.priority } : {}),
        });
        await ctx.audit("alert.escalate", alert.id, { caseId: c.id });
        await ctx.audit(body.caseId ? "case.alert" : "case.create", c.id, {
          alert: alert.id,
          ...(body.caseId ? {} : { title: c.title, priority: c.priority }),
        });
        return { alert, case: c };
      });
    },
  }),
];
