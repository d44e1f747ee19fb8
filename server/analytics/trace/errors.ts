/**
 * Errors thrown by fund tracing. Callers (CLI, HTTP API) check the class, not the message text; the API answers each
 * by its code (server/api/error-status.ts).
 */
import { DomainError } from "../../errors.js";

/** The trace request itself is wrong: bad option value, no complaint or transfer to start from. */
export class TraceOptionsError extends DomainError {
  override name = "TraceOptionsError";
  constructor(message: string, options?: ErrorOptions) {
    super("validation_failed", message, {}, options);
  }
}

/** A complaint or transfer the request names is not in the store. */
export class TraceNotFoundError extends DomainError {
  override name = "TraceNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super("not_found", message, {}, options);
  }
}
