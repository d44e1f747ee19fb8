/**
 * What a search query matches and in which order, shared by both stores so that they answer alike: each store only
 * finds candidates with its own indexes (an FTS5 trigram table in SQLite, TEXT indexes in Neo4j) and hands them
 * here, where they are checked, tiered, ranked and paged. The rules are pinned by test/store/contract.ts and written
 * out in docs/SEARCH.md.
 *
 * - Identifiers (keys, IBANs, account numbers, holder ids, phones, devices, IPs, cards, wallets, case and ATM numbers):
 *   the value equals the query (as typed, or without whitespace in upper or lower case; phones also as dialled) →
 *   exact; starts with it → prefix; contains it → fragment. Prefix and fragment need at least MIN_FRAGMENT characters.
 * - Names (account holders, persons, companies), compared folded (foldName: lower case, ё → е, Kazakh letters to their
 *   nearest Russian ones): the same words in any order → exact; every query word starts a word of the name → prefix;
 *   every query word of MIN_FRAGMENT letters or more is inside the name and every shorter one starts a word of it →
 *   fragment. A query whose words are all shorter than MIN_FRAGMENT finds names that start with it (exact when equal),
 *   at most SHORT_QUERY_CAP per named type, the first by key.
 * - Order: exact, prefix, fragment; within a tier identifiers before names; then the more active first (an account's
 *   transfers and withdrawals, an identifier's users); then type (ENTITY_TYPES order) and key. A node is one hit, its
 *   best match. At most MAX_RANKED matches are ranked (the first by tier, kind, type and key); paging reads within them.
 */
import { ENTITY_TYPES, type EntityType, type SearchHit } from "../../model/graph.js";
import { exactCandidates, foldName, phoneCandidate } from "./fold.js";

/** The fewest characters a prefix or fragment needs (a trigram: what both stores' substring indexes can look up). */
export const MIN_FRAGMENT = 3;
/** The most matches ranked per query: enough for any page a person reads; a broader query should be narrowed. */
export const MAX_RANKED = 1000;
export const DEFAULT_SEARCH_LIMIT = 20;
/**
 * A query of only 1–2-letter words (typed while the first letters come in) finds names by prefix, at most this many
 * per named type (account, person, company) in key order: thousands of names share two letters, and ranking them all
 * by activity cost 30 ms at 10k accounts for a list nobody pages through.
 */
export const SHORT_QUERY_CAP = 100;

/** What GraphStore.search takes besides the query. */
export interface SearchOptions {
  /** Hits per page (default DEFAULT_SEARCH_LIMIT). */
  limit?: number;
  /** Only these entity types. */
  types?: EntityType[];
  /** Hits to skip: the page starts there (default 0). */
  offset?: number;
}

export type Tier = 0 | 1 | 2;
const TIER_EXACT: Tier = 0;
const TIER_PREFIX: Tier = 1;
const TIER_FRAGMENT: Tier = 2;

/** A search query taken apart once, for every store and every candidate. */
export interface ParsedQuery {
  /** Values an identifier must equal to be an exact match. */
  exact: string[];
  /** Spellings an identifier must start with or contain (empty when the query is too short for fragments). */
  fragments: string[];
  /** The folded query's words (letters and digits). */
  words: string[];
  /** The whole folded query, for a name prefix when every word is short. */
  folded: string;
  /** True when some word is long enough to be looked up as a fragment. */
  longWord: string | null;
}

const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/** The words of a folded text. */
export function wordsOf(folded: string): string[] {
  return folded.split(WORD_SPLIT).filter((w) => w !== "");
}

/** Parse a query; null when it is blank. Control characters count as spaces: no identifier or name holds one. */
export function parseQuery(typed: string): ParsedQuery | null {
  const query = typed.replace(/\p{Cc}/gu, " ");
  const exact = exactCandidates(query);
  if (exact.length === 0) return null;
  const phone = phoneCandidate(query);
  if (phone) exact.push(phone);
  const compact = query.trim().replace(/\s+/g, "");
  const spellings = new Set([compact, compact.toUpperCase(), compact.toLowerCase()]);
  // A phone typed with brackets and dashes is stored as digits after its +.
  if (/^[\d\s()+-]+$/.test(query.trim())) spellings.add(compact.replace(/[()+-]/g, ""));
  const fragments = [...spellings].filter((s) => s.length >= MIN_FRAGMENT);
  const folded = foldName(query);
  const words = wordsOf(folded);
  const longWord =
    words.filter((w) => w.length >= MIN_FRAGMENT).sort((a, b) => b.length - a.length)[0] ?? null;
  return { exact: [...new Set(exact)], fragments, words, folded, longWord };
}

/** How an identifier value matches, or null. */
export function identifierTier(q: ParsedQuery, value: string): Tier | null {
  if (q.exact.includes(value)) return TIER_EXACT;
  let tier: Tier | null = null;
  for (const f of q.fragments) {
    if (value.startsWith(f)) return TIER_PREFIX;
    if (value.includes(f)) tier = TIER_FRAGMENT;
  }
  return tier;
}

/** How a folded name matches, or null. */
export function nameTier(q: ParsedQuery, foldedName: string): Tier | null {
  if (q.words.length === 0) return null;
  if (q.longWord === null) {
    if (!foldedName.startsWith(q.folded)) return null;
    return foldedName === q.folded ? TIER_EXACT : TIER_PREFIX;
  }
  const nameWords = wordsOf(foldedName);
  let allPrefix = true;
  for (const w of q.words) {
    if (nameWords.some((n) => n.startsWith(w))) continue;
    if (w.length < MIN_FRAGMENT || !foldedName.includes(w)) return null;
    allPrefix = false;
  }
  if (!allPrefix) return TIER_FRAGMENT;
  const sorted = (xs: string[]) => [...xs].sort().join(" ");
  return sorted(q.words) === sorted(nameWords) ? TIER_EXACT : TIER_PREFIX;
}

/** The field an identifier match names when one node matches several at the same tier: the first of these. */
const FIELD_ORDER = [
  "iban",
  "key",
  "number",
  "holderId",
  "iin",
  "bin",
  "phone",
  "device",
  "ip",
  "card",
  "wallet",
  "caseNo",
  "atmId",
  "name",
];

/** The `matched` field of a node's own key, by type. */
export const KEY_FIELD: Record<EntityType, string> = {
  account: "key",
  person: "iin",
  company: "bin",
  phone: "phone",
  device: "device",
  ip: "ip",
  card: "card",
  wallet: "wallet",
  complaint: "caseNo",
  cashpoint: "atmId",
};

/** One value a store found that may match: a node's identifier field, or its folded name (field "name"). */
export interface Candidate {
  /** Node id, `${type}:${key}`. */
  id: string;
  field: string;
  value: string;
}

/** A candidate that matched, as ranked. */
export interface Match {
  id: string;
  type: EntityType;
  key: string;
  field: string;
  tier: Tier;
  /** 0 identifier, 1 name. */
  kind: 0 | 1;
}

const TYPE_ORDER = new Map(ENTITY_TYPES.map((t, i) => [t, i]));
const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function splitId(id: string): { type: EntityType; key: string } | null {
  const i = id.indexOf(":");
  const type = id.slice(0, i) as EntityType;
  return i > 0 && TYPE_ORDER.has(type) ? { type, key: id.slice(i + 1) } : null;
}

/**
 * Check the candidates against the query and keep each node's best match (tier, then identifiers before names, then
 * FIELD_ORDER), of the wanted types; sorted by tier, kind, type and key and cut at MAX_RANKED.
 */
export function matchCandidates(
  q: ParsedQuery,
  candidates: Iterable<Candidate>,
  types?: EntityType[],
): Match[] {
  const wanted = types ? new Set(types) : null;
  const best = new Map<string, Match>();
  for (const c of candidates) {
    const node = splitId(c.id);
    if (!node || (wanted && !wanted.has(node.type))) continue;
    const kind = c.field === "name" ? 1 : 0;
    const tier = kind === 1 ? nameTier(q, c.value) : identifierTier(q, c.value);
    if (tier === null) continue;
    const m: Match = { id: c.id, ...node, field: c.field, tier, kind };
    const seen = best.get(c.id);
    if (!seen || compareMatch(m, seen) < 0) best.set(c.id, m);
  }
  return [...best.values()].sort(byPlace).slice(0, MAX_RANKED);
}

function compareMatch(x: Match, y: Match): number {
  return x.tier - y.tier || x.kind - y.kind || FIELD_ORDER.indexOf(x.field) - FIELD_ORDER.indexOf(y.field);
}

const byPlace = (x: Match, y: Match): number =>
  x.tier - y.tier ||
  x.kind - y.kind ||
  TYPE_ORDER.get(x.type)! - TYPE_ORDER.get(y.type)! ||
  byString(x.key, y.key);

/** Types whose activity counts in the order: accounts (transfers and withdrawals) and identifiers (their users). */
export const ACTIVE_TYPES: ReadonlySet<EntityType> = new Set(["account", "phone", "device", "ip"]);

/**
 * The page [offset, offset + limit) of the matches ranked with their activity (node id → count; absent is 0).
 */
export function rankPage(
  matches: Match[],
  activity: ReadonlyMap<string, number>,
  opts: SearchOptions,
): Match[] {
  const offset = Math.max(0, opts.offset ?? 0);
  const limit = opts.limit ?? DEFAULT_SEARCH_LIMIT;
  if (limit <= 0) return [];
  const act = (m: Match) => activity.get(m.id) ?? 0;
  return [...matches]
    .sort((x, y) => x.tier - y.tier || x.kind - y.kind || act(y) - act(x) || byPlace(x, y))
    .slice(offset, offset + limit);
}

/** A ranked match as the hit the API returns. */
export function toHit(m: Match, label: string | null | undefined): SearchHit {
  return { id: m.id, type: m.type, key: m.key, label: label ?? m.key, matched: m.field };
}
