/**
 * The one place where errors become responses: `{ error: { code, message, details } }` with the status of the
 * error's code (error-status.ts). A domain error (server/errors.ts) is answered by its code like the API's own. Body-parser and zod errors are mapped to 4xx; anything else is a 500 whose
 * details stay in the log (masked), never in the response.
 */
import { randomUUID } from "node:crypto";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { maskPersonalData } from "../logger.js";
import { DomainError } from "../errors.js";
import { statusOf } from "./error-status.js";
import { ApiError, NotFoundError, PayloadTooLargeError, ValidationError } from "./errors.js";
import { fieldProblems } from "./registry.js";

/** What body-parser attaches to its errors. */
interface HttpParserError extends Error {
  status?: number;
  type?: string;
  limit?: number;
}

/** Map anything thrown to an ApiError (unknown errors become undefined: a 500). */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainError) return new ApiError(statusOf(err), err.code, err.message, err.details);
  if (err instanceof z.ZodError) {
    const fields = fieldProblems("body", err);
    return new ValidationError(`api: ${fields[0]?.path}: ${fields[0]?.message}`, fields);
  }
  const e = err as HttpParserError;
  if (e && typeof e === "object" && typeof e.type === "string") {
    if (e.type === "entity.parse.failed") {
      return new ValidationError("api: body: not valid JSON", [{ path: "body", message: "not valid JSON" }]);
    }
    if (e.type === "entity.too.large") {
      return new PayloadTooLargeError("api: body: larger than the JSON body limit", "body", e.limit ?? 0);
    }
    if (e.status && e.status >= 400 && e.status < 500) {
      return new ApiError(e.status, "bad_request", `api: body: ${e.message}`, {
        fields: [{ path: "body", message: e.message }],
      });
    }
  }
  return undefined;
}

export function sendError(res: Response, err: ApiError): void {
  res.status(statusOf(err)).json({ error: { code: err.code, message: err.message, details: err.details } });
}

/** 404 for any /api path no route matched. */
export function apiNotFound(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`api: no route ${req.method} ${req.path}`));
}

/** The central error handler (mount last). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) {
      // A stream (SSE, CSV) failed half-way: the status is already out; end the connection.
      logger.warn({ err: describe(err), route: routeOf(req) }, "api: error after the response started");
      res.end();
      return;
    }
    const apiError = toApiError(err);
    if (apiError) {
      sendError(res, apiError);
      return;
    }
    const errorId = randomUUID();
    logger.error({ errorId, err: describe(err), route: routeOf(req) }, "api: unhandled error");
    sendError(
      res,
      new ApiError(500, "internal", `api: internal error (reference ${errorId} in the server log)`),
    );
    void next;
  };
}

function describe(err: unknown): { name: string; message: string; stack?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: maskPersonalData(e.message), stack: e.stack && maskPersonalData(e.stack) };
}

/** The route pattern a request matched (`/api/entities/:id`), never the URL with its personal data. */
export function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === "string") return req.baseUrl + pattern;
  return maskPersonalData(req.path);
}
