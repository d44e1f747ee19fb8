/**
 * Errors of the recovery room. Callers (CLI, HTTP API) check the class, not the message text; the API answers each by
 * its code (server/api/error-status.ts).
 */
import { DomainError } from "../errors.js";

/** The request is wrong: an account that holds no traced money, a status change that is not allowed, a bad CSV. */
export class RecoveryValidationError extends DomainError {
  override name = "RecoveryValidationError";
  constructor(message: string, options?: ErrorOptions) {
    super("validation_failed", message, {}, options);
  }
}

/** A freeze request, an account in it, or a complaint the request names is not stored. */
export class RecoveryNotFoundError extends DomainError {
  override name = "RecoveryNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super("not_found", message, {}, options);
  }
}
