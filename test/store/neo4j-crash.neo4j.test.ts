/**
 * Kill the real Neo4j in the middle of `mulegraph ingest`: the CLI must exit with a clear error; after Neo4j restarts
 * on the same data, the same command must complete and the counts must match exactly (no duplicates, no gaps) —
 * against the generated case's truth and against the embedded store ingesting the same files.
 *
 * Runs its own Neo4j (startNeo4j) so it can kill it; needs Java like the global setup does.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { StoreStats } from "../../server/store/types.js";
import { startNeo4j, type Neo4jServer } from "../support/neo4j-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/mulegraph.js");
const execFileP = promisify(execFile);
const localSkip = inject("neo4jLocalSkip");

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any NEO4J_* (so an embedded run never reaches a server by accident). */
function envWithoutNeo4j(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NEO4J_")));
}

function neo4jEnv(server: Neo4jServer): NodeJS.ProcessEnv {
  return {
    ...envWithoutNeo4j(),
    NEO4J_URI: server.uri,
    NEO4J_USERNAME: server.username,
    NEO4J_PASSWORD: server.password,
    // Transfers flow to the store a few batches at a time (as without the hold), so that the kill finds part of them
    // stored.
    NEO4J_BULK_HOLD_RECORDS: "500",
  };
}

function startCli(args: string[], env: NodeJS.ProcessEnv): { done: Promise<CliRun>; exited: () => boolean } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let finished = false;
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      finished = true;
      resolve({ code, stdout, stderr });
    });
  });
  return { done, exited: () => finished };
}

async function transferCount(uri: string): Promise<number> {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "unused"), { disableLosslessIntegers: true });
  try {
    const r = await driver.executeQuery("MATCH ()-[t:TRANSFER]->() RETURN count(t) AS n");
    return r.records[0]!.get("n") as number;
  } finally {
    await driver.close();
  }
}

/** The case's files, transfer registers first (so transfers are being stored early on, when Neo4j is killed). */
async function csvFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".csv"))
    .map((e) => path.join(e.parentPath, e.name));
  const rank = (f: string) => (f.includes(`${path.sep}registers${path.sep}`) ? 0 : 1);
  return files.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

describe.skipIf(localSkip !== "")(
  `neo4j store: a server killed in the middle of an ingest${localSkip ? ` — ${localSkip}` : ""}`,
  () => {
    let dir: string;
    let files: string[];
    let truth: { counts: Record<string, number> };
    let server: Neo4jServer | null = null;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-crash-"));
      const caseDir = path.join(dir, "case");
      await execFileP(
        process.execPath,
        [BIN, "generate", "--out", caseDir, "--seed", "11", "--accounts", "600"],
        {
          cwd: ROOT,
          env: envWithoutNeo4j(),
        },
      );
      truth = JSON.parse(await readFile(path.join(caseDir, "truth.json"), "utf8"));
      files = await csvFiles(path.join(caseDir, "exports"));
    });

    afterAll(async () => {
      await server?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("exits with a clear error, and after a restart the same command stores exactly the case", async () => {
      const dataDir = path.join(dir, "neo4j");
      server = await startNeo4j({ dataDir });
      const port = server.port;
      const args = [
        "ingest",
        ...files,
        "--json",
        "--batch-size",
        "500",
        "--report-dir",
        path.join(dir, "report"),
      ];

      // 1. Kill Neo4j (SIGKILL, as a crash would) once some transfers are stored and the CLI is still going.
      const first = startCli(args, neo4jEnv(server));
      let stored = 0;
      while (!first.exited() && stored === 0) {
        await new Promise((r) => setTimeout(r, 200));
        stored = await transferCount(server.uri).catch(() => 0);
      }
      expect(first.exited()).toBe(false);
      await server.kill();
      const failed = await first.done;
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe("");
      expect(failed.stderr).toMatch(/ingest: the neo4j store failed after accepting \d+ batches/);
      expect(failed.stderr).toMatch(/Neo4j at bolt:\/\/127\.0\.0\.1:\d+ is unavailable/);

      // 2. Restart on the same data and port: the store holds part of the case, never more.
      server = await startNeo4j({ dataDir, port });
      const partial = await transferCount(server.uri);
      expect(partial).toBeGreaterThanOrEqual(stored);
      expect(partial).toBeLessThan(truth.counts.transfers!);

      // 3. The same command completes.
      const again = await startCli(args, neo4jEnv(server)).done;
      expect(again.stderr).toBe("");
      expect(again.code).toBe(0);
      const neo4jStats = (JSON.parse(again.stdout) as { store: StoreStats }).store;

      // 4. Exactly the case: the truth's transfers, withdrawals, complaints and accounts, and every count the embedded
      //    store gives for the same files.
      for (const k of ["accounts", "transfers", "withdrawals", "complaints"]) {
        if (k in truth.counts) expect([k, neo4jStats[k as keyof StoreStats]]).toEqual([k, truth.counts[k]]);
      }
      const embeddedArgs = ["ingest", ...files, "--json", "--batch-size", "500"];
      embeddedArgs.push(
        "--report-dir",
        path.join(dir, "report-embedded"),
        "--data-dir",
        path.join(dir, "embedded"),
      );
      const embedded = await startCli(embeddedArgs, envWithoutNeo4j()).done;
      expect(embedded.code).toBe(0);
      expect(neo4jStats).toEqual((JSON.parse(embedded.stdout) as { store: StoreStats }).store);
    }, 900_000);
  },
);
