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

/**
 * An FTS5 query for rows that may hold any of `texts` (each at least 3 characters): each text as the AND of its
 * consecutive 3-character pieces (the last one overlapping), the texts OR-ed. A superset of the rows that contain a
 * text — matchCandidates checks containment — read about four times faster than the same text as a phrase, whose
 * every overlapping trigram and position is read. The trigram index folds case, so spellings that differ only in
 * case are one text.
 */
function anyOf(texts: string[], allOf: string[] = []): string {
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
  const pieces = (text: string) => {
    const chars = Array.from(text);
    const out: string[] = [];
    for (let i = 0; i + 3 <= chars.length; i += 3) out.push(chars.slice(i, i + 3).join(""));
    if (chars.length % 3 !== 0) out.push(chars.slice(-3).join(""));
    return `(${out.map(quote).join(" AND ")})`;
  };
  const any = [...new Set(texts.map((t) => t.toLowerCase()))].map(pieces);
  if (allOf.length > 0) any.push(`(${allOf.map(pieces).join(" AND ")})`);
  return any.join(" OR ");
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
      ).all(anyOf(q.fragments, nameWords)),
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
