/**
 * A generated case (`mulegraph generate --seed 3 --accounts 300`) uploaded through the API as one job: every export
 * file in one multipart request, and the store ends with the counts the generator's truth.json states.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, startTestServer, type TestServer } from "./harness.js";

interface Truth {
  counts: Record<string, number>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

describe("uploading a generated case", () => {
  const caseDir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-api-case-"));
  let t: TestServer;
  let analyst: ApiClient;
  let truth: Truth;

  beforeAll(async () => {
    const gen = spawnSync(
      process.execPath,
      ["bin/mulegraph.js", "generate", "--out", caseDir, "--seed", "3", "--accounts", "300", "--force"],
      { encoding: "utf8" },
    );
    expect(gen.status, gen.stderr).toBe(0);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
    t = await startTestServer();
    analyst = await t.as("analyst");
  });
  afterAll(async () => {
    await t?.close();
    rmSync(caseDir, { recursive: true, force: true });
  });

  it("completes as one job whose rows and stored counts match truth", async () => {
    const files = filesUnder(path.join(caseDir, "exports"));
    expect(files.length).toBe(truth.counts.files);
    const form = new FormData();
    for (const f of files) form.append("file", new Blob([readFileSync(f)]), path.basename(f));
    const started = await analyst.upload<{ id: string }>("/api/uploads", form);
    expect(started.status, started.text).toBe(202);

    type Job = {
      status: string;
      error?: string;
      summary: { totals: Record<string, number>; files: unknown[] };
    };
    let job: Job | undefined;
    for (let i = 0; i < 1200 && !(job?.status === "done" || job?.status === "failed"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await analyst.get<Job>(`/api/uploads/${started.body.id}`)).body;
    }
    expect(job?.status, job?.error).toBe("done");
    const c = truth.counts;
    expect(job!.summary.files).toHaveLength(c.files!);
    expect(job!.summary.totals).toMatchObject({
      rowsRead: c.registerRows! + c.statementRows! + c.linkageRows! + c.complaints! + c.watchlist!,
      rejected: 0,
    });
    expect(job!.summary.totals.accepted + job!.summary.totals.duplicates).toBe(job!.summary.totals.rowsRead);

    const stats = (await analyst.get<Record<string, number>>("/api/stats")).body;
    expect(stats).toMatchObject({
      accounts: c.accounts,
      transfers: c.transfers,
      withdrawals: c.withdrawals,
      complaints: c.complaints,
      persons: c.persons,
      cards: c.cards,
    });
  });
});
