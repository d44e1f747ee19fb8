/**
 * Canonical JSON for hashing: object keys sorted by code unit, no whitespace, numbers and strings as JSON.stringify
 * writes them (the same choices as RFC 8785 for the values we store). Two equal values always give the same text.
 */

/** Thrown for values that have no JSON form (functions, symbols, bigints, non-finite numbers). */
export class CanonicalJsonError extends Error {
  override name = "CanonicalJsonError";
}

export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(`audit/canonical-json: ${value} has no JSON form`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value))
        return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      throw new CanonicalJsonError(`audit/canonical-json: a ${typeof value} has no JSON form`);
  }
}
