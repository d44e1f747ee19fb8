/**
 * Text folding and query normalisation for search.
 * SQLite's LOWER() folds ASCII only, so names are stored with a folded copy computed here (Unicode lower case,
 * Cyrillic and Kazakh letters included) and prefix-searched on that column.
 */

/** Case-fold a name for prefix search: trimmed, Unicode lower case. */
export function foldName(name: string): string {
  return name.trim().toLowerCase();
}

/** The exclusive upper bound of a prefix range on a BINARY-collated column: every string starting with `prefix`. */
export function prefixUpperBound(prefix: string): string {
  return prefix + "\u{10FFFF}";
}

/**
 * The exact-match candidates of a search query: as typed (trimmed), and without whitespace upper-cased
 * (IBANs typed in groups or lower case, masked cards printed with spaces).
 */
export function exactCandidates(query: string): string[] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  const compact = trimmed.replace(/\s+/g, "").toUpperCase();
  return compact === trimmed ? [trimmed] : [trimmed, compact];
}

/**
 * A Kazakh phone number as dialled (`8 701 123 45 67`, `+7 (701) 123-45-67`, `77011234567`) in E.164, or null when
 * the query is not one.
 */
export function phoneCandidate(query: string): string | null {
  const stripped = query.trim().replace(/[\s()-]/g, "");
  if (/^\+\d{10,15}$/.test(stripped)) return stripped;
  if (/^8\d{10}$/.test(stripped)) return `+7${stripped.slice(1)}`;
  if (/^7\d{10}$/.test(stripped)) return `+${stripped}`;
  return null;
}
