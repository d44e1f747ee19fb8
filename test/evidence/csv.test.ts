import { parse as parseCsv } from "csv-parse/sync";
import { MultiDirectedGraph } from "graphology";
import { parse as parseGraphml } from "graphology-graphml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvDocument, neutraliseFormula } from "../../server/evidence/csv.js";
import { renderSubgraph } from "../../server/evidence/index.js";
import { xmlSafe } from "../../server/evidence/xml.js";

describe("formula neutralisation", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["  =1+1", "'  =1+1"],
    ["＝1+1", "'＝1+1"],
    ["Ахметова Айгерим", "Ахметова Айгерим"],
    ["KZ86125KZT5004100100", "KZ86125KZT5004100100"],
    ["a=b", "a=b"],
    ["", ""],
  ])("turns %j into %j", (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it("reads back every text cell exactly, or with one leading quote when it started like a formula", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 6 }), (cells) => {
        const csv = csvDocument(
          cells.map((_, i) => `c${i}`),
          [cells],
        );
        const [row] = parseCsv(csv, { bom: true, from_line: 2, relax_column_count: false }) as string[][];
        cells.forEach((cell, i) => {
          const got = row![i]!;
          if (got === cell) expect(/^[\s\u00A0]*[=+\-@＝＋－＠]|^[\t\r]/.test(cell)).toBe(false);
          else expect(got).toBe(`'${cell}`);
        });
      }),
    );
  });

  it("leaves numbers as numbers, negative ones included", () => {
    expect(csvDocument(["n"], [[-2], [1.5]])).toBe("\uFEFFn\r\n-2\r\n1.5\r\n");
  });
});

describe("GraphML text", () => {
  it("carries any label through write and parse, less the characters XML cannot hold", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.string({ unit: "binary", minLength: 1 }),
        (label, key) => {
          const id = `person:${key}`;
          const xml = renderSubgraph(
            { truncated: false, edges: [], nodes: [{ id, type: "person", key, label, props: {} }] },
            "graphml",
          )[0]!.content.toString();
          const graph = parseGraphml(MultiDirectedGraph, xml);
          expect(graph.getNodeAttribute(xmlSafe(id), "label") ?? "").toBe(xmlSafe(label));
        },
      ),
      { numRuns: 200 },
    );
  });
});
