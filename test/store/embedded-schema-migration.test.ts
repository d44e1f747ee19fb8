/**
 * The embedded store opening a database file written by an older schema version: version 1 files (before the
 * analysis tables had typologies) are brought up to the current version, keeping the stored run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnalysisResult } from "../../model/analysis.js";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { SCHEMA_VERSION } from "../../server/store/embedded/schema.js";

const RUN: AnalysisResult["run"] = {
  runId: "old-run",
  startedAt: 1000,
  finishedAt: 2000,
  params: { seed: 3 },
};

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "mulegraph-migrate-"));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Turn a freshly created file into what version 1 wrote: analysis tables without typologies, one run stored. */
async function writeVersion1File(): Promise<void> {
  await (await openEmbeddedStore({ dataDir })).close();
  const db = new Database(path.join(dataDir, DB_FILE));
  db.exec(`
    DROP TABLE analysis_accounts; DROP TABLE analysis_clusters;
    CREATE TABLE analysis_accounts (
      account TEXT PRIMARY KEY, community TEXT, role TEXT NOT NULL, score REAL NOT NULL, reasons TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE analysis_clusters (
      id TEXT PRIMARY KEY, rank INTEGER NOT NULL, score REAL NOT NULL, members TEXT NOT NULL, reasons TEXT NOT NULL
    ) WITHOUT ROWID;
    UPDATE meta SET value = '1' WHERE key = 'schema_version';
    INSERT INTO analysis_runs VALUES ('old-run', 1000, 2000, '{"seed":3}');
    INSERT INTO analysis_accounts VALUES ('111', 'c1', 'drop', 0.7, '["passed on"]');
    INSERT INTO analysis_clusters VALUES ('c1', 1, 0.7, '["111"]', '[]');
  `);
  db.close();
}

function storedVersion(): string {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string })
      .value;
  } finally {
    db.close();
  }
}

describe("embedded schema migration", () => {
  it("reads a read-only version 1 file's analysis without typologies", async () => {
    await writeVersion1File();
    const store = await openEmbeddedStore({ dataDir, readOnly: true });
    try {
      expect(await store.latestAnalysis()).toEqual({
        run: RUN,
        accounts: [{ id: "111", community: "c1", role: "drop", score: 0.7, reasons: ["passed on"] }],
        clusters: [{ id: "c1", rank: 1, score: 0.7, members: ["111"], reasons: [] }],
      });
    } finally {
      await store.close();
    }
    expect(storedVersion()).toBe("1");
  });

  it("brings a version 1 file up to the current version, keeping its run and then keeping typologies", async () => {
    await writeVersion1File();
    const store = await openEmbeddedStore({ dataDir });
    try {
      expect(await store.latestAnalysis()).toEqual({
        run: RUN,
        accounts: [{ id: "111", community: "c1", role: "drop", score: 0.7, reasons: ["passed on"] }],
        clusters: [{ id: "c1", rank: 1, score: 0.7, members: ["111"], reasons: [] }],
      });
      const next: AnalysisResult = {
        run: { ...RUN, runId: "new-run" },
        accounts: [
          { id: "111", community: "c1", role: "drop", score: 0.8, reasons: [], typologies: ["fan_in"] },
        ],
        clusters: [{ id: "c1", rank: 1, score: 0.8, members: ["111"], reasons: [], typologies: ["fan_in"] }],
      };
      await store.writeAnalysis(next);
      expect(await store.latestAnalysis()).toEqual(next);
    } finally {
      await store.close();
    }
    expect(storedVersion()).toBe(String(SCHEMA_VERSION));
    // Opening it again finds nothing left to migrate.
    await (await openEmbeddedStore({ dataDir })).close();
    expect(storedVersion()).toBe(String(SCHEMA_VERSION));
  });
});
