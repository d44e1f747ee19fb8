/**
 * The API's error classes. Anything a route throws ends in the central error handler (server/api/error-handler.ts),
 * which turns it into `{ error: { code, message, details } }` with the status set here, and nowhere else.
 */

/** One problem with one input field: `path` names the field as the client sent it (`query.limit`, `body.role`). */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface ErrorDetails {
  /** The fields that were wrong, when the error is about input. */
  fields?: FieldProblem[];
  [key: string]: unknown;
}

/** Base class: an error with an HTTP status and a stable machine code. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(status: number, code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** 400: input failed validation. `fields` names every bad field. */
export class ValidationError extends ApiError {
  override name = "ValidationError";
  constructor(message: string, fields: FieldProblem[], extra: Omit<ErrorDetails, "fields"> = {}) {
    super(400, "validation_failed", message, { ...extra, fields });
  }
}

/** 401: no valid session, or a failed login. */
export class UnauthorizedError extends ApiError {
  override name = "UnauthorizedError";
  constructor(message = "api: sign in first (no valid session)", code = "unauthorized") {
    super(401, code, message);
  }
}

/** 403: signed in, but the role may not do this (or the CSRF token is missing or wrong). */
export class ForbiddenError extends ApiError {
  override name = "ForbiddenError";
  constructor(message: string, code = "forbidden", details: ErrorDetails = {}) {
    super(403, code, message, details);
  }
}

/** 404: the route or the thing it names does not exist. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
  constructor(message: string, field?: string) {
    super(404, "not_found", message, field ? { fields: [{ path: field, message }] } : {});
  }
}

/** 409: the request conflicts with the current state (user exists, analysis already running…). */
export class ConflictError extends ApiError {
  override name = "ConflictError";
  constructor(message: string, details: ErrorDetails = {}) {
    super(409, "conflict", message, details);
  }
}

/** 413: an upload or body over the configured size cap. */
export class PayloadTooLargeError extends ApiError {
  override name = "PayloadTooLargeError";
  constructor(message: string, field: string, limitBytes: number) {
    super(413, "payload_too_large", message, { fields: [{ path: field, message }], limitBytes });
  }
}

/** 422: the input is well-formed but cannot be processed (an unreadable export file). */
export class UnprocessableError extends ApiError {
  override name = "UnprocessableError";
  constructor(message: string, field: string) {
    super(422, "unprocessable", message, { fields: [{ path: field, message }] });
  }
}

/** 429: too many attempts (login rate limit). */
export class TooManyRequestsError extends ApiError {
  override name = "TooManyRequestsError";
  constructor(message: string) {
    super(429, "rate_limited", message);
  }
}

/** 501: the route exists but its feature is not built yet. */
export class NotImplementedError extends ApiError {
  override name = "NotImplementedError";
  constructor(message: string) {
    super(501, "not_implemented", message);
  }
}
