import { defineConfig } from "vitest/config";

// Three projects so that a unit run never starts Neo4j or Chromium:
// - unit:    test/**/*.test.ts
// - neo4j:   test/**/*.neo4j.test.ts, against a real Neo4j started by test/support/neo4j-global-setup.ts
// - browser: test/**/*.browser.test.ts, real server + headless Chromium (installed by
//            test/support/chromium-global-setup.ts when missing and possible)
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Two cores: Neo4j, SQLite and Chromium suites would fight each other if run side by side.
    fileParallelism: false,
    maxWorkers: 1,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.neo4j.test.ts", "test/**/*.browser.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "neo4j",
          include: ["test/**/*.neo4j.test.ts"],
          globalSetup: ["test/support/neo4j-global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/**/*.browser.test.ts"],
          globalSetup: ["test/support/chromium-global-setup.ts"],
        },
      },
    ],
  },
});
