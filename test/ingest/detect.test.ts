import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectFile, IncompleteHeaderError, ingestFiles, UnreadableFileError } from "../../ingest/index.js";
import { isValidUtf8 } from "../../ingest/encoding.js";
import { readPreamble, splitLine } from "../../ingest/sniff.js";
import { fixture, kaspiStatement, tempDir, writeCp1251 } from "./fixtures.js";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REGISTER_HEADER = [
  "Референс",
  "Дата операции",
  "Счет отправителя",
  "Счет получателя",
  "Сумма",
  "Валюта",
];
const REGISTER_ROW = [
  "R-1",
  "05.03.2024 10:00:00",
  "KZ57722S000087654321",
  "KZ47601A000000112233",
  "1 500,00",
  "KZT",
];

function write(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("format detection", () => {
  it.each([
    [";", "semicolon"],
    [",", "comma"],
    ["\t", "tab"],
    ["|", "pipe"],
  ])("finds the %j delimiter (%s)", async (d) => {
    const row = REGISTER_ROW.map((c) => (c.includes(d) || c.includes(",") ? `"${c}"` : c));
    const p = write(`delim-${d.charCodeAt(0)}.csv`, `${REGISTER_HEADER.join(d)}\n${row.join(d)}\n`);
    const found = await detectFile(p);
    expect(found).toMatchObject({ kind: "register", delimiter: d, headerLine: 1, encoding: "utf8" });
    expect(found.preview).toEqual([REGISTER_HEADER, REGISTER_ROW]);
  });

  it("tells Windows-1251 from UTF-8 and UTF-8 with BOM", async () => {
    const text = `${REGISTER_HEADER.join(";")}\n${REGISTER_ROW.join(";")}\n`;
    expect((await detectFile(writeCp1251(join(dir, "w.csv"), text))).encoding).toBe("cp1251");
    expect((await detectFile(write("u.csv", text))).encoding).toBe("utf8");
    expect((await detectFile(write("b.csv", "\ufeff" + text))).encoding).toBe("utf8-bom");
  });

  it("still reads UTF-8 when the file is a head cut in the middle of a character (as uploads send it)", async () => {
    const text = Buffer.from(`${REGISTER_HEADER.join(";")}\n${REGISTER_ROW.join(";")};Перевод`, "utf8");
    const found = await detectFile(write("head.csv", text.subarray(0, text.length - 1)));
    expect(found.encoding).toBe("utf8");
  });

  it("skips preamble lines and reads the statement's account and holder from them", async () => {
    const found = await detectFile(kaspiStatement(dir));
    expect(found).toMatchObject({ kind: "statement", headerLine: 7, encoding: "cp1251" });
    expect(found.preview[0]![0]).toBe("Дата операции");
    expect(
      readPreamble([
        "Выписка по счету KZ86 125K ZT50 0410 0100 за период",
        'Владелец счета: ТОО "Ромашка", БИН 150340045674',
        "БИК: CASPKZKA;;;",
        "Валюта счета: USD",
      ]),
    ).toEqual({
      account: "KZ86125KZT5004100100",
      holderName: 'ТОО "Ромашка"',
      holderId: "150340045674",
      bank: "CASPKZKA",
      currency: "USD",
    });
  });

  it("splits a header line with quoted delimiters", () => {
    expect(splitLine('"Сумма; KZT";"Дата ""операции""";Счет', ";")).toEqual([
      "Сумма; KZT",
      'Дата "операции"',
      "Счет",
    ]);
  });

  it("accepts UTF-8 cut in the middle of a character at the end of the 64 KiB sample, and nothing else", () => {
    const b = Buffer.from("абв", "utf8");
    expect(isValidUtf8(b.subarray(0, 5), true)).toBe(true);
    expect(isValidUtf8(b.subarray(0, 5), false)).toBe(false);
    expect(isValidUtf8(Buffer.from([0xc0, 0xaf]), true)).toBe(false);
  });

  it("reads a Windows-1251 register as Cyrillic text", async () => {
    const p = writeCp1251(join(dir, "cp.csv"), `${REGISTER_HEADER.join(";")}\n${REGISTER_ROW.join(";")}\n`);
    const s = await ingestFiles([p]);
    expect(s.files[0]).toMatchObject({ encoding: "cp1251", accepted: 1 });
    expect(Object.keys(s.files[0]!.mapping)).toEqual(REGISTER_HEADER);
  });
});

describe("unreadable input", () => {
  const cases: [string, () => string, RegExp][] = [
    ["a missing file", () => join(dir, "nope.csv"), /does not exist/],
    [
      "a folder",
      () => {
        mkdirSync(join(dir, "folder.csv"), { recursive: true });
        return join(dir, "folder.csv");
      },
      /is a folder/,
    ],
    ["an empty file", () => write("empty.csv", ""), /empty/],
    [
      "an Excel workbook",
      () => write("book.xlsx", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4])),
      /Excel/,
    ],
    ["UTF-16 text", () => write("u16.csv", Buffer.from("\ufeffДата;Сумма", "utf16le")), /UTF-16/],
    ["binary data", () => write("bin.csv", Buffer.from([1, 2, 0, 4, 5, 6])), /not a text file/],
    ["a text without a known header", () => write("prose.csv", "Привет;мир\nещё;строка\n"), /no header row/],
    [
      "a header that lacks a required column",
      () => write("noamount.csv", "Дата операции;Счет отправителя;Счет получателя\n01.03.2024;a;b\n"),
      /transfer register but has no column for: amount/,
    ],
  ];

  it.each(cases)("explains %s in plain words", async (_what, make, message) => {
    const p = make();
    const err = await ingestFiles([p]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as Error).message).toMatch(message);
  });

  it("stops before emitting anything when any file of the call is unreadable", async () => {
    let batches = 0;
    await expect(
      ingestFiles([fixture("register-en.csv"), join(dir, "missing.csv")], {
        onBatch: async () => {
          batches++;
        },
      }),
    ).rejects.toThrow(UnreadableFileError);
    expect(batches).toBe(0);
  });
});

describe("statement preambles", () => {
  it.each<[string, string[], Record<string, unknown>]>([
    [
      "a Russian title block",
      [
        'АО "Kaspi Bank", БИК CASPKZKA',
        "Выписка по счету KZ86125KZT5004100100 за период с 01.03.2024 по 31.03.2024",
        'Клиент: ТОО "Альфа Трейд", БИН 140340001006',
        "Валюта счета: KZT",
      ],
      {
        account: "KZ86125KZT5004100100",
        bank: "CASPKZKA",
        holderName: 'ТОО "Альфа Трейд"',
        holderId: "140340001006",
        currency: "KZT",
        period: { from: "01.03.2024", to: "31.03.2024" },
      },
    ],
    [
      "a plain account number, the IIN on its own line, a period with a dash",
      ["Номер счета: 40817810104560012345", "ИИН клиента: 880215300000", "Период: 01.03.2024 - 31.03.2024"],
      {
        account: "40817810104560012345",
        holderId: "880215300000",
        period: { from: "01.03.2024", to: "31.03.2024" },
      },
    ],
    [
      "an English block with a sort code",
      [
        "Account name: Delta Ltd",
        "Sort code: 20-00-00",
        "Account number: 12345678",
        "Period: 2024-03-01 to 2024-03-31",
      ],
      {
        holderName: "Delta Ltd",
        bank: "200000",
        account: "12345678",
        period: { from: "2024-03-01", to: "2024-03-31" },
      },
    ],
    [
      "a Kazakh block",
      ["Шот иесі: Ахметов Ержан, ЖСН 851102343215", "Кезең: 01.03.2024 - 31.03.2024"],
      {
        holderName: "Ахметов Ержан",
        holderId: "851102343215",
        period: { from: "01.03.2024", to: "31.03.2024" },
      },
    ],
  ])("reads %s", (_what, lines, facts) => {
    expect(readPreamble(lines)).toEqual(facts);
  });

  it("takes a plain preamble account as the statement's own account and reports what the preamble said", async () => {
    const p = write(
      "plain-preamble.csv",
      [
        "Номер счета: 40817810104560012345",
        "Период: 01.03.2024 - 31.03.2024",
        "Дата операции;Дебет;Кредит;Контрагент;Счет контрагента",
        "05.03.2024 10:00:00;1 000,00;;ТОО Гамма;KZ08826C000000990012",
        "Итого;1 000,00;;;",
      ].join("\n") + "\n",
    );
    const records: { kind: string; from?: string }[] = [];
    const summary = await ingestFiles([p], {
      onBatch: async (r) => {
        records.push(...(r as { kind: string; from?: string }[]));
      },
    });
    expect(summary.files[0]).toMatchObject({ accepted: 1, rejected: 0, footers: 1 });
    expect(summary.files[0]!.preamble).toEqual({
      account: "40817810104560012345",
      period: { from: "01.03.2024", to: "31.03.2024" },
    });
    expect(records.find((r) => r.kind === "transfer")?.from).toBe("no-bank:40817810104560012345");
  });
});

describe("detection of a header that needs a mapping", () => {
  it("returns each column's guess with the missing and competing fields when asked, and throws otherwise", async () => {
    const p = write(
      "needs-mapping.csv",
      "Started Date;Created Date;Sender account;Beneficiary account;Сумма;Доп. поле 7\n" +
        "2024-03-01 10:00:00;2024-03-01 10:00:00;KZ86125KZT5004100100;KZ20601A000000112234;10,00;x\n",
    );
    await expect(detectFile(p)).rejects.toBeInstanceOf(IncompleteHeaderError);
    await expect(detectFile(p)).rejects.toThrow(/"Started Date" and "Created Date" could each be ts/);
    const d = await detectFile(p, undefined, { incomplete: true });
    expect(d.kind).toBe("register");
    expect(d.ambiguous).toEqual([{ field: "ts", columns: ["Started Date", "Created Date"] }]);
    expect(d.columns.map((c) => c.field)).toEqual(["ts", null, "fromAccount", "toAccount", "amount", null]);
    expect(d.columns[1]!.candidates[0]).toEqual({ field: "ts", confidence: 0.9 });

    const q = write(
      "needs-account.csv",
      "Date;Beneficiary account;Amount\n2024-03-01;KZ20601A000000112234;1\n",
    );
    const e = await detectFile(q, undefined, { incomplete: true });
    expect(e.missing).toEqual(["fromAccount"]);
  });

  it("still throws for a file with no header row at all", async () => {
    const p = write("no-header.csv", "a;b;c\n1;2;3\n");
    await expect(detectFile(p, undefined, { incomplete: true })).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(detectFile(p, undefined, { incomplete: true })).rejects.not.toBeInstanceOf(
      IncompleteHeaderError,
    );
  });
});
