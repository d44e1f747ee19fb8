/**
 * The base of the server's domain errors: an error with a stable machine `code` (the same string the API answers
 * with) and optional details. A module throws its own subclasses (server/auth/errors.ts, server/store/loads.ts …)
 * without knowing HTTP; server/api/error-status.ts is the one table that turns a code into a status.
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

/** An error a user or a client can act on, named by `code` (`not_found`, `forbidden`, `load_state` …). */
export class DomainError extends Error {
  override name = "DomainError";
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}
