import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, CanonicalJsonError } from "../../server/audit/canonical-json.js";

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: "x" }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":0}]},"b":1}',
    );
  });

  it("gives the same text for any key order of the same value", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it("round-trips through JSON.parse to an equal value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const normalised = JSON.parse(JSON.stringify(v)) as unknown;
        expect(JSON.parse(canonicalJson(normalised))).toEqual(normalised);
      }),
    );
  });

  it.each([[Number.NaN], [Infinity], [() => 1], [10n]])("refuses %s, which has no JSON form", (v) => {
    expect(() => canonicalJson({ v })).toThrow(CanonicalJsonError);
  });
});
