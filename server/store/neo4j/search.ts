/**
 * search() for the Neo4j store: candidates by exact lookups (the nid constraint and the account field indexes), by
 * CONTAINS on TEXT indexes (fragments of identifiers), by the full-text index of name words (names) and by STARTS
 * WITH on the name range index (short queries), then checked,
 * ranked and paged by the rules shared with the embedded store (../search-rank.ts). One auto-commit read gives the
 * candidates with their labels and activity, as one row of lists (docs/SCALE.md § API under load).
 */
import type { EntityType, SearchHit } from "../../../model/graph.js";
import {
  KEY_FIELD,
  MIN_FRAGMENT,
  SHORT_QUERY_CAP,
  matchCandidates,
  parseQuery,
  rankPage,
  toHit,
  type Candidate,
  type SearchOptions,
} from "../search-rank.js";
import type { CypherRunner, TxRun } from "./runner.js";

/** Entity types whose key is the searched value itself. */
const KEYED_BY_VALUE: EntityType[] = [
  "account",
  "person",
  "company",
  "phone",
  "device",
  "ip",
  "card",
  "wallet",
  "complaint",
  "cashpoint",
];

/** A `nid` row names the whole node id: its field is the type's key field, its value the key. */
function fromNid(row: Candidate): Candidate {
  if (row.field !== "nid") return row;
  const i = row.id.indexOf(":");
  const type = row.id.slice(0, i) as EntityType;
  return { id: row.id, field: KEY_FIELD[type] ?? "key", value: row.id.slice(i + 1) };
}

/**
 * The full-text query for the names that hold every word of MIN_FRAGMENT letters or more, as a substring: `+*w*` for
 * each (cypher/schema.cypher indexes nameLower split at whitespace only, and a query word holds only letters and
 * digits, so it lies inside one indexed word exactly when the name holds it). Lucene intersects the words' postings;
 * the query still checks every word on the names it returns (docs/SCALE.md § API under load).
 */
export function nameWordsQuery(words: string[]): string {
  return words
    .filter((w) => w.length >= MIN_FRAGMENT)
    .map((w) => `+*${w.replace(LUCENE_SPECIAL, "\\$&")}*`)
    .join(" ");
}

/** Characters with a meaning in Lucene's query syntax (a query word has none: wordsOf keeps letters and digits). */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/\s]/g;

/** Ranked hits of `query`, the page [offset, offset + limit); see ../search-rank.ts for the rules. */
export function search(runner: CypherRunner, query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  return runner.reads((read) => searchIn(read, query, opts));
}

async function searchIn(read: TxRun, query: string, opts: SearchOptions): Promise<SearchHit[]> {
  const q = parseQuery(query);
  if (!q || (opts.limit ?? 1) <= 0) return [];

  const nids = KEYED_BY_VALUE.flatMap((t) => q.exact.map((v) => `${t}:${v}`));
  // One round trip for every kind of candidate (cypher/search-candidates.cypher). CONTAINS is case-sensitive:
  // identifiers are looked up by every spelling (as typed, upper, lower, digits), names by all their long words at
  // once in the full-text index of name words. Identifiers match only by the spellings (identifierTier) and names
  // only when they hold every long word (nameTier): looking identifiers up by a word too read, for "45.142.94.67",
  // every IBAN holding "142" (docs/SCALE.md § API under load). A query whose words are all short looks names up by
  // prefix instead.
  const [row] = await read("searchCandidates", {
    nids,
    values: q.exact,
    texts: q.fragments,
    nameQueries: q.longWord ? [nameWordsQuery(q.words)] : [],
    nameWords: q.words,
    prefix: q.words.length > 0 && q.longWord === null ? q.folded : null,
    cap: SHORT_QUERY_CAP,
  });
  const candidates: Candidate[] = [];
  // Names come with the candidates; a node without one is labelled by its key. Activity comes for every candidate
  // of a ranked type: counting it only for the page's groups took a second round trip, which cost more than the
  // degree reads it saved (docs/SCALE.md § API under load); rankPage orders by it within a (tier, kind) group.
  const labels = new Map<string, string>();
  const activity = new Map<string, number>();
  if (row) {
    for (let i = 0; i < row.ids.length; i++) {
      const id = row.ids[i]!;
      candidates.push(fromNid({ id, field: row.fields[i]!, value: row.values[i]! }));
      const label = row.labels[i];
      if (typeof label === "string") labels.set(id, label);
      const count = row.activity[i];
      if (count !== null && count !== undefined) activity.set(id, Number(count));
    }
  }
  const matches = matchCandidates(q, candidates, opts.types);
  return rankPage(matches, activity, opts).map((m) => toHit(m, labels.get(m.id)));
}
