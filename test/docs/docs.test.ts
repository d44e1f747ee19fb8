/**
 * The repository's own documentation stays whole: every docs/ page a comment or doc points to exists, nothing points
 * to design notes outside the repository, and docs/DETECTION.md's settings table is the one the settings' own
 * comments give (tools/detect-params-table.ts).
 */
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectParamsTable } from "../../tools/detect-params-table.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Tracked text files of the product (sources, tests, docs), as git lists them. */
function trackedTextFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" });
  return out
    .split("\0")
    .filter((f) => /\.(ts|mts|js|mjs|md|cypher|json)$/.test(f) && !f.startsWith("test/fixtures/"))
    .filter((f) => existsSync(path.join(ROOT, f)));
}

/** Cells of a Markdown table row, trimmed (Prettier may pad them). */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe("documentation", () => {
  it("has every docs/ page that a source file, test or doc points to", () => {
    const missing: string[] = [];
    for (const file of trackedTextFiles()) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(/\bdocs\/([A-Za-z0-9_-]+\.md)\b/g)) {
        if (!existsSync(path.join(ROOT, "docs", m[1]!))) missing.push(`${file}: docs/${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("points nowhere outside the repository for design or detection notes", () => {
    const outside: string[] = [];
    for (const file of trackedTextFiles()) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(/(?<![\w/])(?:\.\.\/shared\/|shared\/)?(DESIGN|DETECTION|STYLE)\.md/g)) {
        const before = text.slice(Math.max(0, m.index - 5), m.index);
        // A link's text ("[DETECTION.md](docs/DETECTION.md)") is fine: its target is matched on its own.
        const linkText = before.endsWith("[");
        const sibling = file.startsWith("docs/") && !m[0].includes("/");
        if (!before.endsWith("docs/") && !linkText && !sibling) outside.push(`${file}: ${m[0]}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it("lists every detection setting in docs/DETECTION.md with its default and meaning, as the code has them", () => {
    const doc = readFileSync(path.join(ROOT, "docs/DETECTION.md"), "utf8");
    const start = doc.indexOf("<!-- detect-params:start -->");
    const end = doc.indexOf("<!-- detect-params:end -->");
    expect(start, "the table's start marker").toBeGreaterThan(0);
    expect(end, "the table's end marker").toBeGreaterThan(start);
    const inDoc = doc
      .slice(start, end)
      .split("\n")
      .filter((l) => l.trim().startsWith("|") && !/^\|[\s:|-]+\|$/.test(l.trim()))
      .map(cells);
    const expected = detectParamsTable()
      .split("\n")
      .filter((l) => !/^\|[\s:|-]+\|$/.test(l.trim()))
      .map(cells);
    expect(inDoc).toEqual(expected);
    for (const [, , meaning] of expected.slice(1))
      expect(meaning, "every setting says what it means").not.toBe("");
  });
});
