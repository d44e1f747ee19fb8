/**
 * The Neo4j store's query registry (server/store/neo4j/queries.ts) and cypher/: every registered query has its
 * file, every file is registered, and no query text is assembled at run time.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CYPHER_DIR,
  QUERIES,
  SCHEMA_FILE,
  queryText,
  type QueryName,
} from "../../server/store/neo4j/queries.js";
import { schemaStatements } from "../../server/store/neo4j/schema.js";

const files = readdirSync(CYPHER_DIR)
  .filter((f) => f.endsWith(".cypher"))
  .map((f) => f.slice(0, -".cypher".length))
  .sort();
const registered = Object.values(QUERIES);

describe("the Cypher query registry", () => {
  it("has a file in cypher/ for every registered query", () => {
    expect(registered.filter((q) => !files.includes(q))).toEqual([]);
  });

  it("registers every file in cypher/ except the schema", () => {
    expect(
      files.filter((f) => f !== SCHEMA_FILE && !registered.includes(f as (typeof registered)[number])),
    ).toEqual([]);
  });

  it("maps no two names to one file", () => {
    expect(new Set(registered).size).toBe(registered.length);
  });

  it.each(Object.keys(QUERIES) as QueryName[])("loads %s as one statement with a header comment", (name) => {
    const text = queryText(name);
    expect(text.startsWith("//")).toBe(true);
    const code = text
      .split("\n")
      .filter((l) => !l.trim().startsWith("//"))
      .join("\n")
      .trim();
    expect(code.length).toBeGreaterThan(0);
    expect(code.replace(/;\s*$/, "")).not.toContain(";");
  });

  it("takes every value through parameters, never through text the code pastes in", () => {
    const source = readFileSync(path.join(CYPHER_DIR, "../server/store/neo4j/runner.ts"), "utf8");
    // The runner only ever sends queryText(name): no template literal reaches the driver.
    expect(source).toMatch(/executeQuery\(queryText\(name\)/);
    expect(source).toMatch(/tx\.run\(queryText\(name\)/);
  });
});

describe("the schema file", () => {
  const statements = schemaStatements();

  it("splits into idempotent statements, constraints first", () => {
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements.filter((x) => x.startsWith("CREATE"))) expect(s).toContain("IF NOT EXISTS");
    expect(statements[0]).toMatch(
      /^CREATE CONSTRAINT entity_nid IF NOT EXISTS FOR \(n:Entity\) REQUIRE n\.nid IS UNIQUE$/,
    );
  });

  it("keys transfers and withdrawals by txId and waits for its indexes", () => {
    expect(statements.some((s) => /FOR \(\)-\[t:TRANSFER\]-\(\) REQUIRE t\.txId IS UNIQUE/.test(s))).toBe(
      true,
    );
    expect(statements.some((s) => /FOR \(\)-\[w:WITHDREW\]-\(\) REQUIRE w\.txId IS UNIQUE/.test(s))).toBe(
      true,
    );
    expect(statements.at(-1)).toBe("CALL db.awaitIndexes(300)");
  });
});
