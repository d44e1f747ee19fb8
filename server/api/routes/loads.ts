/**
 * Loads (every ingest and upload, server/store/ports/loads.ts LoadRecord): the list, with the incomplete ones (killed,
 * failed, still running) named, and their rollback (analyst and admin; audited). Every API answer to a signed-in user
 * carries the incomplete loads' ids in the X-Mulegraph-Incomplete-Loads header, /api/stats and /readyz in their
 * body, and analysis refuses to run while there are any (docs/MODEL.md § Loads).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import type { LoadRecord, LoadRecordStore } from "../../store/ports/loads.js";
import { aboutField } from "../error-status.js";
import { ApiError } from "../errors.js";
import { defineRoute, type RouteDef } from "../registry.js";
import { LoadSchema } from "../schemas.js";

/** Header naming the incomplete loads (comma-separated ids) on API answers. */
export const INCOMPLETE_LOADS_HEADER = "X-Mulegraph-Incomplete-Loads";

/** How long a look-up of the incomplete loads is reused: a load killed in another process shows within this. */
const CACHE_MS = 1000;

const cache = new WeakMap<LoadRecordStore, { at: number; ids: Promise<string[]> }>();

/** Ids of the incomplete loads, oldest first; looked up at most once a second per store. */
export function incompleteLoadIds(store: LoadRecordStore): Promise<string[]> {
  const hit = cache.get(store);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.ids;
  const ids = store.listLoads({ incomplete: true }).then((loads) => loads.map((l) => l.id).reverse());
  cache.set(store, { at: Date.now(), ids });
  // A failed look-up is not kept: the next request asks again.
  ids.catch(() => cache.delete(store));
  return ids;
}

/** Forget the cached ids (after a load began, ended or was rolled back in this process). */
export function forgetIncompleteLoads(store: LoadRecordStore): void {
  cache.delete(store);
}

/** Set INCOMPLETE_LOADS_HEADER on answers to signed-in requests (a failed look-up leaves it out, never fails). */
export function incompleteLoadsHeader(store: LoadRecordStore): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.session) return next();
    incompleteLoadIds(store).then(
      (ids) => {
        if (ids.length > 0) res.setHeader(INCOMPLETE_LOADS_HEADER, ids.join(","));
        next();
      },
      () => next(),
    );
  };
}

/** 409 naming the incomplete loads, when there are any: `what` would present part of a load as the whole case. */
export async function refuseWhileIncomplete(store: LoadRecordStore, what: string): Promise<void> {
  const ids = await incompleteLoadsFresh(store);
  if (ids.length === 0) return;
  throw new ApiError(
    409,
    "incomplete_load",
    `${what}: ${ids.length === 1 ? "load" : "loads"} ${ids.join(", ")} did not complete, so the store may hold part ` +
      "of a file set. Upload the same files again (which completes the load) or roll it back, then try again.",
    { loads: ids },
  );
}

/** Like incompleteLoadIds, without the cache (answers about the data, and decisions); refreshes the cache. */
export async function incompleteLoadsFresh(store: LoadRecordStore): Promise<string[]> {
  forgetIncompleteLoads(store);
  return incompleteLoadIds(store);
}

/** The load as the API shows it: the owner's per-process token stays on the server. */
function shown(l: LoadRecord): z.infer<typeof LoadSchema> {
  const { owner, ...rest } = l;
  return { ...rest, owner: { host: owner.host, pid: owner.pid } };
}

export const loadsRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/loads",
    tag: "loads",
    summary: "Loads newest first: the incomplete ones (default) or all",
    query: z.object({
      all: z
        .enum(["true", "false"])
        .optional()
        .transform((v) => v === "true")
        .describe("every load, not only the incomplete ones"),
    }),
    responses: {
      200: {
        description: "the loads, and the ids of the incomplete ones",
        schema: z.object({ loads: z.array(LoadSchema), incomplete: z.array(z.string()) }),
      },
    },
    async handler({ query }, ctx) {
      const loads = await ctx.deps.store.listLoads({ incomplete: !query.all, limit: 500 });
      const incomplete = await incompleteLoadsFresh(ctx.deps.store);
      return { loads: loads.map(shown), incomplete };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/loads/:id/rollback",
    tag: "loads",
    summary: "Roll an incomplete load back: remove every record whose only sources are its files",
    params: z.object({ id: z.string().min(1).max(200) }),
    body: z.object({ force: z.boolean().optional() }).optional(),
    responses: {
      200: {
        description: "what was removed",
        schema: z.object({
          load: z.string(),
          files: z.array(z.string()),
          removed: z.object({
            transfers: z.number(),
            withdrawals: z.number(),
            accounts: z.number(),
            records: z.number(),
          }),
        }),
      },
      404: { description: "no such load" },
      409: { description: "the load is complete, rolled back already, or still running" },
    },
    async handler({ params, body }, ctx) {
      const force = body?.force === true;
      let result;
      try {
        result = await ctx.deps.store.rollbackLoad(params.id, { force });
      } catch (err) {
        throw aboutField(err, "params.id");
      } finally {
        forgetIncompleteLoads(ctx.deps.store);
      }
      await ctx.audit("load.rollback", params.id, { files: result.files, removed: result.removed, force });
      return result;
    },
  }),
];
