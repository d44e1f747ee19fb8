/**
 * Errors of the recovery room. Callers (CLI, HTTP API) check the class, not the message text.
 */

/** The request is wrong: an account that holds no traced money, a status change that is not allowed, a bad CSV. */
export class RecoveryValidationError extends Error {
  override name = "RecoveryValidationError";
}

/** A freeze request, an account in it, or a complaint the request names is not stored. */
export class RecoveryNotFoundError extends Error {
  override name = "RecoveryNotFoundError";
}
