import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFiles, type IngestSummary } from "../../ingest/index.js";
import type { CanonicalRecord } from "../../model/records.js";
import { collector, fixture, kaspiStatement, ofKind, tempDir } from "./fixtures.js";
import { rmSync } from "node:fs";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ingestOne(path: string): Promise<{ summary: IngestSummary; records: CanonicalRecord[] }> {
  const c = collector();
  const summary = await ingestFiles([path], { onBatch: c.onBatch });
  return { summary, records: c.records };
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

describe("account statement in Windows-1251 with semicolons, decimal commas and a preamble", () => {
  let path: string;
  let summary: IngestSummary;
  let records: CanonicalRecord[];
  beforeAll(async () => {
    path = kaspiStatement(dir);
    ({ summary, records } = await ingestOne(path));
  });

  it("detects kind, encoding, delimiter and the header row below the preamble", () => {
    const f = summary.files[0]!;
    expect(f).toMatchObject({ kind: "statement", encoding: "cp1251", delimiter: ";", headerLine: 7 });
    expect(f.mapping["Дебет"]).toBe("debit");
    expect(f.mapping["Счет контрагента"]).toBe("counterpartyAccount");
  });

  it("turns debits into outgoing and credits into incoming transfers of the preamble's account", () => {
    const t = ofKind(records, "transfer");
    expect(t.map((x) => [x.txId, x.from, x.to, x.amount])).toEqual([
      ["KSP-0001", "KZ35826C000000990011", "KZ18722S000012345678", 250000],
      ["TX-777001", "KZ18722S000012345678", "KZ47601A000000112233", 150000],
      ["KSP-0003", "KZ18722S000012345678", "KZ94998B000000778899", 50000],
    ]);
    expect(t[1]!.purpose).toBe('Перевод на "безопасный счет"');
    expect(t[1]!.knp).toBe("119");
    expect(t.every((x) => x.currency === "KZT" && x.amountKzt === x.amount && x.rateSource === "kzt")).toBe(
      true,
    );
  });

  it("reads local times in Asia/Almaty on both sides of the 2024-03-01 change", () => {
    const t = ofKind(records, "transfer");
    expect(new Date(t[0]!.ts).toISOString()).toBe("2024-02-10T03:15:00.000Z"); // UTC+6
    expect(new Date(t[1]!.ts).toISOString()).toBe("2024-02-29T17:30:00.000Z"); // repeated hour, first pass
    expect(new Date(t[2]!.ts).toISOString()).toBe("2024-02-29T19:00:00.000Z"); // UTC+5
  });

  it("names the holder from the preamble and the counterparties from their IIN/BIN and name", () => {
    const own = ofKind(records, "account").find((a) => a.key === "KZ18722S000012345678")!;
    expect(own).toMatchObject({
      holderId: "900517312343",
      holderName: "Иванов Иван Иванович",
      accountKind: "personal",
    });
    expect(own.currency).toBe("KZT");
    expect(ofKind(records, "company")).toContainEqual(
      expect.objectContaining({ bin: "150340045674", name: 'ТОО "Ромашка"', companyKind: "legal_entity" }),
    );
    // "ИП …" with an IIN: the person, the proprietorship (same 12 digits) and CONTROLS.
    expect(ofKind(records, "company")).toContainEqual(
      expect.objectContaining({ bin: "780707320207", companyKind: "sole_proprietor" }),
    );
    expect(ofKind(records, "person")).toContainEqual(
      expect.objectContaining({ iin: "780707320207", name: "Сейткали" }),
    );
    expect(ofKind(records, "control")).toContainEqual(
      expect.objectContaining({ iin: "780707320207", bin: "780707320207" }),
    );
    expect(ofKind(records, "ownership")).toContainEqual(
      expect.objectContaining({
        ownerId: "780707320207",
        ownerType: "company",
        account: "KZ94998B000000778899",
      }),
    );
    expect(ofKind(records, "account").find((a) => a.key === "KZ94998B000000778899")?.accountKind).toBe(
      "business",
    );
  });

  it("gives every record the file's SHA-256 and the line of its row", () => {
    const hash = sha256(path);
    expect(summary.files[0]!.sha256).toBe(hash);
    const lines = readFileSync(path, "latin1").split("\r\n");
    for (const t of ofKind(records, "transfer")) {
      expect(t.sources).toEqual([{ file: hash, line: expect.any(Number) }]);
      expect(lines[t.sources[0]!.line - 1]).toContain(t.txId);
    }
  });

  it("counts the closing 'Итого' line as a footer, not as a transaction or a rejected row", () => {
    expect(summary.files[0]!.rejects).toEqual([]);
    expect(summary.files[0]).toMatchObject({
      rowsRead: 4,
      accepted: 3,
      duplicates: 0,
      rejected: 0,
      footers: 1,
    });
    expect(summary.files[0]!.footerLines).toEqual([
      { line: 11, text: expect.stringMatching(/^Итого обороты;/) },
    ]);
  });

  it("ends with one source-file record naming the file by hash, name, size, kind and rows", () => {
    const last = records[records.length - 1]!;
    expect(last).toEqual({
      kind: "sourceFile",
      sha256: sha256(path),
      name: basename(path),
      bytes: readFileSync(path).length,
      exportKind: "statement",
      rowsRead: 4,
    });
    expect(ofKind(records, "sourceFile")).toHaveLength(1);
  });
});

describe("account statement in UTF-8 with BOM and Kazakh headers", () => {
  let summary: IngestSummary;
  let records: CanonicalRecord[];
  beforeAll(async () => {
    ({ summary, records } = await ingestOne(fixture("statement-halyk-kz.csv")));
  });

  it("detects the BOM, the Kazakh headers and the account from the Kazakh preamble", () => {
    expect(summary.files[0]).toMatchObject({
      kind: "statement",
      encoding: "utf8-bom",
      headerLine: 3,
      accepted: 3,
    });
    expect(summary.files[0]!.mapping["Контрагенттің шоты"]).toBe("counterpartyAccount");
    expect(ofKind(records, "account").find((a) => a.key === "KZ47601A000000112233")?.holderId).toBe(
      "851102343215",
    );
  });

  it("turns a debit at an ATM without a counterparty account into a withdrawal", () => {
    expect(ofKind(records, "withdrawal")).toEqual([
      expect.objectContaining({
        txId: "HLK-0003",
        account: "KZ47601A000000112233",
        atmId: "ATM-ALA-0042",
        country: "KZ",
        amount: 10000,
        amountKzt: 10000,
      }),
    ]);
  });

  it("finds the TRON wallet named in a purpose", () => {
    const t = ofKind(records, "transfer").find((x) => x.txId === "HLK-0002")!;
    expect(t.wallets).toEqual([{ address: "TDp9tmfuQhS2SB7Kzhp3FzexghLAZnUqFb", chain: "tron" }]);
  });
});

describe("transfer register with English headers, commas and ISO times", () => {
  let summary: IngestSummary;
  let records: CanonicalRecord[];
  beforeAll(async () => {
    ({ summary, records } = await ingestOne(fixture("register-en.csv")));
  });

  it("detects a comma-delimited register", () => {
    expect(summary.files[0]).toMatchObject({ kind: "register", delimiter: ",", accepted: 3, rejected: 0 });
  });

  it("converts with the row's rate when there is one and with the table otherwise", () => {
    const t = ofKind(records, "transfer");
    expect(t.find((x) => x.txId === "REG-1")).toMatchObject({
      amount: 1000,
      currency: "USD",
      amountKzt: 471500,
      rateSource: "data",
      channel: "internet",
    });
    expect(t.find((x) => x.txId === "REG-3")).toMatchObject({
      amount: 500,
      currency: "EUR",
      rateSource: "table",
    });
  });

  it("keys a foreign account without an IBAN by bank and number and marks foreign accounts", () => {
    const accounts = ofKind(records, "account");
    expect(accounts.find((a) => a.key === "SABRRUMM:40817810099910004312")).toMatchObject({
      number: "40817810099910004312",
      bank: "SABRRUMM",
      accountKind: "foreign",
    });
    expect(accounts.find((a) => a.key === "DE89370400440532013000")?.accountKind).toBe("foreign");
  });

  it("reads a register row with an ATM and no beneficiary as a withdrawal abroad", () => {
    expect(ofKind(records, "withdrawal")).toEqual([
      expect.objectContaining({ txId: "REG-2", atmId: "ATM-IST-7", country: "TR", amount: 200000 }),
    ]);
  });

  it("honours explicit offsets and Z, and Almaty for zone-less times", () => {
    const t = ofKind(records, "transfer");
    expect(new Date(t.find((x) => x.txId === "REG-1")!.ts).toISOString()).toBe("2024-03-02T05:00:00.000Z");
    expect(new Date(t.find((x) => x.txId === "REG-3")!.ts).toISOString()).toBe("2024-03-02T12:00:00.000Z");
    expect(new Date(ofKind(records, "withdrawal")[0]!.ts).toISOString()).toBe("2024-03-02T06:00:00.000Z");
  });

  it("finds an Ethereum wallet in the payment details", () => {
    expect(ofKind(records, "transfer").find((x) => x.txId === "REG-3")?.wallets).toEqual([
      { address: "0x52908400098527886e0f7030069857d2e4169ee7", chain: "ethereum" },
    ]);
  });
});

describe("card-linkage / app-session log with Russian headers", () => {
  let summary: IngestSummary;
  let records: CanonicalRecord[];
  beforeAll(async () => {
    ({ summary, records } = await ingestOne(fixture("linkage-ru.csv")));
  });

  it("counts a bad phone as rejected and a repeated session as a duplicate", () => {
    expect(summary.files[0]).toMatchObject({
      kind: "linkage",
      rowsRead: 5,
      accepted: 3,
      duplicates: 1,
      rejected: 1,
    });
    expect(summary.files[0]!.rejects).toEqual([
      { line: 5, reason: expect.stringContaining('column "Телефон"') },
    ]);
  });

  it("records who used which phone, device and IP, with normalised identifiers", () => {
    const usage = ofKind(records, "usage");
    expect(usage).toContainEqual(
      expect.objectContaining({
        subjectType: "person",
        subject: "851102343215",
        identifierType: "phone",
        identifier: "+77011234567",
        event: "login",
      }),
    );
    // The same phone and device for two people: the shared identifiers R7 looks for.
    const phoneUsers = new Set(usage.filter((u) => u.identifier === "+77011234567").map((u) => u.subject));
    expect(phoneUsers).toEqual(
      new Set([
        "851102343215",
        "780707320207",
        "KZ47601A000000112233",
        "KZ94998B000000778899",
        "440043******1234",
        "516949******9876",
      ]),
    );
  });

  it("takes the opening time of an account from its account_open event and links cards to accounts", () => {
    const opened = ofKind(records, "account").find((a) => a.openedAt !== undefined)!;
    expect(opened.key).toBe("KZ47601A000000112233");
    expect(new Date(opened.openedAt!).toISOString()).toBe("2024-01-15T06:00:00.000Z");
    expect(ofKind(records, "card")).toContainEqual(
      expect.objectContaining({
        cardId: "440043******1234",
        account: "KZ47601A000000112233",
        holderIin: "851102343215",
      }),
    );
  });
});

describe("complaint register with Kazakh headers", () => {
  let summary: IngestSummary;
  let records: CanonicalRecord[];
  beforeAll(async () => {
    ({ summary, records } = await ingestOne(fixture("complaints-kz.csv")));
  });

  it("reads complaints with registration and incident times", () => {
    expect(summary.files[0]).toMatchObject({ kind: "complaints", accepted: 2, rejected: 1 });
    const c = ofKind(records, "complaint").find((x) => x.caseNo === "245100031000123")!;
    expect(c).toMatchObject({
      victimIin: "900517312343",
      victimAccount: "KZ18722S000012345678",
      loss: 150000,
      lossKzt: 150000,
      currency: "KZT",
      scheme: 'звонок из "банка"',
    });
    expect(new Date(c.registeredAt).toISOString()).toBe("2024-02-29T19:00:00.000Z"); // 01.03.2024 00:00, UTC+5
    expect(new Date(c.incidentAt!).toISOString()).toBe("2024-02-29T17:30:00.000Z");
  });

  it("rejects a victim IIN with a wrong check digit, naming the Kazakh column", () => {
    expect(summary.files[0]!.rejects).toEqual([
      {
        line: 4,
        reason: expect.stringMatching(/column "Жәбірленушінің ЖСН": IIN\/BIN "950314331411" fails/),
      },
    ]);
  });
});

describe("watch-list", () => {
  it("marks exchanges and P2P merchants, counting a repeated entry as a duplicate", async () => {
    const { summary, records } = await ingestOne(fixture("watchlist-en.csv"));
    expect(summary.files[0]).toMatchObject({ kind: "watchlist", accepted: 2, duplicates: 1 });
    expect(ofKind(records, "account").map((a) => [a.key, a.watchlist, a.accountKind])).toEqual([
      ["KZ07601A000000445566", "exchange", "exchange"],
      ["DE89370400440532013000", "p2p", "merchant"],
    ]);
  });
});
