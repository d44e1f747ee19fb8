/**
 * Errors of the evidence room. Callers (CLI, HTTP routes) branch on the class, never on the message; the API answers
 * the first two by their code (server/api/error-status.ts).
 */
import { DomainError } from "../errors.js";

/** The selection names nothing exportable: unknown cluster, unknown case, no accounts. */
export class EvidenceNotFoundError extends DomainError {
  override name = "EvidenceNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super("not_found", message, {}, options);
  }
}

/** The request itself is wrong: empty account list, unknown format. */
export class EvidenceInputError extends DomainError {
  override name = "EvidenceInputError";
  constructor(message: string, options?: ErrorOptions) {
    super("validation_failed", message, {}, options);
  }
}

/** A file given as an evidence package is not one: not a zip, no manifest, a manifest of the wrong shape. */
export class PackageFormatError extends Error {
  override name = "PackageFormatError";
}
