import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../../ingest/index.js";
import { fixture, kaspiStatement, tempDir } from "./fixtures.js";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `node bin/mulegraph.js …` and return its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["bin/mulegraph.js", ...args], {
      cwd: ROOT,
      env: { ...process.env, MULEGRAPH_DEBUG: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("mulegraph check", () => {
  it("prints the documented JSON per file and writes the same summary beside a rejects CSV", async () => {
    const reportDir = join(dir, "report");
    const kaspi = kaspiStatement(dir);
    const r = await cli([
      "check",
      kaspi,
      fixture("register-broken.csv"),
      "--json",
      "--report-dir",
      reportDir,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as IngestSummary;
    expect(Object.keys(out)).toEqual(["files", "totals"]);
    expect(out.files.map((f) => [f.file, f.kind, f.encoding, f.delimiter])).toEqual([
      [kaspi, "statement", "cp1251", ";"],
      [fixture("register-broken.csv"), "register", "utf8", ";"],
    ]);
    for (const f of out.files) {
      for (const k of ["rowsRead", "accepted", "duplicates", "rejected"] as const)
        expect(typeof f[k]).toBe("number");
      expect(f.rejects.every((x) => typeof x.line === "number" && typeof x.reason === "string")).toBe(true);
    }
    expect(out.files[1]).toMatchObject({ rowsRead: 15, accepted: 4, duplicates: 1, rejected: 10 });
    expect(out.files[0]).toMatchObject({ rowsRead: 4, accepted: 3, rejected: 0, footers: 1 });
    expect(out.files[0]!.footerLines).toEqual([
      { line: 11, text: "Итого обороты;;200 000,00;250 000,00;;;;;;" },
    ]);
    expect(out.totals).toEqual({ rowsRead: 19, accepted: 7, duplicates: 1, rejected: 10, footers: 1 });

    expect(JSON.parse(readFileSync(join(reportDir, "summary.json"), "utf8"))).toEqual(out);
    const rejects = readFileSync(join(reportDir, "rejects.csv"), "utf8")
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(rejects[0]).toBe("file,line,reason");
    expect(rejects).toHaveLength(1 + 10);
    expect(rejects.every((l) => !l.startsWith(`${kaspi},`))).toBe(true);
    expect(rejects[1]).toMatch(/^.*register-broken\.csv,\d+,/);
  });

  it("prints kind, encoding, delimiter, mapping and counts for people, and writes the report under the data directory, not beside the input", async () => {
    const inputs = join(dir, "inputs");
    mkdirSync(inputs);
    const copy = join(inputs, "halyk.csv");
    copyFileSync(fixture("statement-halyk-kz.csv"), copy);
    const dataDir = join(dir, "data");
    const r = await cli(["check", copy, "--data-dir", dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kind        statement (account statement)");
    expect(r.stdout).toContain("encoding    utf8-bom");
    expect(r.stdout).toContain('delimiter   ";"');
    expect(r.stdout).toMatch(/Контрагенттің шоты\s+→ counterpartyAccount/);
    expect(r.stdout).toContain("rows        read 3, accepted 3, duplicates 0, rejected 0");
    expect(readdirSync(inputs)).toEqual(["halyk.csv"]);
    const reports = readdirSync(join(dataDir, "reports"));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^check-.*-halyk\.csv$/);
    expect(existsSync(join(dataDir, "reports", reports[0]!, "summary.json"))).toBe(true);
    expect(existsSync(join(dataDir, "reports", reports[0]!, "rejects.csv"))).toBe(true);
    expect(r.stdout).toContain(`report: ${join(dataDir, "reports", reports[0]!, "summary.json")}`);
  });

  it("prints the confidence of columns recognised by meaning and the totals lines it set aside", async () => {
    const file = join(ROOT, "test", "fixtures", "exports", "kz-forte-statement.tsv");
    const r = await cli(["check", file, "--report-dir", join(dir, "forte")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Сумма списания\s+→ debit \(90%\)/);
    expect(r.stdout).toMatch(/БИК\s+→ counterpartyBank \(70%\)/);
    expect(r.stdout).toContain("rows        read 4, accepted 2, duplicates 0, rejected 1, footers 1");
    expect(r.stdout).toContain("footer      line 6: Обороты за период\t\t7 100,00\t1 700,00");
  });

  it("takes a mapping file", async () => {
    const r = await cli([
      "check",
      fixture("register-custom.csv"),
      "--mapping",
      fixture("register-custom.mapping.json"),
      "--report-dir",
      join(dir, "mapped"),
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as IngestSummary).files[0]).toMatchObject({ kind: "register", accepted: 2 });
  });

  it.each([
    ["a missing file", () => [join(dir, "missing.csv")], /does not exist/],
    [
      "a file without a known header",
      () => [fixture("register-custom.csv")],
      /no header row with known column names/,
    ],
    [
      "a mapping file that is not JSON",
      () => [fixture("register-en.csv"), "--mapping", fixture("register-en.csv")],
      /not valid JSON/,
    ],
  ])("exits 1 with a plain message on %s", async (_what, args, message) => {
    const r = await cli(["check", ...args(), "--report-dir", join(dir, "x")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("exits 2 with usage when no file is named", async () => {
    const r = await cli(["check"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("name at least one file");
  });
});
