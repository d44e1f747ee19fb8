/**
 * The corpus of real export shapes (test/fixtures/exports, README.md there names each one's public source): every
 * CSV, TSV and text file is checked as `mulegraph check` checks it, and must give the kind, the field of every
 * column, and the accepted / rejected / footer counts in expected.json, or be refused with the expected reason.
 * A few go through the command line itself (`check --json`) to hold the CLI to the same numbers.
 */
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFiles, UnreadableFileError, type IngestSummary } from "../../ingest/index.js";
import { tempDir } from "./fixtures.js";

const ROOT = join(import.meta.dirname, "..", "..");
const EXPORTS = join(ROOT, "test", "fixtures", "exports");

interface Expected {
  file: string;
  kind?: string;
  headerLine?: number;
  encoding?: string;
  delimiter?: string;
  columns?: (string | null)[];
  accepted?: number;
  rejected?: number;
  footers?: number;
  error?: string;
}

const expected = (JSON.parse(readFileSync(join(EXPORTS, "expected.json"), "utf8")) as { files: Expected[] })
  .files;
const accepted = expected.filter((e) => e.error === undefined);
const refused = expected.filter((e) => e.error !== undefined);
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the corpus of real export shapes", () => {
  it("has at least 30 CSV-family header sets, each with its source in the README", () => {
    expect(expected.length).toBeGreaterThanOrEqual(30);
    const readme = readFileSync(join(EXPORTS, "README.md"), "utf8");
    const undocumented = expected.filter((e) => !readme.includes(`\`${e.file}\``)).map((e) => e.file);
    expect(undocumented).toEqual([]);
  });

  it.each(accepted.map((e) => [e.file, e] as const))(
    "reads %s with the expected kind, column fields and counts",
    async (_name, e) => {
      const summary = await ingestFiles([join(EXPORTS, e.file)]);
      const f = summary.files[0]!;
      expect({
        kind: f.kind,
        headerLine: f.headerLine,
        columns: f.columns.map((c) => c.field),
        accepted: f.accepted,
        rejected: f.rejected,
        footers: f.footers,
      }).toEqual({
        kind: e.kind,
        headerLine: e.headerLine,
        columns: e.columns,
        accepted: e.accepted,
        rejected: e.rejected,
        footers: e.footers,
      });
      if (e.encoding) expect(f.encoding).toBe(e.encoding);
      if (e.delimiter) expect(f.delimiter).toBe(e.delimiter);
      // Counts add up, and every reject names its line and column or problem.
      expect(f.accepted + f.duplicates + f.rejected + f.footers).toBe(f.rowsRead);
      expect(f.rejects.every((r) => r.line > f.headerLine! && r.reason.length > 0)).toBe(true);
      expect(f.rejects.some((r) => /summary line/.test(r.reason))).toBe(false);
      // Confidence is 0..1 and a column's chosen field is its best candidate or a consistent second choice.
      for (const c of f.columns) {
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(c.candidates.length).toBeLessThanOrEqual(3);
        if (c.field !== null && c.confidence < 1) expect(c.candidates.map((x) => x.field)).toContain(c.field);
      }
    },
  );

  it.each(refused.map((e) => [e.file, e] as const))(
    "refuses %s and says what is missing instead of guessing",
    async (_name, e) => {
      const err = await ingestFiles([join(EXPORTS, e.file)]).then(
        () => null,
        (x: unknown) => x,
      );
      expect(err).toBeInstanceOf(UnreadableFileError);
      expect((err as Error).message).toContain(e.error);
      expect((err as Error).message).toContain("--mapping");
    },
  );
});

describe("mulegraph check --json over corpus files", () => {
  const picks = [
    "kz-kaspi-business-statement.csv",
    "ibm-amlworld-transactions.csv",
    "kz-bcc-register-cp1251.csv",
  ];

  it("prints the same counts and column fields as expected.json", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "bin/mulegraph.js",
        "check",
        ...picks.map((p) => join(EXPORTS, p)),
        "--json",
        "--report-dir",
        join(dir, "report"),
      ],
      { cwd: ROOT, env: { ...process.env, MULEGRAPH_DEBUG: "" } },
    );
    const out = JSON.parse(stdout) as IngestSummary;
    expect(
      out.files.map((f) => ({
        kind: f.kind,
        columns: f.columns.map((c) => c.field),
        accepted: f.accepted,
        rejected: f.rejected,
        footers: f.footers,
      })),
    ).toEqual(
      picks.map((p) => {
        const e = expected.find((x) => x.file === p)!;
        return {
          kind: e.kind,
          columns: e.columns,
          accepted: e.accepted,
          rejected: e.rejected,
          footers: e.footers,
        };
      }),
    );
    // The footers' own lines are in the report, so a reader sees what was set aside.
    expect(out.files[0]!.footerLines!.map((l) => l.text.split(";")[0])).toEqual([
      "Итого обороты",
      "Исходящий остаток",
    ]);
  });
});
