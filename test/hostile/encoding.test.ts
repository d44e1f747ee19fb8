/**
 * Hostile probe: a file whose rows are not all in one encoding (issue 22, item 2), through the real CLI. The file's
 * encoding is the one most of it is written in; each row in another encoding is rejected with its line and reason,
 * wherever it sits in the file, and files written in one encoding lose no row to the check.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../../ingest/index.js";
import { tempDir } from "../ingest/fixtures.js";
import { cli, encode, HEADER, IVANOV, mixedRegister, PETROV, row } from "./hostile.fixtures.js";

const dir = tempDir("mulegraph-hostile-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(name: string, bytes: Buffer): Promise<IngestSummary["files"][number]> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const r = await cli(["check", file, "--json", "--report-dir", join(dir, `${name}.report`)]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as IngestSummary).files[0]!;
}

const LINES = [
  HEADER,
  row("E-1", "05.03.2024 10:00:00", IVANOV),
  row("E-2", "05.03.2024 11:00:00", PETROV),
  row("E-3", "05.03.2024 12:00:00", IVANOV, "20 000,00"),
];

describe("a file with rows in two encodings", () => {
  it("reads a UTF-8 file with one Windows-1251 row as UTF-8 and rejects that row with its line and reason", async () => {
    const f = await check("utf8-one-1251.csv", mixedRegister(LINES, 3, "utf8", "win1251"));
    expect(f).toMatchObject({ encoding: "utf8", rowsRead: 3, accepted: 2, rejected: 1 });
    expect(f.rejects).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(/^column "Отправитель": this row has bytes that are not UTF-8/),
      },
    ]);
  });

  it("rejects a Windows-1251 row that comes after the first 64 KiB, where detection never looked", async () => {
    const filler = Array.from({ length: 900 }, (_, i) =>
      row(`F-${i}`, "04.03.2024 09:00:00", IVANOV, `${i + 1},00`),
    );
    const lines = [...LINES.slice(0, 2), ...filler, LINES[2]!];
    const bytes = mixedRegister(lines, lines.length, "utf8", "win1251");
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const f = await check("late-1251.csv", bytes);
    expect(f).toMatchObject({ encoding: "utf8", accepted: 901, rejected: 1 });
    expect(f.rejects.map((r) => r.line)).toEqual([lines.length]);
  });

  it("reads a Windows-1251 file with one UTF-8 row as Windows-1251 and rejects the UTF-8 row", async () => {
    const lines = [...LINES, row("E-4", "05.03.2024 13:00:00", PETROV, "1 000,00")];
    const f = await check("1251-one-utf8.csv", mixedRegister(lines, 2, "win1251", "utf8"));
    expect(f).toMatchObject({ encoding: "cp1251", accepted: 3, rejected: 1 });
    expect(f.rejects).toEqual([
      { line: 2, reason: expect.stringMatching(/this row is written in UTF-8 but the file is Windows-1251/) },
    ]);
  });

  it("names the rejected line and its reason in the human report too", async () => {
    const file = join(dir, "human.csv");
    writeFileSync(file, mixedRegister(LINES, 4, "utf8", "win1251"));
    const r = await cli(["check", file, "--report-dir", join(dir, "human.report")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/line 4: column "Отправитель": this row has bytes that are not UTF-8/);
  });
});

describe("a file in one encoding", () => {
  // Windows-1251 text that a careless check would take for UTF-8 read as Windows-1251: a guillemet after a capital
  // ("«ТОР»"), "Её", Kazakh letters outside Windows-1251 are absent by nature.
  const tricky = { iin: PETROV.iin, name: "ТОО «ТОР» Её Ёлкин" };

  it("loses no row of a Windows-1251 file whose names end in capitals, guillemets and Ё", async () => {
    const lines = [
      HEADER,
      row("C-1", "05.03.2024 10:00:00", tricky),
      row("C-2", "05.03.2024 11:00:00", PETROV),
    ];
    const f = await check("clean-1251.csv", encode(lines, "win1251"));
    expect(f).toMatchObject({ encoding: "cp1251", accepted: 2, rejected: 0 });
  });

  it("loses no row of a UTF-8 file", async () => {
    const lines = [...LINES, row("U-4", "05.03.2024 13:00:00", tricky)];
    const f = await check("clean-utf8.csv", encode(lines, "utf8"));
    expect(f).toMatchObject({ encoding: "utf8", accepted: 4, rejected: 0 });
  });
});
