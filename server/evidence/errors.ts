/**
 * Errors of the evidence room. Callers (CLI, HTTP routes) branch on the class, never on the message.
 */

/** The selection names nothing exportable: unknown cluster, unknown case, no accounts. */
export class EvidenceNotFoundError extends Error {
  override name = "EvidenceNotFoundError";
}

/** The request itself is wrong: empty account list, unknown format. */
export class EvidenceInputError extends Error {
  override name = "EvidenceInputError";
}

/** A file given as an evidence package is not one: not a zip, no manifest, a manifest of the wrong shape. */
export class PackageFormatError extends Error {
  override name = "PackageFormatError";
}
