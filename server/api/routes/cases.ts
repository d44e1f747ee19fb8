/**
 * Cases over HTTP: list, create, read (with links and approvals), change (versioned: a stale write gets 409 with the
 * current case), link and unlink clusters, accounts, complaints, traces, freeze requests, exports and notes, the
 * timeline from the audit trail, close (four eyes), approvals, and the case's evidence package. Investigators and
 * admins work cases ("casework"); prosecutors read only the cases referred to them ("cases"). Every change is an
 * audit entry targeting the case, which is what the timeline shows. docs/CASES.md.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  caseTimeline,
  createCase,
  decide,
  linkToCase,
  listCases,
  policyFromEnv,
  readableCase,
  requestClose,
  unlinkFromCase,
  updateCase,
} from "../../cases/index.js";
import { buildCasePackage } from "../../evidence/case-package.js";
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  type CaseLinkKind,
  type CaseStatus,
} from "../../store/ports/casework.js";
import type { Note } from "../../store/ports/records.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import { NoteSchema } from "../schemas.js";
import {
  ApprovalSchema,
  AuditEntrySchema,
  CaseLinkSchema,
  CaseSchema,
  IdParams,
  LinkKind,
  mapped,
  STALE_RESPONSE,
  Version,
} from "./casework-schemas.js";

const Priority = z.enum(CASE_PRIORITIES as ["low", "normal", "high", "urgent"]);

const CaseDetail = z.object({
  case: CaseSchema,
  links: z.array(CaseLinkSchema),
  approvals: z.array(ApprovalSchema),
});

export const casesRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/cases",
    tag: "cases",
    summary: "Cases by creation; a prosecutor gets only those referred to them",
    query: z.object({
      status: z
        .string()
        .regex(
          new RegExp(`^(${CASE_STATUSES.join("|")})(,(${CASE_STATUSES.join("|")}))*$`),
          `a comma-separated list of ${CASE_STATUSES.join(", ")}`,
        )
        .optional(),
      assignee: z.string().max(100).optional(),
    }),
    responses: { 200: { description: "the cases", schema: z.object({ cases: z.array(CaseSchema) }) } },
    async handler({ query }, ctx) {
      const status = query.status
        ?.split(",")
        .map((s) => s.trim())
        .filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s));
      const cases = await listCases(ctx.deps.store, ctx.user(), {
        ...(status?.length ? { status } : {}),
        ...(query.assignee ? { assignee: query.assignee } : {}),
      });
      return { cases };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/cases",
    tag: "cases",
    summary: "Open a case",
    status: 201,
    body: z.object({
      title: z.string().trim().min(1).max(300),
      priority: Priority.optional(),
      assignee: z.string().min(1).max(100).nullable().optional().describe("default: the creator"),
    }),
    responses: { 201: { description: "the case", schema: CaseSchema } },
    async handler({ body }, ctx): Promise<Answer<typeof CaseSchema>> {
      return mapped(async () => {
        const c = await createCase(ctx.deps.store, ctx.user(), {
          title: body.title,
          ...(body.priority ? { priority: body.priority } : {}),
          ...(body.assignee !== undefined ? { assignee: body.assignee } : {}),
        });
        await ctx.audit("case.create", c.id, { title: c.title, priority: c.priority, assignee: c.assignee });
        return c;
      });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/cases/:id",
    tag: "cases",
    summary: "A case with its links and approvals",
    params: IdParams,
    responses: {
      200: { description: "the case", schema: CaseDetail },
      404: { description: "no such case (or, for a prosecutor, none referred to them)" },
    },
    async handler({ params }, ctx): Promise<Answer<typeof CaseDetail>> {
      return mapped(async () => {
        const { store } = ctx.deps;
        const c = await readableCase(store, ctx.user(), params.id);
        await ctx.audit("case.view", c.id, {});
        return {
          case: c,
          links: await store.listCaseLinks(c.id),
          approvals: await store.listApprovals({ target: c.id }),
        };
      });
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/api/cases/:id",
    tag: "cases",
    summary:
      "Change a case's title, priority, assignee or status (open, in_review, referred with referredTo)",
    params: IdParams,
    body: z.object({
      version: Version,
      title: z.string().trim().min(1).max(300).optional(),
      priority: Priority.optional(),
      assignee: z.string().min(1).max(100).nullable().optional(),
      status: z.enum(["open", "in_review", "referred"]).optional().describe("closing: POST …/close"),
      referredTo: z.string().min(1).max(100).optional().describe("the prosecutor a referral goes to"),
    }),
    responses: {
      200: { description: "the case", schema: CaseSchema },
      404: { description: "no such case" },
      409: STALE_RESPONSE,
    },
    async handler({ params, body }, ctx): Promise<Answer<typeof CaseSchema>> {
      return mapped(async () => {
        const { version, ...patch } = body;
        const c = await updateCase(ctx.deps.store, ctx.user(), params.id, version, patch);
        await ctx.audit(body.status === "referred" ? "case.refer" : "case.update", c.id, {
          ...patch,
          version: c.version,
        });
        return c;
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/cases/:id/links",
    tag: "cases",
    summary:
      "Link a cluster, account, complaint, trace (with its settings), freeze request, export or note to a case",
    params: IdParams,
    body: z.object({
      kind: LinkKind,
      ref: z.string().trim().min(1).max(500),
      params: z.record(z.string(), z.unknown()).optional().describe("a trace's settings (method, maxHops …)"),
    }),
    responses: {
      200: {
        description: "the link; added false when it was linked already",
        schema: z.object({ link: CaseLinkSchema, added: z.boolean() }),
      },
      400: { description: "nothing of that kind by that ref, or the case is closed" },
    },
    async handler({ params, body }, ctx) {
      return mapped(async () => {
        const r = await linkToCase(ctx.deps.store, ctx.user(), params.id, {
          kind: body.kind as CaseLinkKind,
          ref: body.ref,
          ...(body.params ? { params: body.params } : {}),
        });
        if (r.added) await ctx.audit("case.link", params.id, { kind: body.kind, ref: r.link.ref });
        return r;
      });
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/cases/:id/links/:kind/:ref",
    tag: "cases",
    summary: "Remove a link from a case",
    params: z.object({ id: z.string().min(1).max(200), kind: LinkKind, ref: z.string().min(1).max(500) }),
    responses: {
      200: { description: "removed", schema: z.object({ removed: z.literal(true) }) },
      404: { description: "no such case or link" },
    },
    async handler({ params }, ctx) {
      return mapped(async () => {
        await unlinkFromCase(ctx.deps.store, params.id, params.kind as CaseLinkKind, params.ref);
        await ctx.audit("case.unlink", params.id, { kind: params.kind, ref: params.ref });
        return { removed: true as const };
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/cases/:id/notes",
    tag: "cases",
    summary: "Write a note on a case (kept as a note targeting the case, and linked)",
    params: IdParams,
    status: 201,
    body: z.object({ text: z.string().trim().min(1).max(10_000) }),
    responses: {
      201: {
        description: "the note",
        schema: z.object({
          id: z.string(),
          target: z.string(),
          author: z.string(),
          createdAt: z.number(),
          text: z.string(),
        }),
      },
    },
    async handler({ params, body }, ctx) {
      return mapped(async () => {
        const { store } = ctx.deps;
        const user = ctx.user();
        await readableCase(store, user, params.id);
        const note: Note = {
          id: randomUUID(),
          target: params.id,
          author: user.username,
          createdAt: Date.now(),
          text: body.text,
        };
        await linkToCase(store, user, params.id, { kind: "note", ref: note.id, params: {} });
        await store.putNote(note);
        await ctx.audit("case.note", params.id, { note: note.id });
        return note;
      });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/cases/:id/notes",
    tag: "cases",
    summary: "A case's notes, oldest first",
    params: IdParams,
    responses: {
      200: {
        description: "the notes",
        schema: z.object({
          notes: z.array(NoteSchema),
        }),
      },
    },
    async handler({ params }, ctx) {
      return mapped(async () => {
        const c = await readableCase(ctx.deps.store, ctx.user(), params.id);
        return { notes: await ctx.deps.store.listNotes(c.id) };
      });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/cases/:id/timeline",
    tag: "cases",
    summary: "Everything done on a case, oldest first: the audit entries whose target is the case",
    params: IdParams,
    responses: {
      200: { description: "the timeline", schema: z.object({ entries: z.array(AuditEntrySchema) }) },
    },
    async handler({ params }, ctx) {
      return mapped(async () => {
        const c = await readableCase(ctx.deps.store, ctx.user(), params.id);
        return { entries: await caseTimeline(ctx.deps.store, c.id) };
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/cases/:id/close",
    tag: "cases",
    summary: "Close a case with its outcome; with four eyes on, it waits for a second user's approval",
    params: IdParams,
    body: z.object({ version: Version, outcome: z.string().trim().min(1).max(2000) }),
    responses: {
      200: {
        description: "the case, closed, or unchanged with the approval request it now waits for",
        schema: z.object({ case: CaseSchema, approval: ApprovalSchema.nullable() }),
      },
      409: STALE_RESPONSE,
    },
    async handler({ params, body }, ctx) {
      return mapped(async () => {
        const { store, env } = ctx.deps;
        const r = await requestClose(
          store,
          policyFromEnv(env),
          ctx.user(),
          params.id,
          body.version,
          body.outcome,
        );
        await ctx.audit(r.done ? "case.close" : "case.close.request", params.id, {
          outcome: body.outcome,
          approval: r.approval?.id ?? null,
        });
        return { case: r.done ?? (await store.getCase(params.id))!, approval: r.approval };
      });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/approvals",
    tag: "cases",
    summary: "Approval requests (pending ones by default), oldest first",
    query: z.object({ status: z.enum(["pending", "approved", "rejected"]).optional() }),
    responses: {
      200: { description: "the approvals", schema: z.object({ approvals: z.array(ApprovalSchema) }) },
    },
    async handler({ query }, ctx) {
      return { approvals: await ctx.deps.store.listApprovals({ status: query.status ?? "pending" }) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/approvals/:id",
    tag: "cases",
    summary: "Approve or reject a request as a second user (never the one who asked); approving applies it",
    params: IdParams,
    body: z.object({ approve: z.boolean(), note: z.string().trim().max(2000).optional() }),
    responses: {
      200: {
        description: "the decided approval, and the closed case or dismissed alert",
        schema: z.object({ approval: ApprovalSchema }).catchall(z.unknown()),
      },
      403: { description: "the user asked for it themselves" },
      409: { description: "decided already" },
    },
    async handler({ params, body }, ctx) {
      return mapped(async () => {
        const r = await decide(ctx.deps.store, ctx.user(), params.id, body.approve, body.note ?? null);
        const verb = body.approve ? "approve" : "reject";
        await ctx.audit(`approval.${verb}`, r.approval.target, {
          approval: r.approval.id,
          action: r.approval.action,
          note: r.approval.note,
        });
        return r;
      });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/cases/:id/package",
    tag: "cases",
    summary:
      "The case's evidence package: everything linked, in the package format `mulegraph verify` checks",
    params: IdParams,
    responses: {
      200: { description: "the package (.zip attachment)", contentType: "application/zip" },
      400: { description: "the case links no account, cluster, complaint, trace or freeze request" },
    },
    async handler({ params }, ctx) {
      return mapped(async () => {
        const { store, logger } = ctx.deps;
        const user = ctx.user();
        const c = await readableCase(store, user, params.id);
        const pkg = await buildCasePackage({
          store,
          record: c,
          actor: user.username,
          pdf: { onWarning: (m) => logger.warn(m) },
        });
        // What left is linked to the case: the package's manifest hash, with its export entry in the audit trail.
        await store.addCaseLink({
          caseId: c.id,
          kind: "export",
          ref: pkg.manifestSha256,
          params: { exportSeq: pkg.auditEntry.seq, files: pkg.manifest.files.length },
          addedBy: user.username,
          addedAt: Date.now(),
        });
        await ctx.audit("case.package", c.id, {
          manifestSha256: pkg.manifestSha256,
          exportSeq: pkg.auditEntry.seq,
        });
        ctx.res.setHeader("X-Manifest-Sha256", pkg.manifestSha256);
        ctx.res.attachment(`case-${c.id}.zip`).type("application/zip").status(200).send(pkg.bytes);
        return undefined;
      });
    },
  }),
];
