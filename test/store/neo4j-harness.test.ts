/**
 * The test-Neo4j harness without a server: what the neo4j project's global setup does when Java cannot be found
 * (a clear skip reason locally, a failed run under CI=true), and the Neo4j store's settings validation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TestProject } from "vitest/node";
import { NEO4J_STORE_DEFAULTS, Neo4jConfigError } from "../../server/store/neo4j/index.js";
import { resolveNeo4jStoreConfig } from "../../server/store/neo4j/config.js";
import setup from "../support/neo4j-global-setup.js";
import { neo4jUnavailableReason } from "../support/neo4j-server.js";

describe("the neo4j project's global setup on a machine without Java", () => {
  const saved = {
    PATH: process.env.PATH,
    CI: process.env.CI,
    NEO4J_URI: process.env.NEO4J_URI,
    MULEGRAPH_TEST_INSTALL: process.env.MULEGRAPH_TEST_INSTALL,
  };
  let emptyBin: string;
  beforeEach(() => {
    emptyBin = mkdtempSync(path.join(os.tmpdir(), "mulegraph-nojava-"));
    process.env.PATH = emptyBin;
    process.env.MULEGRAPH_TEST_INSTALL = "0"; // java is hidden on purpose: the setup must not install one
    delete process.env.NEO4J_URI;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(emptyBin, { recursive: true, force: true });
  });

  /** Collects what the setup provides, as vitest's TestProject would. */
  function project(): { provided: Record<string, unknown>; project: TestProject } {
    const provided: Record<string, unknown> = {};
    const p = {
      provide: (key: string, value: unknown) => void (provided[key] = value),
    } as unknown as TestProject;
    return { provided, project: p };
  }

  it("names the missing java as the reason", () => {
    expect(neo4jUnavailableReason()).toMatch(/no `java` on PATH/);
  });

  it("skips the Neo4j suites with that reason outside CI", async () => {
    delete process.env.CI;
    const { provided, project: p } = project();
    await expect(setup(p)).resolves.toBeUndefined();
    expect(provided.neo4jUri).toBe("");
    expect(provided.neo4jSkip).toMatch(/^Neo4j suite skipped: NEO4J_URI is unset .*no `java` on PATH/);
    expect(provided.neo4jLocalSkip).toMatch(/cannot start a private Neo4j: no `java` on PATH/);
  });

  it("fails the run under CI=true", async () => {
    process.env.CI = "true";
    await expect(setup(project().project)).rejects.toThrow(/CI=true and no Neo4j could be started/);
  });

  it("uses NEO4J_URI when set, without needing Java", async () => {
    delete process.env.CI;
    process.env.NEO4J_URI = "neo4j://db.example:7687";
    const { provided, project: p } = project();
    await setup(p);
    expect(provided).toMatchObject({ neo4jUri: "neo4j://db.example:7687", neo4jSkip: "" });
  });
});

describe("the Neo4j store's settings", () => {
  const base = { uri: "neo4j://localhost:7687", username: "neo4j", password: "secret" };

  it("fills in the defaults", () => {
    expect(resolveNeo4jStoreConfig(base)).toEqual({ ...base, database: undefined, ...NEO4J_STORE_DEFAULTS });
  });

  it.each([
    [
      { uri: "http://localhost:7474" },
      /NEO4J_URI "http:\/\/localhost:7474" must start with one of bolt:\/\//,
    ],
    [{ batchSize: 0 }, /batchSize must be an integer from 1/],
    [{ concurrency: 2.5 }, /concurrency must be an integer/],
    [{ atomicLimit: -1 }, /atomicLimit must be an integer/],
  ])("rejects %j", (bad, message) => {
    expect(() => resolveNeo4jStoreConfig({ ...base, ...bad })).toThrow(Neo4jConfigError);
    expect(() => resolveNeo4jStoreConfig({ ...base, ...bad })).toThrow(message);
  });
});
