import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseExportArgs } from "../../cli/commands/export.js";
import { UsageError } from "../../cli/context.js";
import { main } from "../../cli/main.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { ACC, CASE_NO, evidenceRecords } from "./records.fixtures.js";
import { flipByteIn } from "./zip-tamper.js";

let dir: string;
let dataDir: string;

/** Run the CLI in-process; returns the exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c) => ((err += String(c)), true));
  try {
    const code = await main([...argv, "--data-dir", dataDir]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-evidence-cli-"));
  dataDir = path.join(dir, "data");
  const store = await openEmbeddedStore({ dataDir });
  await store.writeBatch(evidenceRecords());
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mulegraph export arguments", () => {
  it.each([
    [
      ["--trace", "C1", "--format", "package", "--out", "x.zip"],
      { selection: { trace: "C1" }, format: "package" },
    ],
    [["--cluster=c-3", "--format=gexf", "--out=g.gexf"], { selection: { cluster: "c-3" }, format: "gexf" }],
    [
      ["--accounts", "KZ1", "KZ2,KZ3", "--format", "csv", "--out", "dir"],
      { selection: { accounts: ["KZ1", "KZ2", "KZ3"] }, format: "csv" },
    ],
  ])("parses %j", (args, expected) => {
    expect(parseExportArgs(args)).toMatchObject(expected);
  });

  it.each([
    [["--format", "package", "--out", "x.zip"]],
    [["--trace", "C1", "--cluster", "c", "--format", "json", "--out", "x"]],
    [["--trace", "C1", "--format", "xlsx", "--out", "x"]],
    [["--trace", "C1", "--format", "json"]],
    [["--accounts", "--format", "json", "--out", "x"]],
  ])("rejects %j as a usage error", (args) => {
    expect(() => parseExportArgs(args)).toThrow(UsageError);
  });
});

describe("mulegraph export and verify", () => {
  it("exports a trace package that verify accepts, and names the file after one byte changes", async () => {
    const zip = path.join(dir, "case.zip");
    const exported = await cli(
      "export",
      "--trace",
      CASE_NO,
      "--format",
      "package",
      "--out",
      zip,
      "--actor",
      "p1",
    );
    expect(exported.code, exported.err).toBe(0);
    expect(existsSync(zip)).toBe(true);

    const ok = await cli("verify", zip);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toContain("OK");

    const bad = path.join(dir, "bad.zip");
    writeFileSync(bad, await flipByteIn(readFileSync(zip), "nodes.csv"));
    const failed = await cli("verify", bad);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/altered\s+nodes\.csv/);

    const json = await cli("verify", "--json", bad);
    expect(JSON.parse(json.out).problems).toEqual([
      expect.objectContaining({ path: "nodes.csv", kind: "altered" }),
    ]);
  });

  it("writes nodes.csv and edges.csv into the --out folder for --format csv", async () => {
    const folder = path.join(dir, "csv");
    const r = await cli("export", "--accounts", ACC.VICTIM, ACC.DROP, "--format", "csv", "--out", folder);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(path.join(folder, "edges.csv"), "utf8")).toContain(ACC.DROP);
    expect(existsSync(path.join(folder, "nodes.csv"))).toBe(true);
  });

  it("exits 1 with a message for an unknown case, and for a file that is not a package", async () => {
    const r = await cli("export", "--trace", "0000", "--format", "json", "--out", path.join(dir, "x.json"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("0000");
    const notZip = path.join(dir, "not.zip");
    writeFileSync(notZip, "hello");
    expect((await cli("verify", notZip)).code).toBe(1);
  });
});
