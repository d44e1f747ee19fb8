import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFiles, readMappingFile, UnreadableFileError, MappingError } from "../../ingest/index.js";
import type { Source, TransferRecord } from "../../model/records.js";
import { collector, fixture, kaspiStatement, ofKind, tempDir } from "./fixtures.js";

const dir = tempDir();

/** A small register in `dir`: reference, date, both accounts and amount, then `more` columns (comma-joined). */
function writeRegister(name: string, more: string, rows: string[]): string {
  const p = `${dir}/${name}`;
  const header = ["Reference,Date,Sender account,Beneficiary account,Amount", more].filter(Boolean).join(",");
  writeFileSync(p, [header, ...rows].join("\n") + "\n");
  return p;
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Merge transfer records by txId the way stores do: first record's fields, union of sources. */
function mergeTransfers(
  records: TransferRecord[],
): Map<string, { first: TransferRecord; sources: Source[] }> {
  const out = new Map<string, { first: TransferRecord; sources: Source[] }>();
  for (const r of records) {
    const m = out.get(r.txId);
    if (!m) out.set(r.txId, { first: r, sources: [...r.sources] });
    else
      for (const s of r.sources)
        if (!m.sources.some((x) => x.file === s.file && x.line === s.line)) m.sources.push(s);
  }
  return out;
}

describe("the same transfer in both banks' statements", () => {
  it("becomes one transfer with two sources: the later row is a duplicate that still carries its source", async () => {
    const c = collector();
    const summary = await ingestFiles([kaspiStatement(dir), fixture("statement-halyk-kz.csv")], {
      onBatch: c.onBatch,
    });
    const [kaspi, halyk] = summary.files;
    expect(kaspi).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(halyk).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0 });

    const merged = mergeTransfers(ofKind(c.records, "transfer"));
    const tx = merged.get("TX-777001")!;
    expect(tx.first).toMatchObject({
      from: "KZ18722S000012345678",
      to: "KZ47601A000000112233",
      amount: 150000,
    });
    expect(tx.sources).toEqual([
      { file: kaspi!.sha256, line: 9 },
      { file: halyk!.sha256, line: 4 },
    ]);
    expect([...merged.values()].filter((m) => m.sources.length > 1)).toHaveLength(1);
  });

  it("dedupes only within one ingestFiles call", async () => {
    const a = await ingestFiles([fixture("statement-halyk-kz.csv")]);
    const b = await ingestFiles([fixture("statement-halyk-kz.csv")]);
    expect(a.totals.duplicates).toBe(0);
    expect(b.totals.duplicates).toBe(0);
  });
});

describe("a register with deliberately broken rows", () => {
  it("reports each broken row with its line and a reason naming the column, and lets every good row through", async () => {
    const c = collector();
    const summary = await ingestFiles([fixture("register-broken.csv")], { onBatch: c.onBatch });
    const f = summary.files[0]!;
    expect(f.rejects.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 9, 14, 15, 17, 18]);
    const reason = (line: number) => f.rejects.find((r) => r.line === line)!.reason;
    expect(reason(3)).toMatch(
      /^column "Счет отправителя": IBAN "KZ57722S000087654322" fails its check digits/,
    );
    expect(reason(4)).toMatch(/^column "Дата и время": date "31\.02\.2024 10:00:00": day 31 does not exist/);
    expect(reason(5)).toMatch(/^column "Сумма": amount "12,5,0" is not a number/);
    expect(reason(6)).toMatch(/^column "Счет получателя": is empty/);
    expect(reason(7)).toMatch(/^column "Валюта": currency "XYZ" is not an ISO 4217 code/);
    expect(reason(9)).toMatch(/^column "Счет отправителя": account "12345" is not an IBAN and no bank/);
    expect(reason(14)).toMatch(/^column "Сумма": amount -4500 must be above zero/);
    expect(reason(15)).toMatch(/row has 11 values but the header has 9 columns/);
    expect(reason(17)).toMatch(
      /^column "Референс": reference "B-1" was already used .* for a different transfer/,
    );
    expect(reason(18)).toMatch(/never closed/);

    const lines = readFileSync(fixture("register-broken.csv"), "utf8").split("\n");
    const good = ofKind(c.records, "transfer");
    expect(good.map((t) => [t.txId, t.sources[0]!.line])).toEqual([
      ["B-1", 2],
      ["B-1", 8],
      ["B-9", 11],
      ["B-10", 13],
      ["B-13", 16],
    ]);
    for (const t of good) expect(lines[t.sources[0]!.line - 1]!.startsWith(`${t.txId};`)).toBe(true);
    expect(good.find((t) => t.txId === "B-9")!.purpose).toBe("a purpose\non two lines");
    expect(f).toMatchObject({ rowsRead: 15, accepted: 4, duplicates: 1, rejected: 10 });
  });

  it("adds up: every row read is accepted, a duplicate or rejected, in every file and in the totals", async () => {
    const summary = await ingestFiles([
      kaspiStatement(dir),
      fixture("statement-halyk-kz.csv"),
      fixture("register-en.csv"),
      fixture("register-broken.csv"),
      fixture("linkage-ru.csv"),
      fixture("complaints-kz.csv"),
      fixture("watchlist-en.csv"),
    ]);
    for (const f of summary.files) {
      expect(f.accepted + f.duplicates + f.rejected + f.footers).toBe(f.rowsRead);
      expect(f.rejects).toHaveLength(f.rejected);
    }
    const sum = (k: "rowsRead" | "accepted" | "duplicates" | "rejected" | "footers") =>
      summary.files.reduce((s, f) => s + f[k], 0);
    expect(summary.totals).toEqual({
      rowsRead: sum("rowsRead"),
      accepted: sum("accepted"),
      duplicates: sum("duplicates"),
      rejected: sum("rejected"),
      footers: sum("footers"),
    });
    expect(summary.totals.footers).toBe(1); // the Kaspi statement's "Итого обороты"
    expect(summary.totals.rowsRead).toBe(
      summary.totals.accepted + summary.totals.duplicates + summary.totals.rejected + summary.totals.footers,
    );
  });
});

describe("explicit column mapping", () => {
  it("reads a file whose headers no synonym knows once a mapping names its columns", async () => {
    await expect(ingestFiles([fixture("register-custom.csv")])).rejects.toThrow(UnreadableFileError);
    const mapping = await readMappingFile(fixture("register-custom.mapping.json"));
    const c = collector();
    const summary = await ingestFiles([fixture("register-custom.csv")], { mapping, onBatch: c.onBatch });
    expect(summary.files[0]).toMatchObject({ kind: "register", accepted: 2, rejected: 0 });
    expect(summary.files[0]!.mapping).toEqual(mapping.columns);
    expect(ofKind(c.records, "transfer").map((t) => [t.txId, t.from, t.to, t.amount])).toEqual([
      ["M-1", "KZ57722S000087654321", "KZ47601A000000112233", 1500],
      ["M-2", "KZ57722S000087654321", "KZ94998B000000778899", 2500],
    ]);
  });

  it("overrides detection: a column mapped to '-' is not read, and a forced encoding is used", async () => {
    const c = collector();
    const summary = await ingestFiles([fixture("register-en.csv")], {
      mapping: { encoding: "utf8", columns: { "Payment details": "-" } },
      onBatch: c.onBatch,
    });
    expect(summary.files[0]!.mapping["Payment details"]).toBeUndefined();
    expect(summary.files[0]!.ignoredColumns).toContain("Payment details");
    expect(
      ofKind(c.records, "transfer").every((t) => t.purpose === undefined && t.wallets === undefined),
    ).toBe(true);
  });

  it("reads each file with its own mapping from `mappings`, the others by detection, in one run", async () => {
    const custom = fixture("register-custom.csv");
    const mapping = await readMappingFile(fixture("register-custom.mapping.json"));
    const c = collector();
    const summary = await ingestFiles([fixture("register-en.csv"), custom], {
      mappings: { [custom]: mapping },
      onBatch: c.onBatch,
    });
    expect(summary.files.map((f) => [f.kind, f.rejected])).toEqual([
      ["register", 0],
      ["register", 0],
    ]);
    expect(summary.files[1]!.mapping).toEqual(mapping.columns);
    expect(summary.files[0]!.mapping).not.toEqual(mapping.columns);
    expect(ofKind(c.records, "transfer").map((t) => t.txId)).toEqual(expect.arrayContaining(["M-1", "M-2"]));
  });

  it("reads a UTC register in pounds once its mapping gives the zone and a rate, and names the currency without one", async () => {
    const p = writeRegister("uk-register.csv", "Currency", [
      "UK-1,2024-02-01 10:00:00,12345678,87654321,100.00,GBP",
    ]);
    const without = await ingestFiles([p]);
    expect(without.files[0]).toMatchObject({ accepted: 0, rejected: 1 });
    expect(without.files[0]!.rejects[0]!.reason).toContain("GBP");

    const c = collector();
    const summary = await ingestFiles([p], {
      mapping: { zone: "UTC", fx: { GBP: 600 } },
      onBatch: c.onBatch,
    });
    expect(summary.files[0]).toMatchObject({ accepted: 1, rejected: 0 });
    const [t] = ofKind(c.records, "transfer");
    expect(t!.ts).toBe(Date.UTC(2024, 1, 1, 10, 0, 0));
    expect(t!.amountKzt).toBe(60_000);
  });

  it("reads a register with no currency column in the currency its mapping gives, and a currency cell still wins", async () => {
    const p = writeRegister("usd-register.csv", "", ["US-1,2024-02-01 10:00:00,12345678,87654321,100.00"]);
    const plain = collector();
    await ingestFiles([p], { mapping: { zone: "UTC" }, onBatch: plain.onBatch });
    expect(ofKind(plain.records, "transfer").map((t) => t.currency)).toEqual(["KZT"]);

    const c = collector();
    const summary = await ingestFiles([p], {
      mapping: { zone: "UTC", currency: "USD", fx: { USD: 500 } },
      onBatch: c.onBatch,
    });
    expect(summary.files[0]).toMatchObject({ accepted: 1, rejected: 0 });
    const [t] = ofKind(c.records, "transfer");
    expect([t!.amount, t!.currency, t!.amountKzt]).toEqual([100, "USD", 50_000]);

    const q = writeRegister("mixed-register.csv", "Currency", [
      "MX-1,2024-02-01 10:00:00,12345678,87654321,100.00,EUR",
      "MX-2,2024-02-01 11:00:00,12345678,87654321,100.00,",
    ]);
    const m = collector();
    await ingestFiles([q], { mapping: { zone: "UTC", currency: "usd" }, onBatch: m.onBatch });
    expect(ofKind(m.records, "transfer").map((x) => [x.txId, x.currency])).toEqual([
      ["MX-1", "EUR"],
      ["MX-2", "USD"],
    ]);
  });

  it("refuses a mapping whose currency is not a three-letter code, naming it", async () => {
    const p = `${dir}/bad-currency.json`;
    writeFileSync(p, JSON.stringify({ currency: "dollars" }));
    await expect(readMappingFile(p)).rejects.toThrow(/currency: a currency is a three-letter ISO 4217 code/);
    await expect(ingestFiles([fixture("register-en.csv")], { mapping: { currency: "ABC" } })).rejects.toThrow(
      /mapping: currency: "ABC" is not an ISO 4217 code/,
    );
  });

  it("refuses a mapping whose zone or rate is not usable, naming it", async () => {
    const p = `${dir}/bad-zone.json`;
    writeFileSync(p, JSON.stringify({ zone: "Mars/Olympus", fx: { GBP: 0 } }));
    await expect(readMappingFile(p)).rejects.toThrow(/zone[\s\S]*fx|fx[\s\S]*zone/);
  });

  it("refuses a mapping to a field the kind does not have, naming it", async () => {
    await expect(
      ingestFiles([fixture("register-en.csv")], { mapping: { columns: { Amount: "sum" } } }),
    ).rejects.toThrow(MappingError);
  });

  it("refuses a mapping file that is not the documented shape", async () => {
    const p = `${dir}/bad-mapping.json`;
    writeFileSync(p, JSON.stringify({ kind: "ledger", columns: { a: 1 } }));
    await expect(readMappingFile(p)).rejects.toThrow(/kind|columns/);
  });
});
