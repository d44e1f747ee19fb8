/**
 * The full-text query that the Neo4j store's name search sends (server/store/neo4j/search.ts nameWordsQuery): the
 * contract suite checks what a search finds on both stores; this pins the Lucene text it is built from.
 */
import { describe, expect, it } from "vitest";
import { nameWordsQuery } from "../../server/store/neo4j/search.js";
import { parseQuery } from "../../server/store/search-rank.js";

describe("the full-text query of a name search", () => {
  it("requires every word of three letters or more anywhere inside a word of the name", () => {
    expect(nameWordsQuery(parseQuery("Асанов Канат Иванович")!.words)).toBe("+*асанов* +*канат* +*иванович*");
  });

  it("leaves words too short for a fragment to the query's own check of every word", () => {
    expect(nameWordsQuery(parseQuery("ИП Нурланов Е.")!.words)).toBe("+*нурланов*");
  });

  it("folds the words as names are stored (lower case, Kazakh letters)", () => {
    expect(nameWordsQuery(parseQuery("Айгүль Сеітова")!.words)).toBe("+*айгуль* +*сеитова*");
  });

  it("escapes the characters of Lucene's query syntax", () => {
    expect(nameWordsQuery(['a+b"c*d', "x:y\\z"])).toBe('+*a\\+b\\"c\\*d* +*x\\:y\\\\z*');
  });
});
