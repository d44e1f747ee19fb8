/**
 * Issue 15, "reports out of the input folder": `mulegraph ingest <folder>` run twice, as the README's quick start
 * does with sample/exports. The report goes under the data directory, so the second run reads the same files as
 * the first (not the first run's rejects.csv) and leaves the store unchanged. Real CLI, real embedded store.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandInputPaths } from "../../cli/input-files.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "mulegraph-ingest-twice-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin/mulegraph.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "" },
  });
}

/** Every file under a folder, relative to it. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]).sort();
}

describe("mulegraph ingest <folder>, twice", () => {
  const caseDir = path.join(tmp, "sample");
  const exportsDir = path.join(caseDir, "exports");
  const dataDir = path.join(tmp, "data");
  let before: string[];

  beforeAll(() => {
    const g = cli("generate", "--out", caseDir, "--seed", "11", "--accounts", "200");
    expect(g.status, g.stderr).toBe(0);
    // A rejected row, so that the first run has a rejects.csv to leave somewhere.
    const extra = path.join(exportsDir, "extra-register.csv");
    writeFileSync(
      extra,
      "Референс;Дата операции;Счет отправителя;Счет получателя;Сумма;Валюта\n" +
        "X-1;05.03.2024 10:00:00;KZ86125KZT5004100101;KZ20601A000000112234;100,00;KZT\n",
    );
    before = listing(exportsDir);
  });

  it("succeeds both times, writes its reports under the data directory, and the second run changes nothing", () => {
    const first = cli("ingest", exportsDir, "--json", "--data-dir", dataDir);
    expect(first.status, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as { files: unknown[]; totals: { rejected: number }; store: unknown };
    expect(a.totals.rejected).toBe(1);
    expect(listing(exportsDir)).toEqual(before);

    const second = cli("ingest", exportsDir, "--json", "--data-dir", dataDir);
    expect(second.status, second.stderr).toBe(0);
    const b = JSON.parse(second.stdout) as typeof a;
    expect(b.files).toHaveLength(a.files.length);
    expect(b.store).toEqual(a.store);
    expect(listing(exportsDir)).toEqual(before);

    const reports = readdirSync(path.join(dataDir, "reports"));
    expect(reports).toHaveLength(2);
    for (const r of reports) {
      expect(r).toMatch(/^ingest-/);
      expect(existsSync(path.join(dataDir, "reports", r, "rejects.csv"))).toBe(true);
    }
  });

  it("skips report folders and rejects files that Mulegraph wrote when it expands a folder", () => {
    const dir = path.join(tmp, "mixed");
    mkdirSync(path.join(dir, "register.csv.ingest"), { recursive: true });
    mkdirSync(path.join(dir, "my-report"), { recursive: true });
    writeFileSync(path.join(dir, "register.csv"), "x");
    writeFileSync(path.join(dir, "register.csv.ingest", "rejects.csv"), "\ufefffile,line,reason\r\n");
    writeFileSync(path.join(dir, "my-report", "summary.json"), "{}");
    writeFileSync(path.join(dir, "my-report", "rejects.csv"), "file,line,reason\r\n");
    writeFileSync(path.join(dir, "my-report", "notes.csv"), "x");
    writeFileSync(path.join(dir, "rejects.csv"), "\ufefffile,line,reason\r\na.csv,2,bad\r\n");
    // A bank export that happens to be called rejects.csv is still read.
    mkdirSync(path.join(dir, "bank"));
    writeFileSync(path.join(dir, "bank", "rejects.csv"), "Дата;Сумма\n");
    expect(expandInputPaths([dir])).toEqual([
      path.join(dir, "bank", "rejects.csv"),
      path.join(dir, "register.csv"),
    ]);
    // A file named on the command line is always taken.
    expect(expandInputPaths([path.join(dir, "rejects.csv")])).toEqual([path.join(dir, "rejects.csv")]);
  });
});
