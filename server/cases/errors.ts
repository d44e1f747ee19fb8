/**
 * Errors of the casework rooms (server/cases, server/alerts), each with the code the API answers it by
 * (server/api/error-status.ts): validation_failed 400 (naming the field), not_found 404, forbidden 403. The store's
 * StaleVersionError (409 stale_version with the current record) and the conflicts are in server/store/ports/casework.ts.
 */
import { DomainError } from "../errors.js";

/** A request that cannot be done as asked: an unknown status change, a missing reason, a bad link. */
export class CaseworkValidationError extends DomainError {
  override name = "CaseworkValidationError";
  constructor(
    message: string,
    /** The field at fault, as the API names it (`body.reason`). */
    readonly field: string,
  ) {
    super("validation_failed", message, { fields: [{ path: field, message }] });
  }
}

/** A case, alert or approval the request names is not stored (or not visible to this user). */
export class CaseworkNotFoundError extends DomainError {
  override name = "CaseworkNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super("not_found", message, {}, options);
  }
}

/** Allowed to the role, not to this user: approving one's own request, reading a case not referred to one. */
export class CaseworkForbiddenError extends DomainError {
  override name = "CaseworkForbiddenError";
  constructor(message: string, options?: ErrorOptions) {
    super("forbidden", message, {}, options);
  }
}
