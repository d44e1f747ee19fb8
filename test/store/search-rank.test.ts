import { describe, expect, it } from "vitest";
import { foldName } from "../../server/store/fold.js";
import {
  identifierTier,
  matchCandidates,
  MAX_RANKED,
  nameTier,
  parseQuery,
  rankPage,
  type Candidate,
} from "../../server/store/search-rank.js";

const q = (text: string) => parseQuery(text)!;
const EXACT = 0;
const PREFIX = 1;
const FRAGMENT = 2;

describe("search ranking", () => {
  it.each([
    ["Ахметова Айгерим", "ахметова айгерим"],
    ["ЁЛКИН Пётр", "елкин петр"],
    ["Әлия Қайратқызы", "алия кайраткызы"],
    ["Ұлан Үсенов", "улан усенов"],
    ["Ғалым Һакімов Ңң Өмір", "галым хакимов нн омир"],
  ])("folds %s to %s", (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it.each([
    ["the same words in another order", "Айгерим Ахметова", "ахметова айгерим", EXACT],
    ["word starts in any order", "айг ахм", "ахметова айгерим", PREFIX],
    ["a Kazakh spelling of a Russian one", "Әлия", "алия нурлановна", PREFIX],
    ["a fragment inside a word", "метов", "ахметова айгерим", FRAGMENT],
    ["a short word that starts a word beside a fragment", "ай метов", "ахметова айгерим", FRAGMENT],
    ["a short word inside a word", "ай метов", "ахметова бекзат", null],
    ["a word the name lacks", "айгерим сеитова", "ахметова айгерим", null],
    ["a short query at the start of the name", "ах", "ахметова айгерим", PREFIX],
    ["a short query that only starts a later word", "ай", "ахметова айгерим", null],
  ])("tiers a name query: %s", (_what, query, name, tier) => {
    expect(nameTier(q(query), name)).toBe(tier);
  });

  it.each([
    ["an IBAN typed in groups in lower case", "kz88 6010 0000 0000 0003", "KZ886010000000000003", EXACT],
    ["a phone as dialled", "8 701 123 45 67", "+77011234567", EXACT],
    ["the start of a card", "4400 43", "440043******1234", PREFIX],
    ["the last digits of a card", "1234", "440043******1234", FRAGMENT],
    ["a middle chunk of an IBAN", "0000123", "KZ11722S000001234567", FRAGMENT],
    ["an IP fragment", "10.0.3", "192.10.0.31", FRAGMENT],
    ["a phone fragment with brackets", "(701) 123", "+77011234567", FRAGMENT],
    ["two characters inside a value (too short)", "12", "440043******1234", null],
    ["a fragment that is not there", "9999", "440043******1234", null],
  ])("tiers an identifier query: %s", (_what, query, value, tier) => {
    expect(identifierTier(q(query), value)).toBe(tier);
  });

  it("ranks exact before prefix before fragment, and identifiers before names within a tier", () => {
    const candidates: Candidate[] = [
      { id: "account:KZ99", field: "iban", value: "KZ9912345" },
      { id: "company:X", field: "name", value: "тоо 12345 кз" },
      { id: "person:123450000001", field: "iin", value: "123450000001" },
      { id: "card:12345", field: "card", value: "12345" },
    ];
    const matches = matchCandidates(q("12345"), candidates);
    expect(matches.map((m) => [m.id, m.tier, m.kind])).toEqual([
      ["card:12345", EXACT, 0],
      ["person:123450000001", PREFIX, 0],
      ["company:X", PREFIX, 1],
      ["account:KZ99", FRAGMENT, 0],
    ]);
  });

  it("keeps a node once, with its best match", () => {
    const matches = matchCandidates(q("0012345"), [
      { id: "account:A", field: "number", value: "990012345" },
      { id: "account:A", field: "key", value: "0012345" },
      { id: "account:A", field: "iban", value: "KZ0012345000" },
    ]);
    expect(matches).toEqual([expect.objectContaining({ id: "account:A", field: "key", tier: EXACT })]);
  });

  it("orders by activity within a tier and kind, then by type and key, and pages", () => {
    const candidates = ["A", "B", "C", "D"].map((k) => ({
      id: `account:${k}`,
      field: "iban",
      value: `X${k}1234`,
    }));
    const matches = matchCandidates(q("1234"), candidates);
    const activity = new Map([
      ["account:C", 5],
      ["account:B", 9],
    ]);
    expect(rankPage(matches, activity, {}).map((m) => m.key)).toEqual(["B", "C", "A", "D"]);
    expect(rankPage(matches, activity, { offset: 1, limit: 2 }).map((m) => m.key)).toEqual(["C", "A"]);
    expect(rankPage(matches, activity, { offset: 4 })).toEqual([]);
  });

  it(`ranks at most ${MAX_RANKED} matches, the first by tier, kind, type and key`, () => {
    const candidates = Array.from({ length: MAX_RANKED + 5 }, (_, i) => ({
      id: `device:d${String(i).padStart(5, "0")}`,
      field: "device",
      value: `d${String(i).padStart(5, "0")}-abc`,
    }));
    const matches = matchCandidates(q("abc"), candidates.reverse());
    expect(matches).toHaveLength(MAX_RANKED);
    expect(matches[0]!.key).toBe("d00000");
  });

  it("takes a blank query for no query at all", () => {
    expect(parseQuery("  \t ")).toBeNull();
  });
});
