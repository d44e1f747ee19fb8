/**
 * search() for the embedded store: candidates from the search index (search-schema.ts) — exact values by B-tree,
 * fragments by the FTS5 trigram index, short name prefixes by B-tree range — then checked, ranked and paged by the
 * rules shared with the Neo4j store (../search-rank.ts).
 */
import type Database from "better-sqlite3";
import type { EntityType, SearchHit } from "../../../model/graph.js";
import {
  ACTIVE_TYPES,
  MIN_FRAGMENT,
  SHORT_QUERY_CAP,
  matchCandidates,
  parseQuery,
  rankPage,
  toHit,
  type Candidate,
  type Match,
  type SearchOptions,
} from "../search-rank.js";
import { prefixUpperBound } from "../fold.js";
import { prepared } from "./statements.js";

const L = "(SELECT value FROM json_each(?))";
/** Types that have names, in ENTITY_TYPES order. */
const NAMED_TYPES = ["account", "person", "company"] as const;

/** Trigrams an FTS5 query ANDs per text: enough to leave few candidates, few enough to read little. */
const FRAGMENT_TRIGRAMS = 3;

/** The distinct trigrams of `text`, lower-cased as the trigram index folds them. */
function trigramsOf(text: string): string[] {
  const chars = Array.from(text.toLowerCase());
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return [...out];
}

/**
 * What a trigram's doclist costs to read, estimated from the index's own page map (FTS5's `%_idx` shadow table holds,
 * per segment, the first term of each leaf page and its page number): the pages between the page where the trigram's
 * terms start and the next page that starts a new term. Two index seeks per segment instead of reading the list;
 * 'kzt' (in 92k of 830k values at 100k accounts) spans ~950 pages, a digit trigram 30–100. Kept per connection and
 * dropped when the index's segments change; a stale or unreadable estimate only makes a query slower, never wrong.
 */
interface TrigramCosts {
  structure: Buffer | null;
  segments: number[];
  costs: Map<string, number>;
  structureOf: Database.Statement;
  segmentsOf: Database.Statement;
  pageAt: Database.Statement;
  pageAfter: Database.Statement;
}

const trigramCosts = new WeakMap<Database.Database, TrigramCosts | null>();
/** The most estimates kept per connection (a few bytes each). */
const MAX_COSTS = 100_000;

function costsOf(db: Database.Database): TrigramCosts | null {
  let state = trigramCosts.get(db);
  if (state === undefined) {
    try {
      state = {
        structure: null,
        segments: [],
        costs: new Map(),
        // FTS5 keeps the segment structure in the %_data row with id 10 (fts5Int.h FTS5_STRUCTURE_ROWID).
        structureOf: db.prepare("SELECT block FROM search_fts_data WHERE id = 10").pluck(),
        segmentsOf: db.prepare("SELECT DISTINCT segid FROM search_fts_idx").pluck(),
        pageAt: db
          .prepare("SELECT pgno FROM search_fts_idx WHERE segid = ? AND term <= ? ORDER BY term DESC LIMIT 1")
          .pluck(),
        pageAfter: db
          .prepare("SELECT pgno FROM search_fts_idx WHERE segid = ? AND term > ? ORDER BY term LIMIT 1")
          .pluck(),
      };
    } catch {
      // Another FTS5 layout: every trigram costs the same, and queries read all of them as before.
      state = null;
    }
    trigramCosts.set(db, state);
  }
  if (!state) return null;
  const structure = (state.structureOf.get() as Buffer | undefined) ?? null;
  if (!structure || !state.structure || !structure.equals(state.structure)) {
    state.structure = structure;
    state.segments = state.segmentsOf.all() as number[];
    state.costs.clear();
  }
  return state;
}

function trigramCost(state: TrigramCosts | null, trigram: string): number {
  if (!state) return 0;
  let cost = state.costs.get(trigram);
  if (cost !== undefined) return cost;
  // Terms of the main index are stored with a leading "0" (FTS5_MAIN_PREFIX).
  const term = Buffer.from(`0${trigram}`, "utf8");
  cost = 0;
  for (const segment of state.segments) {
    const at = state.pageAt.get(segment, term) as number | undefined;
    const after = state.pageAfter.get(segment, term) as number | undefined;
    if (at !== undefined && after !== undefined) cost += after - at;
  }
  if (state.costs.size >= MAX_COSTS) state.costs.clear();
  state.costs.set(trigram, cost);
  return cost;
}

/** The `n` cheapest of `trigrams` to read, cheapest first. */
function cheapest(state: TrigramCosts | null, trigrams: string[], n: number): string[] {
  return trigrams
    .map((t) => ({ t, cost: trigramCost(state, t) }))
    .sort((x, y) => x.cost - y.cost)
    .slice(0, n)
    .map((x) => x.t);
}

/**
 * An FTS5 query for rows that may hold any of `texts` (each at least 3 characters), or every word of `allOf`: each
 * text as the AND of a few of its trigrams, the groups OR-ed. Any trigrams of a text give a superset of the rows that
 * contain it (matchCandidates checks containment), so the query takes the ones cheapest to read: the AND of every
 * trigram, or of consecutive pieces, read the long doclists of trigrams like 'kzt' or 'ова' (a whole IBAN cost 7–15 ms,
 * a three-word name 17 ms; docs/SCALE.md § API under load). A word of `allOf` gives at least one trigram, so that
 * every word narrows the rows. The trigram index folds case, so spellings that differ only in case are one text.
 */
export function anyOf(db: Database.Database, texts: string[], allOf: string[] = []): string {
  const state = costsOf(db);
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
  const and = (trigrams: string[]) => `(${trigrams.map(quote).join(" AND ")})`;
  const groups = new Set(
    [...new Set(texts.map((t) => t.toLowerCase()))].map((t) =>
      and(cheapest(state, trigramsOf(t), FRAGMENT_TRIGRAMS)),
    ),
  );
  if (allOf.length > 0) {
    const perWord = Math.max(1, Math.ceil(FRAGMENT_TRIGRAMS / allOf.length));
    const chosen = new Set(allOf.flatMap((w) => cheapest(state, trigramsOf(w), perWord)));
    groups.add(and([...chosen]));
  }
  return [...groups].join(" OR ");
}

/** Ranked hits of `query`, the page [offset, offset + limit); see ../search-rank.ts for the rules. */
export function search(db: Database.Database, query: string, opts: SearchOptions = {}): SearchHit[] {
  const q = parseQuery(query);
  if (!q || (opts.limit ?? 1) <= 0) return [];
  const candidates: Candidate[] = [];
  const add = (rows: unknown[]) => candidates.push(...(rows as Candidate[]));

  add(
    prepared(db, `SELECT node AS id, field, value FROM search_terms WHERE value IN ${L}`).all(
      JSON.stringify(q.exact),
    ),
  );
  // A name matches only when it contains every query word of MIN_FRAGMENT letters or more (nameTier), so the index
  // is asked for rows holding all of them, not just the longest: a patronymic alone matched thousands of names at
  // 100k accounts, each read and checked here (a 3-word name search cost about 50 ms; the read workers spent most of
  // their time on it under bench:api's mixed load).
  const nameWords = q.longWord ? q.words.filter((w) => w.length >= MIN_FRAGMENT) : [];
  if (q.fragments.length > 0 || nameWords.length > 0) {
    add(
      prepared(
        db,
        `SELECT node AS id, field, value FROM search_terms
           WHERE id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)`,
      ).all(anyOf(db, q.fragments, nameWords)),
    );
  }
  if (q.words.length > 0 && q.longWord === null) {
    // Every word is too short for the trigram index: names that start with the query, by B-tree range, at most
    // SHORT_QUERY_CAP per type in key order (the order matchCandidates keeps them in). The unary + keeps SQLite off
    // the node index: walking a type's nodes in order for a 2-letter prefix read 50 times more rows than the range.
    for (const type of NAMED_TYPES) {
      add(
        prepared(
          db,
          `SELECT node AS id, field, value FROM search_terms
             WHERE value >= ? AND value < ? AND field = 'name' AND +node >= ? AND +node < ?
             ORDER BY node LIMIT ?`,
        ).all(q.folded, prefixUpperBound(q.folded), `${type}:`, `${type};`, SHORT_QUERY_CAP),
      );
    }
  }

  const matches = matchCandidates(q, candidates, opts.types);
  const page = rankPage(matches, activityOf(db, matches), opts);
  const labels = labelsOf(db, page);
  return page.map((m) => toHit(m, labels.get(m.id)));
}

/** The activity of the matches that have one: an account's transfers in and out and withdrawals, an identifier's users. */
function activityOf(db: Database.Database, matches: Match[]): Map<string, number> {
  const out = new Map<string, number>();
  const keys = (type: EntityType) => JSON.stringify(matches.filter((m) => m.type === type).map((m) => m.key));
  if (!matches.some((m) => ACTIVE_TYPES.has(m.type))) return out;
  const accounts = prepared(
    db,
    `SELECT k.value AS key,
        (SELECT count(*) FROM transfers WHERE from_key = k.value)
        + (SELECT count(*) FROM transfers WHERE to_key = k.value)
        + (SELECT count(*) FROM withdrawals WHERE account = k.value) AS n
       FROM json_each(?) k`,
  ).all(keys("account")) as { key: string; n: number }[];
  for (const r of accounts) out.set(`account:${r.key}`, r.n);
  for (const type of ["phone", "device", "ip"] as const) {
    const rows = prepared(
      db,
      `SELECT k.value AS key,
          (SELECT count(*) FROM (SELECT DISTINCT subject_type, subject FROM usages
             WHERE id_type = ? AND identifier = k.value)) AS n
         FROM json_each(?) k`,
    ).all(type, keys(type)) as { key: string; n: number }[];
    for (const r of rows) out.set(`${type}:${r.key}`, r.n);
  }
  return out;
}

/** Labels of the page's hits that have a name (the contract's label: the holder's or the entity's name). */
function labelsOf(db: Database.Database, page: Match[]): Map<string, string> {
  const out = new Map<string, string>();
  const sql: Record<(typeof NAMED_TYPES)[number], string> = {
    account: `SELECT key, holder_name AS name FROM accounts WHERE key IN ${L} AND holder_name IS NOT NULL`,
    person: `SELECT iin AS key, name FROM persons WHERE iin IN ${L} AND name IS NOT NULL`,
    company: `SELECT bin AS key, name FROM companies WHERE bin IN ${L} AND name IS NOT NULL`,
  };
  for (const type of NAMED_TYPES) {
    const keys = page.filter((m) => m.type === type).map((m) => m.key);
    if (keys.length === 0) continue;
    for (const r of prepared(db, sql[type]).all(JSON.stringify(keys)) as { key: string; name: string }[])
      out.set(`${type}:${r.key}`, r.name);
  }
  return out;
}
