/**
 * The API's own error classes: errors about the HTTP request itself (validation, size caps, routes). Anything a route
 * throws ends in the central error handler (server/api/error-handler.ts), which turns it into
 * `{ error: { code, message, details } }`; the status of every code is in server/api/error-status.ts, and nowhere else.
 * Domain errors (server/errors.ts DomainError) live in their own modules; the auth ones are re-exported here.
 */
import { DomainError, type ErrorDetails, type FieldProblem } from "../errors.js";
import { ERROR_STATUS } from "./error-status.js";

export type { ErrorDetails, FieldProblem } from "../errors.js";
export { ForbiddenError, TooManyRequestsError, UnauthorizedError } from "../auth/errors.js";

/**
 * Base class of the API's errors. `status` is kept for the few answers whose status is not a code's (a body-parser's
 * 4xx); every class below takes its status from error-status.ts.
 */
export class ApiError extends DomainError {
  override name = "ApiError";
  readonly status: number;

  constructor(status: number, code: string, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
    this.status = status;
  }
}

/** 400: input failed validation. `fields` names every bad field. */
export class ValidationError extends ApiError {
  override name = "ValidationError";
  constructor(message: string, fields: FieldProblem[], extra: Omit<ErrorDetails, "fields"> = {}) {
    super(ERROR_STATUS["validation_failed"]!, "validation_failed", message, { ...extra, fields });
  }
}

/** 404: the route or the thing it names does not exist. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
  constructor(message: string, field?: string) {
    super(
      ERROR_STATUS["not_found"]!,
      "not_found",
      message,
      field ? { fields: [{ path: field, message }] } : {},
    );
  }
}

/** 409: the request conflicts with the current state (user exists, analysis already running…). */
export class ConflictError extends ApiError {
  override name = "ConflictError";
  constructor(message: string, details: ErrorDetails = {}) {
    super(ERROR_STATUS["conflict"]!, "conflict", message, details);
  }
}

/** 413: an upload or body over the configured size cap. */
export class PayloadTooLargeError extends ApiError {
  override name = "PayloadTooLargeError";
  constructor(message: string, field: string, limitBytes: number) {
    super(ERROR_STATUS["payload_too_large"]!, "payload_too_large", message, {
      fields: [{ path: field, message }],
      limitBytes,
    });
  }
}

/** 422: the input is well-formed but cannot be processed (an unreadable export file). */
export class UnprocessableError extends ApiError {
  override name = "UnprocessableError";
  constructor(message: string, field: string) {
    super(ERROR_STATUS["unprocessable"]!, "unprocessable", message, { fields: [{ path: field, message }] });
  }
}

/** 501: the route exists but its feature is not built yet. */
export class NotImplementedError extends ApiError {
  override name = "NotImplementedError";
  constructor(message: string) {
    super(ERROR_STATUS["not_implemented"]!, "not_implemented", message);
  }
}
