/**
 * Errors thrown by fund tracing. Callers (CLI, HTTP API) check the class, not the message text.
 */

/** The trace request itself is wrong: bad option value, no complaint or transfer to start from. */
export class TraceOptionsError extends Error {
  override name = "TraceOptionsError";
}

/** A complaint or transfer the request names is not in the store. */
export class TraceNotFoundError extends Error {
  override name = "TraceNotFoundError";
}
