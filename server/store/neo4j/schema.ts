/**
 * Applies cypher/schema.cypher: constraints and indexes, each `IF NOT EXISTS`, then (its last statement) waits until
 * every index is online so the first writes already use them.
 */
import { readCypher, SCHEMA_FILE } from "./queries.js";
import type { CypherRunner } from "./runner.js";
import neo4j from "neo4j-driver";

/** The schema file's statements: comments dropped, split at semicolons that end a line. */
export function schemaStatements(text = readCypher(SCHEMA_FILE)): string[] {
  return text
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n")
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Run every schema statement in order, each in its own transaction (schema and data never share one). */
export async function applySchema(runner: CypherRunner): Promise<void> {
  for (const statement of schemaStatements()) {
    try {
      await runner.driver.executeQuery(
        statement,
        {},
        { database: runner.database, routing: neo4j.routing.WRITE },
      );
    } catch (err) {
      throw runner.wrap(err);
    }
  }
}
