/**
 * Errors of the casework rooms (server/cases, server/alerts). The API maps them by class (server/api/routes/cases.ts,
 * alerts.ts): validation → 400, not found → 404, forbidden → 403, a stale version (the store's StaleVersionError) →
 * 409 with the current record.
 */

/** A request that cannot be done as asked: an unknown status change, a missing reason, a bad link. */
export class CaseworkValidationError extends Error {
  override name = "CaseworkValidationError";
  readonly code = "validation";
  constructor(
    message: string,
    /** The field at fault, as the API names it (`body.reason`). */
    readonly field: string,
  ) {
    super(message);
  }
}

export class CaseworkNotFoundError extends Error {
  override name = "CaseworkNotFoundError";
  readonly code = "not_found";
}

/** Allowed to the role, not to this user: approving one's own request, reading a case not referred to one. */
export class CaseworkForbiddenError extends Error {
  override name = "CaseworkForbiddenError";
  readonly code = "forbidden";
}
