/**
 * `mulegraph ingest --offline-import`: the same files loaded through Neo4j's offline importer and through the store's
 * online ingest must leave the same database — every node with its labels and properties, every relationship with its
 * ends and properties, the load recorded as complete — and the store must open the imported database (building its
 * constraints and indexes) and read it like any other. The files: a generated case plus every export written from
 * public documentation of real bank formats (test/fixtures/exports) that ingest accepts.
 *
 * Runs two private servers (startNeo4j): one filled online, one started on the folder the importer filled.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { CanonicalRecord } from "../../model/records.js";
import { openNeo4jStore } from "../../server/store/neo4j/index.js";
import { OfflineImportStore } from "../../server/store/neo4j/offline-import/index.js";
import type { LoadStart } from "../../server/store/ports/loads.js";
import type { StoreStats } from "../../server/store/types.js";
import { startNeo4j, type Neo4jServer } from "../support/neo4j-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin/mulegraph.js");
const EXPORTS = path.join(ROOT, "test/fixtures/exports");
const ADMIN = path.join(ROOT, "tools/neo4j/neo4j-admin");
const execFileP = promisify(execFile);
const localSkip = inject("neo4jLocalSkip");

function envWithoutNeo4j(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NEO4J_")));
}

async function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** Lists sorted, so that the order in which concurrent online writes appended sources does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort();
  return value;
}

/**
 * Everything ingest leaves in the database, as sorted lines: nodes by labels and properties, relationships by type,
 * ends and properties. The load's id, times and owner differ between two loads and are left out; its files are kept
 * by SHA-256.
 */
async function dump(uri: string): Promise<string[]> {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "unused"), { disableLosslessIntegers: true });
  try {
    const lines: string[] = [];
    const nodes = await driver.executeQuery(
      "MATCH (n) WHERE NOT n:AuditEntry RETURN labels(n) AS labels, properties(n) AS props",
    );
    for (const r of nodes.records) {
      const labels = (r.get("labels") as string[]).sort();
      const props = { ...(r.get("props") as Record<string, unknown>) };
      if (labels.includes("Load"))
        for (const k of ["id", "startedAt", "finishedAt", "owner"]) delete props[k];
      if (labels.includes("LoadFile")) {
        delete props.key;
        delete props.loadId;
      }
      lines.push(
        `${labels.join(":")} ${JSON.stringify(
          Object.entries(props)
            .sort()
            .map(([k, v]) => [k, canonical(v)]),
        )}`,
      );
    }
    const rels = await driver.executeQuery(
      "MATCH (a)-[x]->(b) RETURN a.nid AS a, type(x) AS type, b.nid AS b, properties(x) AS props",
    );
    for (const r of rels.records) {
      const props = r.get("props") as Record<string, unknown>;
      lines.push(
        `${r.get("a") as string} -${r.get("type") as string}-> ${r.get("b") as string} ` +
          JSON.stringify(
            Object.entries(props)
              .sort()
              .map(([k, v]) => [k, canonical(v)]),
          ),
      );
    }
    return lines.sort();
  } finally {
    await driver.close();
  }
}

async function exportFixtures(): Promise<string[]> {
  const expected = JSON.parse(await readFile(path.join(EXPORTS, "expected.json"), "utf8")) as {
    files: { file: string; error?: string }[];
  };
  return expected.files.filter((f) => f.error === undefined).map((f) => path.join(EXPORTS, f.file));
}

describe.skipIf(localSkip !== "")(
  `neo4j store: a first load through the offline importer${localSkip ? ` — ${localSkip}` : ""}`,
  () => {
    let dir: string;
    let files: string[];
    const servers: Neo4jServer[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-offline-"));
      const caseDir = path.join(dir, "case");
      await execFileP(
        process.execPath,
        [BIN, "generate", "--out", caseDir, "--seed", "12", "--accounts", "400"],
        {
          cwd: ROOT,
          env: envWithoutNeo4j(),
        },
      );
      const entries = await readdir(path.join(caseDir, "exports"), { recursive: true, withFileTypes: true });
      files = [
        ...entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)),
        ...(await exportFixtures()),
      ].sort();
    });

    afterAll(async () => {
      for (const s of servers) await s.stop().catch(() => undefined);
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("leaves the same database as an online ingest of the same files, with the load complete", async () => {
      // Online, through Bolt.
      const online = await startNeo4j({});
      servers.push(online);
      const onlineEnv = {
        ...envWithoutNeo4j(),
        NEO4J_URI: online.uri,
        NEO4J_USERNAME: online.username,
        NEO4J_PASSWORD: online.password,
      };
      const loaded = await cli(
        ["ingest", ...files, "--json", "--report-dir", path.join(dir, "report-online")],
        onlineEnv,
      );
      expect(loaded.stderr).toBe("");
      expect(loaded.code).toBe(0);
      const onlineOut = JSON.parse(loaded.stdout) as { store: StoreStats; totals: unknown };

      // Offline, into a server folder that has never been started.
      const home = path.join(dir, "offline-home");
      await mkdir(home);
      const offlineEnv = { ...envWithoutNeo4j(), NEO4J_HOME: home, NEO4J_ADMIN: ADMIN };
      const imported = await cli(
        ["ingest", ...files, "--offline-import", "--json", "--report-dir", path.join(dir, "report-offline")],
        offlineEnv,
      );
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      const offlineOut = JSON.parse(imported.stdout) as {
        store: StoreStats;
        totals: unknown;
        load: string;
        offlineImport: { nodes: number; relationships: number };
      };
      // The same rows accepted and rejected, and the counts the importer's fold gives are the online store's.
      expect(offlineOut.totals).toEqual(onlineOut.totals);
      expect(offlineOut.store).toEqual(onlineOut.store);
      expect(offlineOut.store.transfers).toBeGreaterThan(1000);

      const server = await startNeo4j({ dataDir: home });
      servers.push(server);
      const serverEnv = {
        ...envWithoutNeo4j(),
        NEO4J_URI: server.uri,
        NEO4J_USERNAME: server.username,
        NEO4J_PASSWORD: server.password,
      };
      // Opening the store builds its schema on the imported data; the load is listed, complete.
      const loads = await cli(["loads", "--all", "--json"], serverEnv);
      expect(loads.code).toBe(0);
      const listed = JSON.parse(loads.stdout) as {
        loads: { id: string; status: string; files: unknown[] }[];
      };
      expect(listed.loads.map((l) => [l.id, l.status])).toEqual([[offlineOut.load, "complete"]]);

      expect(await dump(server.uri)).toEqual(await dump(online.uri));
    }, 900_000);

    it("refuses to import into a database that exists, unless told to overwrite it", async () => {
      const home = path.join(dir, "offline-home");
      const offlineEnv = { ...envWithoutNeo4j(), NEO4J_HOME: home, NEO4J_ADMIN: ADMIN };
      for (const s of servers.splice(0)) await s.stop();
      const again = await cli(["ingest", files[0]!, "--offline-import", "--json"], offlineEnv);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /ingest: the offline import failed: .*neo4j-admin database import failed/s,
      );
      expect(again.stderr).toMatch(/--overwrite-database/);
      const overwritten = await cli(
        ["ingest", files[0]!, "--offline-import", "--overwrite-database", "--json"],
        {
          ...offlineEnv,
        },
      );
      expect(overwritten.stderr).toBe("");
      expect(overwritten.code).toBe(0);
    }, 300_000);

    it("gives entities that no record describes the empty source list an online write gives them", async () => {
      // Transfers between accounts no account record describes: the store keeps such accounts bare, with no sources
      // of their own. neo4j-admin cannot write an empty list, so the store's first open supplies it (:NoSources).
      const file = "c3".repeat(32);
      const records: CanonicalRecord[] = [
        {
          kind: "sourceFile",
          sha256: file,
          name: "bare.csv",
          bytes: 10,
          exportKind: "register",
          rowsRead: 1,
        },
        {
          kind: "transfer",
          txId: "T-BARE-1",
          from: "ACC-BARE-1",
          to: "ACC-BARE-2",
          ts: Date.UTC(2024, 0, 2),
          amount: 100,
          currency: "KZT",
          amountKzt: 100,
          sources: [{ file, line: 2 }],
        },
      ];
      const load = (id: string): LoadStart => ({ id, by: "test", origin: "cli", inputs: [] });
      const open = (server: Neo4jServer) =>
        openNeo4jStore({ uri: server.uri, username: server.username, password: server.password });

      const online = await startNeo4j({});
      servers.push(online);
      const onlineStore = await open(online);
      await onlineStore.bulkLoad(() => onlineStore.writeBatch(records), load("load-online"));
      await onlineStore.close();
      const onlineDump = await dump(online.uri);
      expect(
        onlineDump.filter((l) => l.startsWith("Account:Entity") && l.includes('["sources",[]]')),
      ).toHaveLength(2);

      const home = path.join(dir, "bare-home");
      await mkdir(home);
      const offline = new OfflineImportStore({ home, command: ADMIN, env: process.env });
      await offline.bulkLoad(() => offline.writeBatch(records), load("load-offline"));
      const server = await startNeo4j({ dataDir: home });
      servers.push(server);
      const store = await open(server);
      try {
        expect(await dump(server.uri)).toEqual(onlineDump);
        // An online load after the import merges into the bare account as into any other.
        await store.writeBatch([
          { kind: "account", key: "ACC-BARE-1", bank: "BANK", sources: [{ file, line: 3 }] },
        ]);
        const detail = await store.entity("account:ACC-BARE-1");
        expect(detail?.sources).toEqual([{ file, line: 3 }]);
      } finally {
        await store.close();
      }
    }, 300_000);
  },
);
