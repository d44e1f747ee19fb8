/**
 * Errors of sign-in and access control. They carry the code the API answers with; the status comes from
 * server/api/error-status.ts, so this room knows nothing of HTTP.
 */
import { DomainError, type ErrorDetails } from "../errors.js";

/** No valid session, or a failed sign-in (`login_failed`). */
export class UnauthorizedError extends DomainError {
  override name = "UnauthorizedError";
  constructor(message = "api: sign in first (no valid session)", code = "unauthorized") {
    super(code, message);
  }
}

/** Signed in, but the role may not do this (`forbidden`), or the CSRF token is missing or wrong (`csrf_failed`). */
export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
  constructor(message: string, code = "forbidden", details: ErrorDetails = {}) {
    super(code, message, details);
  }
}

/** Too many failed sign-ins from one address. */
export class TooManyRequestsError extends DomainError {
  override name = "TooManyRequestsError";
  constructor(message: string) {
    super("rate_limited", message);
  }
}
