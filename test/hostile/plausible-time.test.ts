/**
 * Hostile probe: rows with implausible dates (issue 22, item 3), through the real CLI. Rows dated 2099-12-31 and
 * 1900-01-01 are rejected with the reason, the report shows each file's time range, and the window is configurable
 * by environment (MULEGRAPH_TIME_NOT_BEFORE / _NOT_AFTER) and by option (--not-before / --not-after).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../../ingest/index.js";
import { tempDir } from "../ingest/fixtures.js";
import { cli, encode, HEADER, IVANOV, row } from "./hostile.fixtures.js";

const dir = tempDir("mulegraph-hostile-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, "dates.csv");
writeFileSync(
  file,
  encode(
    [
      HEADER,
      row("T-1", "07.03.2024 10:00:00", IVANOV, "1 000,00"),
      row("T-2", "31.12.2099 10:00:00", IVANOV, "2 000,00"),
      row("T-3", "01.01.1900 10:00:00", IVANOV, "3 000,00"),
      row("T-4", "08.03.2024 10:00:00", IVANOV, "4 000,00"),
    ],
    "utf8",
  ),
);

async function check(args: string[] = [], env: Record<string, string> = {}) {
  const r = await cli(["check", file, "--json", "--report-dir", join(dir, "report"), ...args], env);
  return { ...r, file: r.code === 0 ? (JSON.parse(r.stdout) as IngestSummary).files[0]! : undefined };
}

describe("plausible time", () => {
  it("rejects the rows dated 2099-12-31 and 1900-01-01 with the reason, and reports the file's time range", async () => {
    const { code, file: f } = await check();
    expect(code).toBe(0);
    expect(f).toMatchObject({ accepted: 2, rejected: 2 });
    expect(f!.rejects).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(
          /^column "Дата и время": date "31\.12\.2099 10:00:00" is after .* the latest plausible time \(the ingest time plus one day\)/,
        ),
      },
      {
        line: 4,
        reason: expect.stringMatching(
          /^column "Дата и время": date "01\.01\.1900 10:00:00" is before 1990-01-01, the earliest plausible date/,
        ),
      },
    ]);
    // Almaty has been UTC+5 since 2024-03-01.
    expect(f!.timeRange).toEqual({ first: "2024-03-07T05:00:00.000Z", last: "2024-03-08T05:00:00.000Z" });
  });

  it("prints the time range in the human report", async () => {
    const r = await cli(["check", file, "--report-dir", join(dir, "report")]);
    expect(r.stdout).toContain("time range  2024-03-07 05:00:00 … 2024-03-08 05:00:00 UTC");
  });

  it("takes the window from the environment", async () => {
    const { file: f } = await check([], { MULEGRAPH_TIME_NOT_BEFORE: "1899-01-01" });
    expect(f).toMatchObject({ accepted: 3, rejected: 1 });
    expect(Date.parse(f!.timeRange!.first)).toBeLessThan(Date.parse("1900-01-02T00:00:00Z"));
  });

  it("lets --not-before and --not-after beat the environment", async () => {
    const { file: f } = await check(["--not-after", "2024-03-07 23:59:59", "--not-before", "1899-01-01"], {
      MULEGRAPH_TIME_NOT_BEFORE: "2000-01-01",
    });
    expect(f).toMatchObject({ accepted: 2, rejected: 2 });
    expect(f!.rejects.map((r) => r.line)).toEqual([3, 5]);
    expect(f!.rejects[1]!.reason).toMatch(/MULEGRAPH_TIME_NOT_AFTER or --not-after/);
  });

  it("refuses a window setting that is not a date, naming it", async () => {
    const flag = await check(["--not-before", "soon"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--not-before: "soon" is not a date/);
    const env = await check([], { MULEGRAPH_TIME_NOT_AFTER: "31.13.2024" });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/MULEGRAPH_TIME_NOT_AFTER/);
  });
});
