/**
 * Tampering with the stored audit trail, the way an insider with file access would: editing and deleting rows of the
 * embedded store's SQLite database behind the server's back. The API, the library and the CLI all name the entry.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../server/audit/index.js";
import { DB_FILE } from "../../server/store/embedded/index.js";
import { type ApiClient, startTestServer, type TestServer } from "../api/harness.js";
import { ACC, seedKnownCase } from "../api/seed.fixtures.js";

function cli(dataDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/mulegraph.js", "--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a tampered audit trail", () => {
  let t: TestServer;
  let admin: ApiClient;
  let db: Database.Database;

  beforeAll(async () => {
    t = await startTestServer();
    await seedKnownCase(t.store);
    admin = await t.as("admin");
    const investigator = await t.as("investigator");
    await investigator.get(`/api/search?q=${ACC.D1}`);
    await investigator.get(`/api/entities/${encodeURIComponent(`account:${ACC.D1}`)}`);
    await investigator.get(`/api/entities/${encodeURIComponent(`account:${ACC.D2}`)}`);
    db = new Database(path.join(t.dataDir, DB_FILE));
  });
  afterAll(async () => {
    db.close();
    await t.close();
  });

  it("verifies as intact before anyone touches it, through the API and the CLI", async () => {
    const r = await admin.get<{ ok: boolean; entries: number }>("/api/audit/verify");
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    // Two sign-ins, one search, two entity views.
    expect(r.body.entries).toBe(5);
    const c = cli(t.dataDir, "audit", "verify");
    expect(c.stdout).toMatch(/chain intact/);
    expect(c.status).toBe(0);
  });

  it("names an edited entry as the first broken one", async () => {
    const row = db
      .prepare("SELECT seq, params FROM audit WHERE action = 'entity.view' ORDER BY seq LIMIT 1")
      .get() as {
      seq: number;
      params: string;
    };
    // The insider hides which account was looked at.
    db.prepare("UPDATE audit SET target = ? WHERE seq = ?").run("account:KZ000000000000000000", row.seq);
    const result = await verifyChain(t.store);
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: row.seq, reason: expect.stringMatching(/edited/) },
    });

    const api = await admin.get<{ ok: boolean; firstBroken: { seq: number } }>("/api/audit/verify");
    expect(api.body).toMatchObject({ ok: false, firstBroken: { seq: row.seq } });

    const c = cli(t.dataDir, "audit", "verify");
    expect(c.status).toBe(1);
    expect(c.stdout).toContain(`chain broken at entry ${row.seq}`);
    db.prepare("UPDATE audit SET target = ? WHERE seq = ?").run(`account:${ACC.D1}`, row.seq);
    expect((await verifyChain(t.store)).ok).toBe(true);
  });

  it("names a deleted entry by its sequence number", async () => {
    const { seq } = db
      .prepare("SELECT seq FROM audit WHERE action = 'search' ORDER BY seq LIMIT 1")
      .get() as { seq: number };
    db.prepare("DELETE FROM audit WHERE seq = ?").run(seq);
    const result = await verifyChain(t.store);
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq, reason: expect.stringMatching(/missing/) },
    });
    const c = cli(t.dataDir, "--json", "audit", "verify");
    expect(c.status).toBe(1);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: false, firstBroken: { seq } });
  });
});
