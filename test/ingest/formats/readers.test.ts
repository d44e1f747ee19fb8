/**
 * The format readers on their own: detection by content, and what each reader makes of the details its format
 * documents (MT940 dates across a year end and reversal marks, the three `:86:` layouts; camt batches and version
 * 08 party wrappers; 1C currencies, encodings and broken sections; Excel dates, times and formula results).
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UnreadableFileError } from "../../../ingest/errors.js";
import { detectFormat, readCamt, readMt940, readOneC, readXlsx } from "../../../ingest/formats/index.js";
import { readDetails } from "../../../ingest/formats/mt940.js";
import { cellText, serialToWallTime } from "../../../ingest/formats/xlsx.js";
import { exportFixture, FORMAT_FIXTURES } from "./formats.fixtures.js";

const utf8 = (s: string) => Buffer.from(s, "utf8");

/** Cell of a reader's row by canonical field. */
function cell(t: { fields: (string | undefined)[] }, cells: string[], field: string): string {
  return cells[t.fields.indexOf(field)] ?? "";
}

describe("format detection", () => {
  for (const f of FORMAT_FIXTURES) {
    it(`takes ${f.file} for ${f.format} by its content`, () => {
      expect(detectFormat(readFileSync(exportFixture(f.file)))).toBe(f.format);
    });
  }

  it.each([
    ["a CSV export", "Дата операции;Сумма\n01.03.2025;100,00\n"],
    [
      "XML of another ISO 20022 message",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
    ],
    ["text that only mentions a :20: tag", "see field :20: of the message\n"],
    ["a CSV whose first cell is 1CClientBankExchange-like", "Клиент;Сумма\n1CClientBank;5\n"],
  ])("leaves %s to the CSV pipeline", (_what, text) => {
    expect(detectFormat(utf8(text))).toBeNull();
  });

  it("leaves a ZIP archive without workbook parts to the CSV pipeline (which explains it)", () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), utf8("....docs/readme.txt....")]);
    expect(detectFormat(zip)).toBeNull();
  });

  it("takes a 1C file with a byte-order mark, a camt.052 report and an MT940 inside SWIFT blocks", () => {
    expect(detectFormat(utf8("\ufeff1CClientBankExchange\r\nВерсияФормата=1.03\r\n"))).toBe("1c");
    expect(
      detectFormat(
        utf8('<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">'),
      ),
    ).toBe("camt");
    expect(
      detectFormat(utf8("{1:F01BANKBEBBAXXX0000000000}{4:\r\n:20:X\r\n:25:BE68539007547034\r\n:28C:1\r\n")),
    ).toBe("mt940");
  });
});

/** An MT940 message with the given statement lines (each `:61:` optionally followed by its `:86:`). */
function mt940(...lines: string[]): Buffer {
  return utf8(
    [
      ":20:T1",
      ":25:DE89370400440532013000",
      ":28C:1/1",
      ":60F:C241230EUR100,00",
      ...lines,
      ":62F:C250102EUR0,00",
    ].join("\r\n") + "\r\n",
  );
}

describe("MT940 statement lines", () => {
  it.each([
    ["241231", "0102", "2025-01-02"],
    ["250102", "1231", "2024-12-31"],
    ["250315", "0314", "2025-03-14"],
    ["250315", "", "2025-03-15"],
    ["991231", "", "1999-12-31"],
  ])("books value date %s with entry date %s on %s", (value, entry, want) => {
    const t = readMt940(mt940(`:61:${value}${entry}D5,00NTRFNONREF`));
    expect(cell(t, t.rows[0]!.cells, "ts")).toBe(want);
  });

  it.each([
    ["D", "debit"],
    ["C", "credit"],
    ["RC", "debit"],
    ["RD", "credit"],
  ])("puts a %s mark on the %s side (a reversal of a credit is a debit)", (mark, side) => {
    const t = readMt940(mt940(`:61:2503030303${mark}10,5NTRFNONREF`));
    expect(cell(t, t.rows[0]!.cells, side)).toBe("10.50");
    expect(cell(t, t.rows[0]!.cells, side === "debit" ? "credit" : "debit")).toBe("");
  });

  it("writes every MT940 amount (decimal comma, 0 to 2 decimals) as the same amount with a decimal point", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999_999 }),
        fc.integer({ min: 0, max: 2 }),
        (cents, decimals) => {
          const units = Math.floor(cents / 100);
          const frac = String(cents % 100).padStart(2, "0");
          const printed =
            decimals === 2 ? `${units},${frac}` : decimals === 1 ? `${units},${frac[0]}` : `${units},`;
          const t = readMt940(mt940(`:61:250303C${printed}NTRFNONREF`));
          const want = decimals === 2 ? cents / 100 : decimals === 1 ? Number(`${units}.${frac[0]}`) : units;
          expect(Number(cell(t, t.rows[0]!.cells, "credit"))).toBe(want);
        },
      ),
    );
  });

  it("takes the bank reference after // as the transfer's reference, else the owner's unless it is NONREF", () => {
    const t = readMt940(
      mt940(":61:250303C1,00NTRFINV-7//BANK-1", ":61:250303C1,00NTRFINV-8", ":61:250303C1,00NTRFNONREF"),
    );
    expect(t.rows.map((r) => cell(t, r.cells, "txId"))).toEqual(["BANK-1", "INV-8", ""]);
  });

  it("rejects a statement line that does not follow the :61: layout by its position and reads the others", () => {
    const t = readMt940(
      mt940(":61:250303C1,00NTRFNONREF", ":61:2503X3C1,00NTRF", ":61:250304D2,00NTRFNONREF"),
    );
    expect(t.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(t.skipped).toEqual([
      { line: 2, reason: expect.stringMatching(/":61:2503X3C1,00NTRF" does not follow/) },
    ]);
  });

  it("takes the account and the bank from :25: written as BIC/account or IBAN with its currency", () => {
    const a = readMt940(utf8(":20:A\r\n:25:COBADEFF/0532013000\r\n:61:250303C1,00NTRFNONREF\r\n"));
    expect(a.preamble).toMatchObject({ account: "0532013000", bank: "COBADEFF" });
    const b = readMt940(utf8(":20:B\r\n:25:NL44RABO0123456789 EUR\r\n:61:250303C1,00NTRFNONREF\r\n"));
    expect(b.preamble.account).toBe("NL44RABO0123456789");
  });
});

describe("MT940 :86: details", () => {
  it.each([
    [
      "German GVC sub-fields, split over lines",
      "166?00GUTSCHRIFT?20EREF+E1?21SVWZ+Rechnung 17?30RABONL2U?31NL44R\nABO0123456789?32Muster?33 B.V.",
      {
        name: "Muster B.V.",
        account: "NL44RABO0123456789",
        bic: "RABONL2U",
        purpose: "EREF+E1 SVWZ+Rechnung 17",
      },
    ],
    [
      "GVC with another separator character",
      "051@00SEPA@20Miete@31DE89370400440532013000@32Haus KG",
      { name: "Haus KG", account: "DE89370400440532013000", purpose: "Miete" },
    ],
    [
      "SWIFT codes with the counterparty's name and IBAN",
      "/EREF/NOTPROVIDED/BENM//NAME/J. de Vries/IBAN/NL20INGB0001234567/BIC/INGBNL2A/REMI/USTD//Huur/",
      { name: "J. de Vries", account: "NL20INGB0001234567", bic: "INGBNL2A", purpose: "Huur" },
    ],
    [
      "a Rabobank /CNTP/ block",
      "/CNTP/FR7630006000011234567890189/BNPAFRPP/Dupont SARL/PARIS/REMI/USTD//Facture 45/",
      { name: "Dupont SARL", account: "FR7630006000011234567890189", bic: "BNPAFRPP", purpose: "Facture 45" },
    ],
    [
      "free text with an IBAN printed in groups",
      "Betaling aan Jansen, rekening NL20 INGB 0001 2345 67, factuur 12",
      {
        name: "",
        account: "NL20INGB0001234567",
        purpose: "Betaling aan Jansen, rekening NL20 INGB 0001 2345 67, factuur 12",
      },
    ],
    [
      "free text whose IBAN-like word fails its check digits",
      "Transfer to NL21INGB0001234567",
      { account: "" },
    ],
  ])("reads %s", (_what, text, want) => {
    expect(readDetails(text)).toMatchObject(want);
  });
});

/** A camt.053.001.08 statement around the given entries. */
function camt(entries: string, acct = "<IBAN>DE89370400440532013000</IBAN>"): Buffer {
  return utf8(
    `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">` +
      `<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Id>S</Id><Acct><Id>${acct}</Id><Ccy>EUR</Ccy>` +
      `<Svcr><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></Svcr></Acct>${entries}</Stmt></BkToCstmrStmt></Document>`,
  );
}

describe("camt statements", () => {
  it("makes a batch booked as one entry into one row per transaction, each with its own amount and direction", () => {
    const tx = (amt: string, ind: string, name: string, iban: string) =>
      `<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">${amt}</Amt><CdtDbtInd>${ind}</CdtDbtInd>` +
      `<RltdPties><Cdtr><Pty><Nm>${name}</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>${iban}</IBAN></Id></CdtrAcct>` +
      `<Dbtr><Pty><Nm>Self</Nm></Pty></Dbtr></RltdPties></TxDtls>`;
    const t = readCamt(
      camt(
        `<Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
          `<BookgDt><DtTm>2025-03-03T10:00:00+01:00</DtTm></BookgDt><AcctSvcrRef>E1</AcctSvcrRef><NtryDtls>` +
          tx("10.00", "DBIT", "A", "DE44500105175407324931") +
          tx("20.00", "DBIT", "B", "DE65100700000123456789") +
          `</NtryDtls></Ntry>`,
      ),
      "batch.xml",
    );
    expect(t.rows.map((r) => r.line)).toEqual([1, 1]);
    expect(t.rows.map((r) => [cell(t, r.cells, "debit"), cell(t, r.cells, "counterpartyName")])).toEqual([
      ["10.00", "A"],
      ["20.00", "B"],
    ]);
    // No bank reference per transaction: the entry's, with the position in the batch.
    expect(t.rows.map((r) => cell(t, r.cells, "txId"))).toEqual(["E1/1", "E1/2"]);
    expect(cell(t, t.rows[0]!.cells, "ts")).toBe("2025-03-03T10:00:00+01:00");
  });

  it("reads a message whose elements carry a namespace prefix", () => {
    const prefixed = camt(
      `<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-03-03</Dt></BookgDt>` +
        `<NtryDtls><TxDtls><RltdPties><DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></DbtrAcct>` +
        `</RltdPties></TxDtls></NtryDtls></Ntry>`,
    )
      .toString("utf8")
      .replace(/<(\/?)(?!\?)/g, "<$1c:")
      .replace('xmlns="', 'xmlns:c="');
    const t = readCamt(utf8(prefixed), "prefixed.xml");
    expect(t.rows).toHaveLength(1);
    expect(cell(t, t.rows[0]!.cells, "counterpartyAccount")).toBe("DE44500105175407324931");
    expect(cell(t, t.rows[0]!.cells, "account")).toBe("DE89370400440532013000");
  });

  it("takes the statement account's holder and a 12-digit holder id (IIN/BIN) from Acct/Ownr", () => {
    const t = readCamt(readFileSync(exportFixture("camt053-v08-kz.xml")), "kz.xml");
    expect(t.preamble).toMatchObject({ holderName: "ТОО «Алтын Дала»", holderId: "100540123455" });
    const de = readCamt(readFileSync(exportFixture("camt053-de-batch.xml")), "de.xml");
    expect(de.preamble).toMatchObject({ holderName: "Nordlicht Handel GmbH" });
    expect(de.preamble.holderId).toBeUndefined();
  });

  it("never expands entities a DOCTYPE declares (a billion-laughs message stays a few bytes)", () => {
    const ents = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i < 10; i++) ents.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const xml = camt(
      `<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-01-01</Dt></BookgDt>` +
        `<AddtlNtryInf>&l9;</AddtlNtryInf></Ntry>`,
    )
      .toString("utf8")
      .replace("?>", `?><!DOCTYPE Document [${ents.join("")}]>`);
    const t = readCamt(utf8(xml), "lol.xml");
    expect(cell(t, t.rows[0]!.cells, "purpose").length).toBeLessThan(10);
  });

  it("keys an account given as Othr/Id by its servicer's BIC", () => {
    const t = readCamt(camt("", "<Othr><Id>0532013000</Id></Othr>"), "othr.xml");
    expect(t.preamble).toEqual({ account: "0532013000", bank: "COBADEFFXXX", currency: "EUR" });
  });

  it.each([
    ["XML that is not well formed", "<Document><BkToCstmrStmt>", /not well-formed XML/],
    [
      "a camt namespace without a statement",
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><Other/></Document>',
      /declares camt\.053\.001\.02 but has no Document\/BkToCstmrStmt/,
    ],
  ])("refuses %s", (_what, xml, message) => {
    const read = () => readCamt(utf8(xml), "bad.xml");
    expect(read).toThrow(UnreadableFileError);
    expect(read).toThrow(message);
  });
});

/** A 1C file of the given lines (CRLF). */
const oneC = (...lines: string[]) =>
  ["1CClientBankExchange", "ВерсияФормата=1.03", ...lines, "КонецФайла"].join("\r\n");

describe("1C ClientBankExchange", () => {
  const doc = (account: string, extra: string[] = []) => [
    "СекцияДокумент=Платежное поручение",
    "Номер=5",
    "Дата=03.03.2025",
    "Сумма=100.00",
    `ПлательщикСчет=${account}`,
    "ПлательщикБИК=044525225",
    "ПолучательСчет=40702810400000098765",
    "ПолучательБИК=044525974",
    ...extra,
    "КонецДокумента",
  ];

  it.each([
    ["40702810938000012345", "RUB"],
    ["40702840938000012345", "USD"],
    ["40702978938000012345", "EUR"],
  ])("takes the currency of account %s from its digits 6–8: %s", (account, currency) => {
    const t = readOneC(utf8(oneC(`РасчСчет=${account}`, ...doc(account))));
    expect(cell(t, t.rows[0]!.cells, "currency")).toBe(currency);
  });

  it("keys a document by payer account, date and number, so two payers' number 5 stay apart", () => {
    const t = readOneC(utf8(oneC(...doc("40702810938000012345"), ...doc("40702810600000054321"))));
    expect(t.rows.map((r) => cell(t, r.cells, "txId"))).toEqual([
      "1c:40702810938000012345:03.03.2025:5",
      "1c:40702810600000054321:03.03.2025:5",
    ]);
  });

  it("reads a Kazakh file's ИНН key as the holder's IIN/BIN but leaves a Russian ИНН unread", () => {
    const kz = readOneC(utf8(oneC(...doc("KZ18722S000012345678", ["ПлательщикИНН=100540123455"]))));
    expect(kz.mapping["ПлательщикИНН"]).toBe("fromId");
    const ru = readOneC(utf8(oneC(...doc("40702810938000012345", ["ПлательщикИНН=7701234567"]))));
    expect(ru.mapping["ПлательщикИНН"]).toBeUndefined();
    expect(ru.ignored).toContain("ПлательщикИНН");
  });

  it("decodes Windows-1251 and, when the file says Кодировка=DOS, cp866", () => {
    const text = oneC("Кодировка=DOS", ...doc("40702810938000012345", ["НазначениеПлатежа=Оплата счета"]));
    const dos = readOneC(iconv.encode(text, "cp866"));
    expect(dos.encoding).toBe("cp866");
    expect(cell(dos, dos.rows[0]!.cells, "purpose")).toBe("Оплата счета");
    const win = readOneC(iconv.encode(text.replace("DOS", "Windows"), "win1251"));
    expect(win.encoding).toBe("cp1251");
    expect(cell(win, win.rows[0]!.cells, "purpose")).toBe("Оплата счета");
  });

  it("rejects a document cut by the next one or never closed, naming the line it starts on", () => {
    const cut = doc("40702810938000012345").slice(0, -1);
    const t = readOneC(utf8(oneC(...cut, ...doc("40702810600000054321"), ...cut)));
    expect(t.rows.map((r) => r.line)).toEqual([3 + cut.length]);
    expect(t.skipped).toEqual([
      {
        line: 3,
        reason: expect.stringContaining(`before the next one starts on line ${3 + cut.length}:`),
      },
      { line: 3 + cut.length + cut.length + 1, reason: expect.stringMatching(/never closed .*cut off/) },
    ]);
  });
});

describe("Excel cells", () => {
  it.each([
    ["a string", "Перевод", "Перевод"],
    ["a number", 1250.5, "1250.5"],
    ["an empty cell", null, ""],
    ["a formula's cached result", { formula: "2500*470", result: 1175000 }, "1175000"],
    ["a formula never computed", { formula: "A1*2" }, ""],
    ["a formula whose result is an error", { formula: "1/0", result: { error: "#DIV/0!" } }, ""],
    ["rich text", { richText: [{ text: "ТОО " }, { text: "«Сапа»" }] }, "ТОО «Сапа»"],
    ["a hyperlink", { text: "KZ86125KZT5004100100", hyperlink: "https://bank.kz" }, "KZ86125KZT5004100100"],
    ["an error value", { error: "#N/A" }, ""],
    ["a date and time", new Date(Date.UTC(2025, 3, 1, 15, 40, 0)), "2025-04-01 15:40:00"],
    ["a date at midnight", new Date(Date.UTC(2025, 3, 1)), "2025-04-01"],
    ["a time of day alone", new Date(Date.UTC(1899, 11, 30, 9, 5, 7)), "09:05:07"],
  ] as const)("reads %s", (_what, value, want) => {
    expect(cellText(value as never)).toBe(want);
  });

  it("turns every serial day number of 1950–2100 into the wall time it stands for, to the second", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }),
        (sec) => {
          const d = new Date(sec * 1000);
          const serial = (sec * 1000 - Date.UTC(1899, 11, 30)) / 86_400_000;
          const p = (n: number) => String(n).padStart(2, "0");
          const day = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
          const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
          expect(serialToWallTime(serial)).toBe(time === "00:00:00" ? day : `${day} ${time}`);
        },
      ),
    );
  });

  it("reads a merged range's value once, in its first cell, as Excel shows it", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Register");
    ws.addRow([
      "Референс",
      "Дата операции",
      "Счет отправителя",
      "Счет получателя",
      "Сумма",
      "Назначение платежа",
      "Валюта",
    ]);
    ws.addRow([
      "R1",
      "01.04.2025 10:00",
      "KZ18722S000012345678",
      "KZ04601A001234567890",
      100,
      "Перевод",
      null,
    ]);
    ws.mergeCells("F2:G2");
    const t = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "merged.xlsx");
    expect(cell(t, t.rows[0]!.cells, "purpose")).toBe("Перевод");
    expect(cell(t, t.rows[0]!.cells, "currency")).toBe("");
  });

  it("refuses a sheet that goes past Excel's last row, which no Excel wrote", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Register");
    ws.addRow(["Референс", "Дата операции", "Счет отправителя", "Счет получателя", "Сумма"]);
    ws.getRow(1_048_577).values = ["R1", "01.04.2025", "KZ18722S000012345678", "KZ04601A001234567890", 1];
    const read = readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), "tall.xlsx");
    await expect(read).rejects.toThrow(UnreadableFileError);
    await expect(read).rejects.toThrow(/goes past row 1048576/);
  });

  it("counts serial days from 1904-01-01 in a workbook of the 1904 date system", () => {
    expect(serialToWallTime(0, true)).toBe("1904-01-01");
    expect(serialToWallTime(44286.5, true)).toBe(serialToWallTime(44286.5 + 1462));
  });
});
