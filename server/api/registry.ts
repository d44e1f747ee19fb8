/**
 * Routes are declared once, as data: method, path, zod schemas for params/query/body/responses, and a handler.
 * The same declarations mount the Express routes (validation + access check from server/auth/access.ts) and produce
 * the OpenAPI document (server/api/openapi.ts), so the schemas are written once.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { accessFor, type Access } from "../auth/access.js";
import { requireAccess } from "../auth/middleware.js";
import type { Session } from "../auth/sessions.js";
import { audit, type AuditInput } from "../audit/index.js";
import type { AuditEntry } from "../store/ports/records.js";
import { UnauthorizedError, ValidationError, type FieldProblem } from "./errors.js";
import type { ApiDeps } from "./types.js";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** A documented response: JSON by default, or another content type (CSV, SSE) described in words. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteContext {
  req: Request;
  res: Response;
  deps: ApiDeps;
  /** The session, when signed in (always set on routes that are not "public"). */
  session: Session | undefined;
  /** The signed-in session; throws UnauthorizedError on public routes without one. */
  user(): Session;
  /** Append to the audit trail as the signed-in user. */
  audit(action: string, target?: string | null, params?: Record<string, unknown>): Promise<AuditEntry>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: HttpMethod;
  /** Full Express path, e.g. `/api/entities/:id`. Its access rule comes from ROUTE_ACCESS. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Documentation of a multipart body (the handler parses it): field name → description; files marked `file`. */
  multipart?: Record<string, { description: string; file?: boolean; required?: boolean }>;
  /** Success status when the handler returns a value; default 200. */
  status?: number;
  responses: Record<number, ResponseSpec>;
  /** Middleware run after the access check and before validation (the login rate limit). */
  before?: (deps: ApiDeps) => RequestHandler[];
  /**
   * Returns the JSON body to send with `status`, or undefined when it wrote the response itself (streams).
   * Declared as a method so routes with specific schemas fit the erased RouteDef type.
   */
  handler(input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>, ctx: RouteContext): Promise<unknown>;
}

/**
 * The body a handler answers with, as its success schema declares it: a handler annotated
 * `Promise<Answer<typeof XSchema>>` is checked against the schema the OpenAPI document publishes.
 */
export type Answer<S extends z.ZodType> = z.input<S>;

/** A route with its schema types erased, as the registry stores it. */
export type RouteDef = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Declare a route (identity at runtime; infers the handler's input types from the schemas). */
export function defineRoute<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<P, Q, B>): RouteDef {
  return spec as unknown as RouteDef;
}

/** Thrown at startup for a route without an entry in ROUTE_ACCESS. */
export class RouteAccessError extends Error {
  override name = "RouteAccessError";
}

/** Turn zod issues into field problems prefixed with where the value came from (`query.limit`). */
export function fieldProblems(where: string, error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

function parsePart(
  where: string,
  schema: z.ZodType | undefined,
  value: unknown,
  problems: FieldProblem[],
): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.push(...fieldProblems(where, result.error));
  return undefined;
}

/** Validate params, query and body against the route's schemas; throws ValidationError naming every bad field. */
export function validateInput(route: RouteDef, req: Request): RouteInput<unknown, unknown, unknown> {
  const problems: FieldProblem[] = [];
  const params = parsePart("params", route.params, req.params, problems);
  const query = parsePart("query", route.query, req.query, problems);
  const body = parsePart("body", route.body, route.body ? (req.body ?? undefined) : undefined, problems);
  if (problems.length) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    throw new ValidationError(
      `api: ${route.method} ${route.path}: ${first.path}: ${first.message}${more}`,
      problems,
    );
  }
  return { params, query, body };
}

function contextFor(req: Request, res: Response, deps: ApiDeps): RouteContext {
  const user = (): Session => {
    if (!req.session) throw new UnauthorizedError();
    return req.session;
  };
  return {
    req,
    res,
    deps,
    session: req.session,
    user,
    audit: (action, target, params) => {
      const input: AuditInput = { actor: user().username, action, target: target ?? null, params };
      return audit(deps.store, input);
    },
  };
}

/** The access rule of a route; throws RouteAccessError when the table has none. */
export function routeAccess(route: Pick<RouteDef, "method" | "path">): Access {
  const access = accessFor(route.method, route.path);
  if (!access) {
    throw new RouteAccessError(
      `api/registry: ${route.method} ${route.path} has no entry in ROUTE_ACCESS (server/auth/access.ts); add one`,
    );
  }
  return access;
}

/** A router for a group of routes, with the routes kept for the OpenAPI document. */
export interface ApiRouter {
  router: express.Router;
  routes: readonly RouteDef[];
}

/** Mount routes on a new router: access check, optional middleware, validation, handler, JSON reply. */
export function buildApiRouter(routes: readonly RouteDef[], deps: ApiDeps): ApiRouter {
  const router = express.Router();
  for (const route of routes) {
    const access = routeAccess(route);
    const before = route.before?.(deps) ?? [];
    const run = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        const input = validateInput(route, req);
        const result = await deps.inFlight.track(() => route.handler(input, contextFor(req, res, deps)));
        if (result !== undefined && !res.headersSent) res.status(route.status ?? 200).json(result);
      } catch (err) {
        next(err);
      }
    };
    const method = route.method.toLowerCase() as "get" | "post" | "patch" | "put" | "delete";
    router[method](route.path, requireAccess(access), ...before, run);
  }
  return { router, routes };
}
