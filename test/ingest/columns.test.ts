import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExportKind } from "../../model/records.js";
import { detectKind, fieldForHeader, matchHeader, normaliseHeader } from "../../ingest/columns.js";

/** Every (kind, field, header) in the header tables of docs/FORMATS.md. */
function formatsHeaders(): { kind: ExportKind; field: string; header: string }[] {
  const text = readFileSync(join(import.meta.dirname, "..", "..", "docs", "FORMATS.md"), "utf8");
  const out: { kind: ExportKind; field: string; header: string }[] = [];
  let kind: ExportKind | null = null;
  for (const line of text.split("\n")) {
    const h = /^### `(\w+)`/.exec(line);
    if (h) kind = h[1] as ExportKind;
    if (line.startsWith("## ") && !line.startsWith("## Canonical")) kind = null;
    if (!kind || !line.startsWith("| ") || line.startsWith("| field") || line.startsWith("|---")) continue;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    const field = cells[0]!;
    for (const cell of cells.slice(1)) {
      // "Category (`exchange`, `p2p`, `card2crypto`)" names the header "Category" and its values.
      const names = cell.replace(/\(`[^)]*\)/g, "").split(",");
      for (const n of names.map((x) => x.trim()).filter(Boolean)) out.push({ kind, field, header: n });
    }
  }
  return out;
}

describe("header synonyms", () => {
  const headers = formatsHeaders();

  it("reads the header tables of docs/FORMATS.md (all five kinds)", () => {
    expect(new Set(headers.map((h) => h.kind))).toEqual(
      new Set(["register", "statement", "linkage", "complaints", "watchlist"]),
    );
    expect(headers.length).toBeGreaterThan(200);
  });

  it("recognises every header listed in docs/FORMATS.md as its field", () => {
    const wrong = headers.filter((h) => fieldForHeader(h.kind, h.header) !== h.field);
    expect(wrong).toEqual([]);
  });

  it("matches regardless of case, spacing, ё, a trailing colon and a unit in parentheses", () => {
    expect(fieldForHeader("register", "  СЧЁТ   отправителя: ")).toBe("fromAccount");
    expect(fieldForHeader("register", "ИИН / БИН отправителя")).toBe("fromId");
    expect(fieldForHeader("register", "Сумма (KZT)")).toBe("amount");
    expect(fieldForHeader("register", '"Amount"')).toBe("amount");
    expect(normaliseHeader("\ufeffДата операции")).toBe("дата операции");
  });

  it("detects each kind from its own header row", () => {
    const rows: [ExportKind, string[]][] = [
      ["register", ["Референс", "Дата операции", "Счет отправителя", "Счет получателя", "Сумма", "Валюта"]],
      [
        "statement",
        ["Дата операции", "Номер документа", "Дебет", "Кредит", "Контрагент", "Счет контрагента"],
      ],
      [
        "linkage",
        ["Дата и время", "ИИН", "Карта", "Счет", "Телефон", "ID устройства", "IP-адрес", "Событие"],
      ],
      ["complaints", ["Номер ЕРДР", "Дата регистрации", "Счет потерпевшего", "Сумма ущерба"]],
      ["watchlist", ["Счет", "Банк", "Наименование", "Категория"]],
    ];
    for (const [kind, header] of rows) expect(detectKind(header)?.kind).toBe(kind);
  });

  it("does not take a row of unknown names, or one that lacks a kind's required columns, for a header", () => {
    expect(detectKind(["Док", "Когда", "Откуда"])).toBeNull();
    expect(detectKind(["Дата операции", "Сумма", "Валюта"])).toBeNull();
  });

  it("lets a mapping name columns and ignore recognised ones", () => {
    const m = matchHeader("register", ["Док", "Дата операции", "Откуда", "Куда", "Сколько", "Сумма"], {
      Док: "txId",
      Откуда: "fromAccount",
      Куда: "toAccount",
      Сколько: "amount",
      Сумма: "-",
    });
    expect(m.missing).toEqual([]);
    expect(m.mapping).toEqual({
      Док: "txId",
      "Дата операции": "ts",
      Откуда: "fromAccount",
      Куда: "toAccount",
      Сколько: "amount",
    });
    expect(m.ignored).toEqual(["Сумма"]);
  });
});

describe("header recognition by meaning", () => {
  /** The field of each column of `headers` when read as `kind` (null: not read). */
  const fieldsOf = (kind: ExportKind, headers: string[]) =>
    matchHeader(kind, headers).columns.map((c) => c.field);

  it.each<[string, ExportKind, string[], (string | null)[]]>([
    [
      "snake_case (AMLSim)",
      "register",
      ["tran_id", "orig_acct", "bene_acct", "base_amt", "tran_timestamp"],
      ["txId", "fromAccount", "toAccount", "amount", "ts"],
    ],
    [
      "camelCase",
      "register",
      ["txRef", "createdAt", "senderIban", "receiverIban", "amountKzt", "paymentPurpose"],
      ["txId", "ts", "fromAccount", "toAccount", "amount", "purpose"],
    ],
    [
      "inflected Russian and units",
      "register",
      ["Дата", "ИИК плательщика", "БИК банка плательщика", "Счёт получателя", "Сумма, тенге", "№ п/п"],
      ["ts", "fromAccount", "fromBank", "toAccount", "amount", null],
    ],
    [
      "Kazakh ЖСК / БСК / ТМК",
      "statement",
      ["Күні", "Дебет", "Кредит", "Контрагенттің ЖСК", "Контрагент банкінің БСК", "ТМК"],
      ["ts", "debit", "credit", "counterpartyAccount", "counterpartyBank", "knp"],
    ],
    [
      "a role taken from the column to the left",
      "register",
      ["Timestamp", "From Bank", "Account", "To Bank", "Account.1", "Amount Paid"],
      ["ts", "fromBank", "fromAccount", "toBank", "toAccount", "amount"],
    ],
    [
      "the paid amount over the received one, the operation date over the value date",
      "register",
      ["Value date", "Operation date", "Payer IBAN", "Payee IBAN", "Amount Received", "Amount Paid"],
      [null, "ts", "fromAccount", "toAccount", null, "amount"],
    ],
    [
      "both sides in one header as the counterparty",
      "statement",
      ["Дата", "Дебет", "Кредит", "Получатель/Отправитель", "ИИК получателя/отправителя"],
      ["ts", "debit", "credit", "counterpartyName", "counterpartyAccount"],
    ],
    [
      "columns that are not read: balance, fee, a Russian ИНН, an account type",
      "register",
      [
        "Дата",
        "Счет отправителя",
        "Счет получателя",
        "Сумма",
        "Остаток",
        "Комиссия",
        "ИНН получателя",
        "Тип счета",
      ],
      ["ts", "fromAccount", "toAccount", "amount", null, null, null, null],
    ],
    [
      "the amount over its converted equivalent, an account that may hold a card number",
      "statement",
      ["Дата", "Сумма в валюте счета", "Сумма в тенге (эквивалент)", "Счет/карта контрагента"],
      ["ts", "amount", null, "counterpartyAccount"],
    ],
  ])("reads %s", (_what, kind, headers, fields) => {
    expect(fieldsOf(kind, headers)).toEqual(fields);
  });

  it("gives exact documented headers confidence 1 and headers read by meaning less, with their candidates", () => {
    const m = matchHeader("register", ["Дата операции", "Sender IBAN", "Счет получателя", "Сумма"]);
    expect(m.columns.map((c) => c.confidence)).toEqual([1, 0.9, 1, 1]);
    expect(m.columns[1]!.candidates[0]).toEqual({ field: "fromAccount", confidence: 0.9 });
  });

  it("joins a date column and a time column into the timestamp", () => {
    const m = detectKind(["Дата", "Время", "Счет отправителя", "Счет получателя", "Сумма"])!;
    expect(m.kind).toBe("register");
    expect(m.fields[0]).toBe("ts");
    expect(m.tsTime).toBe(1);
    expect(m.columns[1]).toMatchObject({ header: "Время", field: "ts" });
  });

  it("refuses to choose between two columns that name a required field equally, and names them", () => {
    const headers = ["Started Date", "Created Date", "Sender account", "Beneficiary account", "Amount"];
    expect(detectKind(headers)).toBeNull();
    const m = matchHeader("register", headers);
    expect(m.conflicts).toEqual([{ field: "ts", columns: ["Started Date", "Created Date"] }]);
  });

  it("lists an optional field two columns claim as ambiguous and uses the first", () => {
    const m = detectKind([
      "Date",
      "Sender account",
      "Beneficiary account",
      "Amount",
      "Details",
      "Description",
    ])!;
    expect(m.kind).toBe("register");
    expect(m.ambiguous).toEqual([{ field: "purpose", columns: ["Details", "Description"] }]);
    expect(m.fields[4]).toBe("purpose");
  });

  it("lets a mapping name a date and a time column both as the timestamp", () => {
    const m = matchHeader("register", ["Когда", "Во сколько", "Откуда", "Куда", "Сколько"], {
      Когда: "ts",
      "Во сколько": "ts",
      Откуда: "fromAccount",
      Куда: "toAccount",
      Сколько: "amount",
    });
    expect(m.missing).toEqual([]);
    expect(m.tsTime).toBe(1);
    expect(m.columns.map((c) => c.confidence)).toEqual([1, 1, 1, 1, 1]);
  });

  it("does not read a money column as a card-linkage log because it also has a card number", () => {
    expect(detectKind(["Дата операции", "Номер карты", "Сумма операции", "Описание"])).toBeNull();
  });
});

describe("header recognition is a property of the words, not of their spelling", () => {
  /** Headers recognised by meaning (not exact synonyms) and the register field each names. */
  const HEADERS: [string, string][] = [
    ["Payer IBAN", "fromAccount"],
    ["ИИК получателя", "toAccount"],
    ["БИК банка плательщика", "fromBank"],
    ["Beneficiary bank BIC", "toBank"],
    ["Дата платежного поручения", "ts"],
    ["Сумма платежа", "amount"],
    ["Remittance information", "purpose"],
  ];
  const HEADER = ["Дата операции", "Счет отправителя", "Счет получателя", "Сумма"];

  /**
   * Re-spell a header as exports do: upper, lower or as written (a case per letter would be camelCase, which splits
   * words), ё for е, `_`/`-`/double spaces for spaces, quotes or spaces and a trailing colon around it.
   */
  const respell = (h: string, seed: number[]) => {
    const mode = seed[0]! % 3;
    const cased = mode === 0 ? h.toUpperCase() : mode === 1 ? h.toLowerCase() : h;
    let out = "";
    for (const [i, ch] of [...cased].entries()) {
      const r = seed[i % seed.length]!;
      let c = ch;
      if (c === "е" && r % 3 === 0) c = "ё";
      if (c === "Е" && r % 3 === 0) c = "Ё";
      if (c === " ") c = ["_", "-", "  ", " "][r % 4]!;
      out += c;
    }
    const wrap = seed[seed.length - 1]! % 3;
    return wrap === 0 ? `"${out}"` : wrap === 1 ? ` ${out}: ` : out;
  };

  it("gives the same field in upper or lower case, with ё, `_`/`-` separators, quotes or a trailing colon", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HEADERS),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 12 }),
        ([header, field], seed) => {
          const row = [
            ...HEADER.filter((h) => !HEADERS.some(([, f]) => f === fieldFor(h))),
            respell(header, seed),
          ];
          const m = matchHeader("register", row);
          expect(m.columns.at(-1)!.field).toBe(field);
        },
      ),
    );
  });
});

/** The register field an exact header names (for building rows without a second column of that field). */
function fieldFor(header: string): string | undefined {
  return fieldForHeader("register", header);
}
