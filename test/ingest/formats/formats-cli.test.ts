import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { run as checkRun } from "../../../cli/commands/check.js";
import type { CliContext } from "../../../cli/context.js";
import { ingestFiles, type IngestSummary } from "../../../ingest/index.js";
import type { FormatFileReport } from "../../../ingest/formats/index.js";
import type { TransferRecord } from "../../../model/records.js";
import { readEnv } from "../../../server/config.js";
import { collector } from "../fixtures.js";
import { exportFixture, FORMAT_FIXTURES } from "./formats.fixtures.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "mulegraph-formats-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "bin/mulegraph.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "", MULEGRAPH_DEBUG: "" },
  });
}

/** `check --json` of one file, in process (the command's own run function). */
async function check(file: string): Promise<IngestSummary> {
  const emitted: unknown[] = [];
  const ctx: CliContext = {
    json: true,
    env: readEnv({}),
    store: () => Promise.reject(new Error("check must not open a store")),
    say: () => undefined,
    emit: (v) => emitted.push(v),
  };
  const reportDir = path.join(tmp, "check-" + path.basename(file));
  expect(await checkRun([file, "--report-dir", reportDir], ctx)).toBe(0);
  return emitted[0] as IngestSummary;
}

describe("check --json on bank files that are not CSV", () => {
  for (const want of FORMAT_FIXTURES) {
    it(`reads ${want.file} without a mapping file and gives its expected counts and entry positions`, async () => {
      const out = await check(exportFixture(want.file));
      const f = out.files[0] as FormatFileReport;
      expect(f).toMatchObject({
        kind: want.kind,
        format: want.format,
        formatVariant: want.variant,
        encoding: want.encoding,
        rowsRead: want.rowsRead,
        accepted: want.accepted,
        duplicates: want.duplicates,
        rejected: want.rejected,
        footers: want.footers,
      });
      expect(f.rejects.map((r) => r.line)).toEqual(want.rejectLines);
      expect(f.lineMeans).toBe(
        want.format === "xlsx" ? "sheet row" : want.format === "1c" ? "line" : "entry",
      );
      // Structured formats name their fields: every mapped column is certain.
      if (want.format !== "xlsx")
        expect(f.columns.every((c) => c.field !== null && c.confidence === 1)).toBe(true);
    });
  }
});

describe("ingest of bank files that are not CSV", () => {
  it("gives every transfer the file's SHA-256 and the row, document line or entry position it came from", async () => {
    for (const want of FORMAT_FIXTURES) {
      const file = exportFixture(want.file);
      const c = collector();
      const summary = await ingestFiles([file], { onBatch: c.onBatch });
      const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
      expect(summary.files[0]!.sha256, want.file).toBe(sha);
      const transfers = c.records.filter((r): r is TransferRecord => r.kind === "transfer");
      expect(
        transfers.map((t) => t.sources[0]!.line),
        want.file,
      ).toEqual(want.transferLines);
      expect(transfers.every((t) => t.sources[0]!.file === sha)).toBe(true);
      const sourceFile = c.records.find((r) => r.kind === "sourceFile");
      expect(sourceFile, want.file).toMatchObject({
        sha256: sha,
        exportKind: want.kind,
        rowsRead: want.rowsRead,
      });
    }
  });

  it.each([
    [
      "the Excel statement's serial-number date and formula amount",
      "xlsx-kz-statement.xlsx",
      "HB25040100081",
      // 2025-04-01 15:40 in Almaty (UTC+5), a credit of the formula's cached 1 175 000 into the preamble's account.
      {
        from: "KZ39914B000111222333",
        to: "KZ86125KZT5004100100",
        ts: Date.UTC(2025, 3, 1, 10, 40),
        amount: 1175000,
      },
    ],
    [
      "a Kazakh 1C document with its КНП and the payer's document number",
      "1c-kz-statement.txt",
      "1c:KZ18722S000012345678:04.03.2025:119",
      {
        from: "KZ18722S000012345678",
        to: "KZ72826K000987654321",
        amount: 480000.5,
        currency: "KZT",
        knp: "119",
      },
    ],
    [
      "a Russian 1C document keyed by БИК, in roubles from the account number",
      "1c-ru-statement.cp1251.txt",
      "1c:40702810938000012345:11.02.2025:58",
      {
        from: "044525225:40702810938000012345",
        to: "044525974:40817810099910004312",
        amount: 62400,
        currency: "RUB",
      },
    ],
    [
      "one salary of a camt.053 batch",
      "camt053-de-batch.xml",
      "TX17C",
      { from: "DE89370400440532013000", to: "AT611904300234573201", amount: 1500, currency: "EUR" },
    ],
    [
      "an MT940 reversal of a debit (RD), which is a credit",
      "mt940-de-structured.sta",
      "025030500012",
      { from: "DE44500105175407324931", to: "37040044:0532013000", amount: 1500, currency: "EUR" },
    ],
    [
      "an MT940 line whose counterparty is an IBAN in the :86: free text",
      "mt940-kz-halyk.txt",
      "HB25040700031",
      { from: "KZ72826K000987654321", to: "KZ86125KZT5004100100", amount: 320000, currency: "KZT" },
    ],
  ])("maps %s to the transfer it describes", async (_what, name, txId, want) => {
    const c = collector();
    await ingestFiles([exportFixture(name)], { onBatch: c.onBatch });
    const t = c.records.find((r): r is TransferRecord => r.kind === "transfer" && r.txId === txId);
    expect(t).toMatchObject(want);
  });

  it("stores every format through the CLI, and a second run changes nothing", () => {
    // A folder of all the fixtures: folder expansion must take .xlsx, .xml, .sta and .940 files too.
    const folder = path.join(tmp, "exports");
    mkdirSync(folder);
    for (const f of FORMAT_FIXTURES) copyFileSync(exportFixture(f.file), path.join(folder, f.file));
    const dataDir = path.join(tmp, "data");
    const first = cli(
      "ingest",
      folder,
      "--data-dir",
      dataDir,
      "--json",
      "--report-dir",
      path.join(tmp, "i1"),
    );
    expect(first.status, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as IngestSummary & {
      store: { transfers: number; transferSources: number };
    };
    expect(a.files.map((f) => path.basename(f.file)).sort()).toEqual(
      FORMAT_FIXTURES.map((f) => f.file).sort(),
    );
    expect(a.totals.rowsRead).toBe(FORMAT_FIXTURES.reduce((n, f) => n + f.rowsRead, 0));
    // Ingested together, the Excel statement's first row is the camt.053 statement's first entry (same bank
    // reference, accounts and amount): one transfer with two sources.
    const xlsx = a.files.find((f) => f.file.endsWith("xlsx-kz-statement.xlsx"))!;
    const camt = a.files.find((f) => f.file.endsWith("camt053-v08-kz.xml"))!;
    expect(xlsx.duplicates + camt.duplicates).toBe(1 + 1);
    expect(a.store.transfers).toBe(a.totals.accepted);

    const second = cli(
      "ingest",
      folder,
      "--data-dir",
      dataDir,
      "--json",
      "--report-dir",
      path.join(tmp, "i2"),
    );
    expect(second.status, second.stderr).toBe(0);
    const b = JSON.parse(second.stdout) as typeof a;
    expect(b.store).toEqual(a.store);
    expect(b.totals.accepted).toBe(a.totals.accepted);
  });

  it("refuses a workbook without a known header and names the sheets it looked at", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Notes").addRow(["Quarterly figures"]);
    wb.addWorksheet("Data").addRow(["Colour", "Weight"]);
    const file = path.join(tmp, "no-header.xlsx");
    await wb.xlsx.writeFile(file);
    const r = cli("check", file, "--json", "--report-dir", path.join(tmp, "c0"));
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/ingest\/xlsx: .*no sheet \("Notes", "Data"\) has a header row/);
  });
});
