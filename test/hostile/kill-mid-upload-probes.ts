/**
 * The kill -9 mid-upload probe of issue 22 (item 4), as a suite for either store (kill-mid-upload.test.ts on the
 * embedded one, kill-mid-upload.neo4j.test.ts on Neo4j). A generated case is ingested by the real CLI in a child
 * process that is killed with SIGKILL once part of the load is committed. Then: the load is listed as incomplete by
 * the store, `mulegraph loads` and the API (stats, header, loads list), analysis refuses to run; rolling it back
 * through the API leaves the store exactly as before the load; killing a second run and re-running the same ingest
 * completes it, with the counts of an ingest that was never interrupted. Last, the issue's own case: `mulegraph serve`
 * in a child process is killed with SIGKILL during an upload of the whole case; the upload's load is listed as
 * incomplete, the restarted server says the job was cut off, and uploading the same files again completes the load.
 *
 * The store already holds a complete load of two of the case's files before the killed one, so the rollback must keep
 * what those files brought while removing the rest.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphStore, LoadRecord, StoreStats } from "../../server/store/types.js";
import { hashPassword } from "../../server/auth/password.js";
import { ApiClient, startTestServer } from "../api/harness.js";
import { cli, ROOT } from "./hostile.fixtures.js";

/** How the probe reaches a store: the CLI's environment for it, and a fresh (empty) store to open in this process. */
export interface KillProbeTarget {
  /** Environment and global flags for `mulegraph` to use this store. */
  cliArgs(): { env: Record<string, string>; flags: string[] };
  /** Empty the store (or point at a new empty one) and open it. */
  fresh(): Promise<GraphStore>;
  /** Open the same store again (another connection to what fresh() gave). */
  reopen(): Promise<GraphStore>;
}

/** Records per committed group in the child: small, so that part of the load is committed when it is killed. */
const GROUP = "3000";

interface Counts {
  stats: StoreStats;
  files: string[];
}

async function counts(store: GraphStore): Promise<Counts> {
  const stats = await store.stats();
  const files = (await store.sourceFiles()).map((f) => `${f.sha256} ${f.name}`);
  return { stats, files };
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** `mulegraph serve` in a child process on the probe's store, once /readyz answers. */
async function serve(target: KillProbeTarget): Promise<{ child: ChildProcess; url: string }> {
  const { env, flags } = target.cliArgs();
  const port = await freePort();
  const child = spawn(process.execPath, ["bin/mulegraph.js", ...flags, "serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: "",
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      MULEGRAPH_BULK_GROUP_RECORDS: GROUP,
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`kill-mid-upload: serve ended (${child.exitCode})`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, url };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error("kill-mid-upload: serve never became ready");
}

/** Every export file of the case, as one upload form. */
function caseForm(exportsDir: string): FormData {
  const form = new FormData();
  const files = readdirSync(exportsDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const f of files)
    form.append("file", new Blob([readFileSync(f)], { type: "text/csv" }), path.basename(f));
  return form;
}

/** Start `mulegraph ingest` and SIGKILL it once the load is running with some of its data committed. */
async function killMidIngest(
  target: KillProbeTarget,
  store: GraphStore,
  inputs: string[],
): Promise<{ loadId: string; beforeKill: StoreStats }> {
  const { env, flags } = target.cliArgs();
  // What the store held before: the kill waits for more (Neo4j lists a file before its first records commit).
  const base = await store.stats();
  const child = spawn(
    process.execPath,
    ["bin/mulegraph.js", ...flags, "ingest", "--batch-size", "500", ...inputs],
    {
      cwd: ROOT,
      env: { ...process.env, NEO4J_URI: "", ...env, MULEGRAPH_BULK_GROUP_RECORDS: GROUP },
      stdio: "ignore",
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    for (let i = 0; i < 2400; i++) {
      const running = (await store.listLoads({ incomplete: true })).find(
        (l) => l.status === "running" && l.files.length > 0,
      );
      if (running) {
        const stats = await store.stats();
        if (stats.accounts + stats.transfers > base.accounts + base.transfers) {
          child.kill("SIGKILL");
          await exited;
          return { loadId: running.id, beforeKill: stats };
        }
      }
      if (child.exitCode !== null)
        throw new Error(`kill-mid-upload: the ingest ended (${child.exitCode}) first`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("kill-mid-upload: the ingest never committed part of its load");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

export function killMidUploadProbes(storeName: string, target: KillProbeTarget): void {
  describe(`kill -9 mid-upload on the ${storeName} store`, () => {
    let work: string;
    let exportsDir: string;
    /** Two files ingested whole before the killed load. */
    let prior: string[];
    /** The counts after the prior files and then the whole case, ingested without interruption. */
    let uninterrupted: Counts;
    let store: GraphStore;
    let before: Counts;
    let firstKill: { loadId: string; beforeKill: StoreStats };

    beforeAll(async () => {
      work = mkdtempSync(path.join(os.tmpdir(), "mulegraph-kill-"));
      const gen = await cli([
        "generate",
        "--out",
        path.join(work, "case"),
        "--seed",
        "22",
        "--accounts",
        "1500",
      ]);
      expect(gen.code, gen.stderr).toBe(0);
      exportsDir = path.join(work, "case", "exports");
      const statements = path.join(exportsDir, "statements");
      const bank = readdirSync(statements).sort()[0]!;
      const statement = readdirSync(path.join(statements, bank)).sort()[0]!;
      prior = [path.join(exportsDir, "complaints"), path.join(statements, bank, statement)];

      const ingest = (inputs: string[]) => {
        const { env, flags } = target.cliArgs();
        return cli([...flags, "ingest", ...inputs], env);
      };
      // The reference: the same two ingests, never interrupted.
      let s = await target.fresh();
      await s.close();
      for (const inputs of [prior, [exportsDir]]) expect((await ingest(inputs)).code).toBe(0);
      s = await target.reopen();
      uninterrupted = await counts(s);
      await s.close();

      store = await target.fresh();
      const p = await ingest(prior);
      expect(p.code, p.stderr).toBe(0);
      before = await counts(store);
      firstKill = await killMidIngest(target, store, [exportsDir]);
    }, 600_000);

    afterAll(async () => {
      await store?.close();
      rmSync(work, { recursive: true, force: true });
    });

    it("keeps part of the killed load, and lists that load as incomplete, running with its process gone", async () => {
      const now = (await counts(store)).stats;
      expect(now.transfers + now.accounts).toBeGreaterThan(before.stats.transfers + before.stats.accounts);
      expect(now.transfers).toBeLessThan(uninterrupted.stats.transfers);
      const incomplete = await store.listLoads({ incomplete: true });
      expect(incomplete.map((l) => l.id)).toEqual([firstKill.loadId]);
      expect(incomplete[0]).toMatchObject({ status: "running", interrupted: true, origin: "cli" });
      expect(incomplete[0]!.files.length).toBeGreaterThan(0);
      const all = await store.listLoads();
      expect(all.map((l) => l.status)).toEqual(["running", "complete"]);
    });

    it("names the incomplete load in `mulegraph loads` with how to resume it and roll it back", async () => {
      const { env, flags } = target.cliArgs();
      const json = await cli([...flags, "--json", "loads"], env);
      expect(json.code, json.stderr).toBe(0);
      expect((JSON.parse(json.stdout) as { incomplete: string[] }).incomplete).toEqual([firstKill.loadId]);
      const text = await cli([...flags, "loads"], env);
      expect(text.stdout).toContain(`${firstKill.loadId}  interrupted`);
      expect(text.stdout).toContain(`resume: mulegraph ingest ${JSON.stringify(exportsDir)}`);
      expect(text.stdout).toContain(`roll back: mulegraph loads rollback ${firstKill.loadId}`);
      const analyze = await cli([...flags, "analyze"], env);
      expect(analyze.code).toBe(1);
      expect(analyze.stderr).toContain(firstKill.loadId);
    });

    it("flags the load in the API's answers, refuses analysis, and rolls it back to the store as it was", async () => {
      const t = await startTestServer({ openStore: () => target.reopen() });
      try {
        const analyst = await t.as("analyst");
        const investigator = await t.as("investigator");
        const stats = await analyst.get<{ incompleteLoads: string[] }>("/api/stats");
        expect(stats.body.incompleteLoads).toEqual([firstKill.loadId]);
        expect(stats.headers.get("x-mulegraph-incomplete-loads")).toBe(firstKill.loadId);
        const loads = await analyst.get<{ loads: LoadRecord[]; incomplete: string[] }>("/api/loads");
        expect(loads.body.incomplete).toEqual([firstKill.loadId]);
        expect(loads.body.loads[0]).toMatchObject({ id: firstKill.loadId, interrupted: true });
        const analysis = await investigator.post<{ error: { code: string; message: string } }>(
          "/api/analysis",
          {},
        );
        expect(analysis.status).toBe(409);
        expect(analysis.body.error.code).toBe("incomplete_load");
        // Investigators read the data but do not roll loads back.
        expect((await investigator.post(`/api/loads/${firstKill.loadId}/rollback`, {})).status).toBe(403);

        const rolled = await analyst.post<{ files: string[]; removed: { records: number } }>(
          `/api/loads/${firstKill.loadId}/rollback`,
          {},
        );
        expect(rolled.status, rolled.text).toBe(200);
        expect(rolled.body.removed.records).toBeGreaterThan(0);
        const after = await analyst.get<{ incompleteLoads: string[] }>("/api/stats");
        expect(after.body.incompleteLoads).toEqual([]);
        expect(after.headers.get("x-mulegraph-incomplete-loads")).toBeNull();
        const admin = await t.as("admin");
        const trail = await admin.get<{ entries: { action: string; target: string; actor: string }[] }>(
          "/api/audit?afterSeq=0&limit=1000",
        );
        expect(trail.body.entries.filter((e) => e.action === "load.rollback")).toEqual([
          expect.objectContaining({ target: firstKill.loadId, actor: "analyst" }),
        ]);
        // A second rollback of the same load is refused.
        expect((await analyst.post(`/api/loads/${firstKill.loadId}/rollback`, {})).status).toBe(409);
      } finally {
        await t.close();
      }
      expect(await counts(store)).toEqual(before);
      expect((await store.getLoad(firstKill.loadId))?.status).toBe("rolled_back");
    });

    it("completes a killed load when the same ingest runs again, with the counts of one never interrupted", async () => {
      const second = await killMidIngest(target, store, [exportsDir]);
      expect(second.loadId).not.toBe(firstKill.loadId);
      expect((await store.listLoads({ incomplete: true })).map((l) => l.id)).toEqual([second.loadId]);
      const { env, flags } = target.cliArgs();
      const resumed = await cli([...flags, "--json", "ingest", exportsDir], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const newId = (JSON.parse(resumed.stdout) as { load: string }).load;
      expect(await counts(store)).toEqual(uninterrupted);
      expect(await store.listLoads({ incomplete: true })).toEqual([]);
      expect(await store.getLoad(second.loadId)).toMatchObject({ status: "complete", resumedBy: newId });
      expect(await store.getLoad(newId)).toMatchObject({ status: "complete" });
    });

    it("lists an upload whose server was killed as incomplete, and completes it when the files are uploaded again", async () => {
      await store.close();
      store = await target.fresh();
      await store.putUser({
        username: "analyst",
        role: "analyst",
        passwordHash: await hashPassword("analyst-password-1", { logN: 10, r: 8, p: 1 }),
        createdAt: Date.now(),
      });
      let server = await serve(target);
      try {
        let client = new ApiClient(server.url);
        expect((await client.login("analyst", "analyst-password-1")).status).toBe(200);
        const base = await store.stats();
        const upload = await client.upload<{ id: string }>("/api/uploads", caseForm(exportsDir));
        expect(upload.status, upload.text).toBe(202);
        let killed: LoadRecord | undefined;
        for (let i = 0; i < 3000 && !killed; i++) {
          const running = (await store.listLoads({ incomplete: true })).find((l) => l.files.length > 0);
          const now = running ? await store.stats() : base;
          if (now.accounts + now.transfers > base.accounts + base.transfers) {
            server.child.kill("SIGKILL");
            killed = running;
          } else await new Promise((r) => setTimeout(r, 20));
        }
        expect(killed, "the upload never committed part of its load").toBeDefined();
        await new Promise((r) => server.child.once("exit", r));
        const listed = await store.listLoads({ incomplete: true });
        expect(listed.map((l) => l.id)).toEqual([killed!.id]);
        expect(listed[0]).toMatchObject({
          origin: `upload:${upload.body.id}`,
          by: "analyst",
          interrupted: true,
        });
        expect((await store.stats()).transfers).toBeLessThan(uninterrupted.stats.transfers);

        // The restarted server says the job was cut off, and the same files complete the load.
        server = await serve(target);
        client = new ApiClient(server.url);
        await client.login("analyst", "analyst-password-1");
        const job = await client.get<{ status: string; error: string }>(`/api/uploads/${upload.body.id}`);
        expect(job.body.status).toBe("failed");
        expect(job.body.error).toContain("incomplete load");
        expect((await client.get<{ incomplete: string[] }>("/api/loads")).body.incomplete).toEqual([
          killed!.id,
        ]);
        const again = await client.upload<{ id: string }>("/api/uploads", caseForm(exportsDir));
        for (let i = 0; i < 1200; i++) {
          const u = await client.get<{ status: string }>(`/api/uploads/${again.body.id}`);
          if (u.body.status === "done") break;
          expect(u.body.status).not.toBe("failed");
          await new Promise((r) => setTimeout(r, 100));
        }
        expect((await client.get<{ incomplete: string[] }>("/api/loads")).body.incomplete).toEqual([]);
        expect(await store.getLoad(killed!.id)).toMatchObject({ status: "complete" });
        expect((await store.stats()).transfers).toBe(uninterrupted.stats.transfers);
      } finally {
        server.child.kill("SIGKILL");
      }
    });
  });
}
