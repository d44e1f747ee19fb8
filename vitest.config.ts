import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: Neo4j, SQLite and Chromium suites would fight each other if run in parallel.
    fileParallelism: false,
    pool: "forks",
  },
});
