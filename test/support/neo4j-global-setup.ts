/**
 * vitest global setup of the neo4j project: finds or starts the real Neo4j the `*.neo4j.test.ts` files run against.
 *
 * - NEO4J_URI set: use that server (NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE as for the app).
 * - Otherwise: start Neo4j Community 5.26 from Maven Central jars (test/support/neo4j-server.ts) and stop it in teardown.
 * - Neo4j cannot be started: under CI=true the run fails; elsewhere the reason is logged and provided as
 *   `neo4jSkip`, and the suites skip themselves with it (skips, never passes).
 * `neo4jLocalSkip` says whether a test may start a private server of its own (startNeo4j) and, if not, why.
 */
import type { TestProject } from "vitest/node";
import { neo4jUnavailableReason, startNeo4j, type Neo4jServer } from "./neo4j-server.js";
import { installDebianPackages } from "./debian-packages.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Bolt/neo4j URI of the test server; "" when skipped. */
    neo4jUri: string;
    neo4jUsername: string;
    neo4jPassword: string;
    /** Database name; "" for the server's default. */
    neo4jDatabase: string;
    /** Why the Neo4j suites are skipped; "" when they run. */
    neo4jSkip: string;
    /** Why a test cannot start its own Neo4j (startNeo4j); "" when it can. */
    neo4jLocalSkip: string;
  }
}

function say(line: string): void {
  process.stderr.write(`[neo4j] ${line}\n`);
}

/**
 * A JDK and Maven from Debian when they are missing and this process may install them; the reason if still not.
 * MULEGRAPH_TEST_INSTALL=0 turns installing off (the harness's own tests, which hide java on purpose).
 */
function javaToolsReason(): string | null {
  const missing = neo4jUnavailableReason();
  if (missing === null || process.env.NEO4J_URI || process.env.MULEGRAPH_TEST_INSTALL === "0") return missing;
  say(missing);
  const why = installDebianPackages(["default-jdk-headless", "maven"], say);
  return why === null ? neo4jUnavailableReason() : `${missing}; ${why}`;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const localReason = javaToolsReason() ?? "";
  project.provide("neo4jLocalSkip", localReason ? `cannot start a private Neo4j: ${localReason}` : "");
  project.provide("neo4jDatabase", process.env.NEO4J_DATABASE ?? "");

  if (process.env.NEO4J_URI) {
    say(`using NEO4J_URI=${process.env.NEO4J_URI}`);
    project.provide("neo4jUri", process.env.NEO4J_URI);
    project.provide("neo4jUsername", process.env.NEO4J_USERNAME ?? "neo4j");
    project.provide("neo4jPassword", process.env.NEO4J_PASSWORD ?? "");
    project.provide("neo4jSkip", "");
    return;
  }

  let server: Neo4jServer | null = null;
  let reason = localReason;
  if (!reason) {
    try {
      server = await startNeo4j({ log: say });
    } catch (err) {
      reason = (err as Error).message;
    }
  }
  if (!server) {
    if (process.env.CI === "true")
      throw new Error(`test/neo4j-global-setup: CI=true and no Neo4j could be started: ${reason}`);
    const skip = `Neo4j suite skipped: NEO4J_URI is unset and no test Neo4j could be started (${reason})`;
    say(skip);
    project.provide("neo4jUri", "");
    project.provide("neo4jUsername", "");
    project.provide("neo4jPassword", "");
    project.provide("neo4jSkip", skip);
    return;
  }
  say(`ready at ${server.uri}`);
  project.provide("neo4jUri", server.uri);
  project.provide("neo4jUsername", server.username);
  project.provide("neo4jPassword", server.password);
  project.provide("neo4jSkip", "");
  return async () => {
    await server.stop();
  };
}
