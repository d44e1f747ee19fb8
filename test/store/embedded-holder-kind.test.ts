import { describe, expect, it } from "vitest";
import { holderKind, isBin } from "../../server/store/holder-kind.js";
import { ID } from "./store.fixtures.js";

describe("holder kind of an account", () => {
  it.each([
    ["the registered company's kind wins", ID.H, "Нурланов Ерлан", "sole_proprietor", "sole_proprietor"],
    ["a BIN is a legal entity", ID.X, undefined, undefined, "legal_entity"],
    ["a BIN wins over a person-like name", ID.S, "Магнум", undefined, "legal_entity"],
    ["ИП before the name", ID.H, "ИП Нурланов Ерлан", undefined, "sole_proprietor"],
    ["Kazakh ЖК in lower case", undefined, "жк Серікбаев", undefined, "sole_proprietor"],
    [
      "the long Russian form",
      undefined,
      "Индивидуальный предприниматель Ахметова",
      undefined,
      "sole_proprietor",
    ],
    ["Latin IP", undefined, "IP Akhmetova", undefined, "sole_proprietor"],
    ["ТОО with guillemets", undefined, "ТОО«Арай Строй»", undefined, "legal_entity"],
    ["АО", undefined, "АО Kaspi Bank", undefined, "legal_entity"],
    ["LLP", undefined, "LLP Crypto Dala", undefined, "legal_entity"],
    ["a name that only starts like a legal form", ID.V, "Аоконова Айгуль", undefined, "person"],
    ["a name that only starts like ИП", ID.V, "Ипатова Мария", undefined, "person"],
    ["an IIN alone", ID.D1, undefined, undefined, "person"],
    ["nothing known", undefined, undefined, undefined, undefined],
    ["a plain name without id", undefined, "Иванов Иван", undefined, undefined],
  ] as const)("%s", (_what, id, name, companyKind, expected) => {
    expect(holderKind(id, name, companyKind)).toBe(expected);
  });

  it("reads the entity type from a BIN's fifth digit", () => {
    expect([ID.X, ID.S, ID.V, ID.H, "12345", "abcd4abcdabc"].map(isBin)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
