/**
 * Errors of the Neo4j store. Callers check the class (or `name`), not the message.
 */

/** A query failed for a reason retrying will not fix (bad data, a constraint, a Cypher error). */
export class Neo4jStoreError extends Error {
  override name = "Neo4jStoreError";
}

/** Neo4j could not be reached, or stayed unreachable for the whole retry window. Retriable later. */
export class Neo4jUnavailableError extends Error {
  override name = "Neo4jUnavailableError";
}

/** The store's configuration is invalid (batch size, concurrency, URI scheme…). */
export class Neo4jConfigError extends Error {
  override name = "Neo4jConfigError";
}

/** appendAudit got a seq other than last + 1 (the name is part of the GraphStore contract). */
export class AuditSequenceError extends Error {
  override name = "AuditSequenceError";
}
