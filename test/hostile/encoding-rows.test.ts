/**
 * The per-row encoding check (ingest/encoding.ts rowEncodingProblem) on generated text: Cyrillic values written in
 * Windows-1251 are never taken for UTF-8 read as Windows-1251, and values written in UTF-8 are caught whichever way
 * they are misread. The probes through the CLI and the server are encoding.test.ts and ingest-store.test.ts.
 */
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { detectEncoding, rowEncodingProblem } from "../../ingest/encoding.js";

/** Russian letters (Windows-1251 has no Kazakh ones); ё stays out of the generated words, see below. */
const UPPER = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
const LOWER = "абвгдежзийклмнопрстуфхцчшщъыьэюя";
const OTHER = " 0123456789.,-«»№\"'()";
/**
 * Capitalised words of three or more letters between other characters, as names and purposes are written. Bytes
 * that are valid in both encodings cannot be told apart by any check: Windows-1251 "Её" is the UTF-8 "Ÿ", and a
 * lower-case letter followed by "ёё" is a three-byte UTF-8 character; words made only of such runs are not
 * generated (ingest/encoding.ts says so too).
 */
const word = fc
  .tuple(fc.constantFrom(...UPPER), fc.array(fc.constantFrom(...LOWER), { minLength: 2, maxLength: 11 }))
  .map(([first, rest]) => first + rest.join(""));
const cyrillicText = fc
  .array(fc.tuple(word, fc.constantFrom(...OTHER)), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(""));
const HEADERS = ["Отправитель"];

/** What a reader that takes `bytes` as Windows-1251 / UTF-8 makes of them. */
const as1251 = (bytes: Buffer) => iconv.decode(bytes, "win1251");
const asUtf8 = (bytes: Buffer) => bytes.toString("utf8");

describe("the per-row encoding check", () => {
  it("never rejects a value written in Windows-1251 in a Windows-1251 file", () => {
    fc.assert(
      fc.property(cyrillicText, (text) => {
        expect(
          rowEncodingProblem([as1251(iconv.encode(text, "win1251"))], "cp1251", HEADERS),
        ).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects a UTF-8 value in a Windows-1251 file", () => {
    fc.assert(
      fc.property(cyrillicText, (text) => {
        const misread = as1251(Buffer.from(text, "utf8"));
        expect(rowEncodingProblem([misread], "cp1251", HEADERS)).toMatch(/^column "Отправитель": .*UTF-8/);
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects a Windows-1251 value in a UTF-8 file, and passes UTF-8 ones", () => {
    fc.assert(
      fc.property(cyrillicText, (text) => {
        expect(rowEncodingProblem([asUtf8(iconv.encode(text, "win1251"))], "utf8", HEADERS)).toMatch(
          /not UTF-8/,
        );
        expect(rowEncodingProblem([asUtf8(Buffer.from(text, "utf8"))], "utf8", HEADERS)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("reads a sample in the encoding most of its rows are written in", () => {
    const rows = (n: number, enc: "utf8" | "win1251") =>
      Array.from({ length: n }, (_, i) => iconv.encode(`Иванов Иван ${i};Алматы\n`, enc));
    const sample = (utf8: number, cp1251: number) =>
      new Uint8Array(Buffer.concat([...rows(utf8, "utf8"), ...rows(cp1251, "win1251")]));
    expect(detectEncoding(sample(10, 0), "x.csv", false)).toBe("utf8");
    expect(detectEncoding(sample(0, 10), "x.csv", false)).toBe("cp1251");
    expect(detectEncoding(sample(9, 1), "x.csv", false)).toBe("utf8");
    expect(detectEncoding(sample(1, 9), "x.csv", false)).toBe("cp1251");
  });
});
