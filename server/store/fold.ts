/**
 * Text folding and query normalisation for search (shared with the Neo4j store and server/store/search-rank.ts).
 * SQLite's LOWER() folds ASCII only, so names are stored with a folded copy computed here and searched on that copy.
 */

/**
 * Letters folded to the one a Russian keyboard types: ё is often written е, and a Kazakh name is often spelt with the
 * nearest Russian letters (Әлия / Алия, Қайрат / Кайрат, Ұлан / Улан), so both spellings must meet.
 */
const LETTER_FOLD: Record<string, string> = {
  ё: "е",
  ә: "а",
  ғ: "г",
  қ: "к",
  ң: "н",
  ө: "о",
  ұ: "у",
  ү: "у",
  һ: "х",
  і: "и",
};
const FOLDED_LETTERS = new RegExp(`[${Object.keys(LETTER_FOLD).join("")}]`, "gu");

/** Fold a name for search: trimmed, NFC, Unicode lower case, ё and Kazakh letters to their nearest Russian letter. */
export function foldName(name: string): string {
  return name
    .trim()
    .normalize("NFC")
    .toLowerCase()
    .replace(FOLDED_LETTERS, (c) => LETTER_FOLD[c]!);
}

/** The exclusive upper bound of a prefix range on a BINARY-collated column: every string starting with `prefix`. */
export function prefixUpperBound(prefix: string): string {
  return prefix + "\u{10FFFF}";
}

/**
 * The exact-match candidates of a search query: as typed (trimmed), and without whitespace in upper and in lower case
 * (IBANs typed in groups or lower case, masked cards printed with spaces, device ids typed in capitals).
 */
export function exactCandidates(query: string): string[] {
  const trimmed = query.trim();
  if (!trimmed) return [];
  const compact = trimmed.replace(/\s+/g, "");
  return [...new Set([trimmed, compact.toUpperCase(), compact.toLowerCase()])];
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
