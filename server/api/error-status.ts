/**
 * The one mapping from an error's code to its HTTP status. Domain errors (server/errors.ts) carry a code and know
 * nothing of HTTP; the central error handler (error-handler.ts) answers each with the status listed here, and an
 * unlisted code with a 500. The API's own errors (errors.ts, about the request itself) carry their status, which is
 * the one listed for their code except for a body parser's other 4xx (`bad_request`).
 */
import { DomainError } from "../errors.js";

/** Code → HTTP status. */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  login_failed: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  incomplete_load: 409,
  load_state: 409,
  stale_version: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  not_ready: 503,
};

/** The status an error is answered with. */
export function statusOf(err: DomainError): number {
  // An ApiError (errors.ts) carries the status of its code, or a body parser's own 4xx.
  if ("status" in err && typeof err.status === "number") return err.status;
  return ERROR_STATUS[err.code] ?? 500;
}

/** Codes that are about the input a request named (a missing or invalid thing), not about the system's state. */
const INPUT_CODES: readonly string[] = ["not_found", "validation_failed"];

/**
 * A domain error whose code is one of `codes` as an answer about one input field (`details.fields`, the field as the
 * client sent it), its status still that of its code; anything else is returned as it is. Routes name the field;
 * they never pick a status.
 */
export function aboutField(err: unknown, field: string, codes: readonly string[] = INPUT_CODES): unknown {
  if (!(err instanceof DomainError) || err.details.fields || !codes.includes(err.code)) return err;
  return new DomainError(
    err.code,
    `api: ${err.message}`,
    { ...err.details, fields: [{ path: field, message: err.message }] },
    { cause: err },
  );
}

/**
 * A domain error whose fields are named inside one part of the request (a setting `maxHops` inside `body`) as an
 * answer about that part: each field's path is put under `part` (`body.maxHops`; an empty path is the part itself);
 * without fields it is `aboutField(err, part)`. Anything else is returned as it is.
 */
export function withinPart(err: unknown, part: string, codes: readonly string[] = INPUT_CODES): unknown {
  if (!(err instanceof DomainError) || !codes.includes(err.code)) return err;
  if (!err.details.fields) return aboutField(err, part, codes);
  const fields = err.details.fields.map((f) => ({ ...f, path: f.path ? `${part}.${f.path}` : part }));
  return new DomainError(
    err.code,
    `api: ${fields[0]?.path}: ${fields[0]?.message}`,
    { ...err.details, fields },
    { cause: err },
  );
}
