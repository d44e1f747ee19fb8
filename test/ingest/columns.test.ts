import { readFileSync } from "node:fs";
import { join } from "node:path";
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
