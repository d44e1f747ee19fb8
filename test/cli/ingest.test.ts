import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as checkRun } from "../../cli/commands/check.js";
import { run as ingestRun } from "../../cli/commands/ingest.js";
import { UsageError, UserFacingError, type CliContext } from "../../cli/context.js";
import { readEnv } from "../../server/config.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { GraphStore } from "../../server/store/types.js";
import { ACC } from "../store/store.fixtures.js";
import { failingStore } from "./ingest-store.fake.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "mulegraph-ingest-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A CliContext that captures output and hands out the given store. */
function context<S = GraphStore>(store: () => Promise<S>, json = false) {
  const lines: string[] = [];
  const emitted: unknown[] = [];
  const ctx: CliContext<S> = {
    json,
    env: readEnv({}),
    store,
    say: (line) => lines.push(line),
    emit: (value) => emitted.push(value),
  };
  return { ctx, lines, emitted };
}

/** A transfer register of `n` rows between the fixture's accounts (valid IBANs), one row per transfer. */
function register(n: number): string {
  const rows = ["Референс;Дата операции;Счет отправителя;Счет получателя;Сумма;Валюта;Назначение платежа"];
  for (let i = 0; i < n; i++) {
    const minute = String(i % 60).padStart(2, "0");
    rows.push(`REF-${i};10.03.2024 10:${minute}:00;${ACC.V};${ACC.D1};${1000 + i},00;KZT;Перевод ${i}`);
  }
  return rows.join("\n") + "\n";
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin/mulegraph.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "" },
  });
}

describe("mulegraph ingest (in process)", () => {
  const file = path.join(tmp, "register.csv");
  beforeAll(() => writeFileSync(file, register(30)));

  it("prints the same files and totals as check, plus the store's counts", async () => {
    const store = await openEmbeddedStore({ dataDir: path.join(tmp, "same-as-check") });
    try {
      const ingest = context(async () => store, true);
      expect(await ingestRun([file, "--report-dir", path.join(tmp, "r1")], ingest.ctx)).toBe(0);
      const check = context(() => Promise.reject(new Error("check must not open a store")), true);
      expect(await checkRun([file, "--report-dir", path.join(tmp, "r2")], check.ctx)).toBe(0);
      const out = ingest.emitted[0] as { files: unknown; totals: unknown; store: Record<string, unknown> };
      const checked = check.emitted[0] as { files: unknown; totals: unknown };
      expect(out.files).toEqual(checked.files);
      expect(out.totals).toEqual(checked.totals);
      expect(out.store).toEqual(await store.stats());
      expect(out.store).toMatchObject({ accounts: 2, transfers: 30, transferSources: 30 });
      expect(readFileSync(path.join(tmp, "r1", "summary.json"), "utf8")).toBe(
        readFileSync(path.join(tmp, "r2", "summary.json"), "utf8"),
      );
    } finally {
      await store.close();
    }
  });

  it("says in words what it stored", async () => {
    const store = await openEmbeddedStore({ dataDir: path.join(tmp, "words") });
    try {
      const { ctx, lines } = context(async () => store);
      expect(await ingestRun([file, "--report-dir", path.join(tmp, "r3")], ctx)).toBe(0);
      expect(lines).toContain("total: read 30, accepted 30, duplicates 0, rejected 0");
      expect(lines).toContain("store (embedded):");
      expect(lines).toContain("  transfers 30 (30 sources), withdrawals 0, complaints 0");
    } finally {
      await store.close();
    }
  });

  it("stops with a clear error that says a re-run is safe when the store fails mid-ingest", async () => {
    const store = failingStore(3);
    const { ctx } = context(async () => store);
    const err = await ingestRun([file, "--batch-size", "5", "--report-dir", path.join(tmp, "r4")], ctx).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserFacingError);
    const message = (err as Error).message;
    expect(message).toContain("neo4j store failed after accepting 2 batches");
    expect(message).toContain("ServiceUnavailable");
    expect(message).toContain("re-run the same command");
    expect(store.batches).toHaveLength(2);
  });

  it("rejects bad usage", async () => {
    const { ctx } = context(() => Promise.reject(new Error("not opened")));
    await expect(ingestRun([], ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(ingestRun([file, "--batch-size", "0"], ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(ingestRun([file, "--batch-size"], ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(ingestRun([file, "--colour"], ctx)).rejects.toBeInstanceOf(UsageError);
  });

  it("names a file it cannot read", async () => {
    const store = await openEmbeddedStore({ dataDir: path.join(tmp, "unreadable") });
    try {
      const { ctx } = context(async () => store);
      const missing = path.join(tmp, "missing.csv");
      await expect(ingestRun([missing], ctx)).rejects.toThrow(/missing\.csv/);
      await expect(ingestRun([missing], ctx)).rejects.toBeInstanceOf(UserFacingError);
      expect((await store.stats()).transfers).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe("mulegraph ingest (the command line)", () => {
  const caseDir = path.join(tmp, "case");
  let files: string[];
  let truth: { counts: Record<string, number> };

  beforeAll(() => {
    const g = cli("generate", "--out", caseDir, "--seed", "7", "--accounts", "300");
    expect(g.status, g.stderr).toBe(0);
    truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as typeof truth;
    files = readdirSync(path.join(caseDir, "exports"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".csv"))
      .map((f) => path.join(caseDir, "exports", f))
      .sort();
  });

  it("stores a generated case with the truth's counts, and a second run changes nothing", () => {
    const dataDir = path.join(tmp, "cli-data");
    const args = [
      "ingest",
      ...files,
      "--json",
      "--data-dir",
      dataDir,
      "--report-dir",
      path.join(tmp, "cli-report"),
    ];
    const first = cli(...args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    const out = JSON.parse(first.stdout) as {
      files: unknown[];
      totals: { rejected: number };
      store: Record<string, number>;
    };
    expect(out.files).toHaveLength(files.length);
    expect(out.totals.rejected).toBe(0);
    for (const k of ["accounts", "transfers", "withdrawals", "complaints", "persons", "companies", "cards"])
      expect([k, out.store[k]]).toEqual([k, truth.counts[k]]);
    const second = cli(...args);
    expect(second.status, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as { store: unknown }).store).toEqual(out.store);
  });

  it("exits 2 with usage for no files and 1 for an unreadable one", () => {
    const none = cli("ingest", "--data-dir", path.join(tmp, "cli-none"));
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("name at least one file");
    const bad = path.join(tmp, "binary.csv");
    writeFileSync(bad, Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7]));
    const unreadable = cli("ingest", bad, "--data-dir", path.join(tmp, "cli-bad"));
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toContain("binary.csv");
  });
});
