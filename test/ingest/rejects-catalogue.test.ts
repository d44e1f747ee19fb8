/**
 * The client's catalogue of ingest reject reasons (client/src/i18n/rejects.ts) against what ingest really writes: the
 * repository's export and ingest fixtures (test/fixtures/) and the hostile inputs of issue 22 (test/hostile/: rows in
 * another encoding, implausible dates, a row wider than its header, a quote never closed) go through the real ingest,
 * and every reject reason must be one the catalogue recognises and writes in Russian and Kazakh without English
 * words. Templates those files do not produce are checked on examples written as the server's code words them.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localizeReject, recognisedReject } from "../../client/src/i18n/rejects.js";
import { ingestFiles, UnreadableFileError } from "../../ingest/index.js";
import { encode, HEADER, IVANOV, mixedRegister, PETROV, row } from "../hostile/hostile.fixtures.js";
import { tempDir } from "./fixtures.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const dir = tempDir("mulegraph-rejects-");
const reasons = new Set<string>();

/** Hostile registers written for this test, each rejecting some of its rows. */
function hostileFiles(): string[] {
  const good = row("H-1", "05.03.2024 10:00:00", IVANOV);
  const files: [string, Buffer][] = [
    [
      "values.csv",
      encode(
        [
          HEADER,
          good,
          row("H-2", "31.12.2099 10:00:00", IVANOV),
          row("H-3", "01.01.1900 10:00:00", PETROV),
          row("H-4", "2024/03/05 10:00", IVANOV),
          row("H-5", "05.13.2024 10:00:00", IVANOV),
          row("H-6", "05.03.2024 10:00:00", IVANOV, "1,000"),
          row("H-7", "05.03.2024 10:00:00", IVANOV, "много"),
          row("H-8", "05.03.2024 10:00:00", { ...IVANOV, iin: "12345" }),
          row("H-9", "05.03.2024 10:00:00", { ...IVANOV, iin: "780707320208" }),
          row("H-1", "05.03.2024 10:00:00", PETROV),
          `${good};лишнее;ещё`,
          row("H-10", "05.03.2024 10:00:00", IVANOV).replace(";KZT;", ";ABC;"),
          row("H-11", "05.03.2024 10:00:00", IVANOV).replace("KZ57722S000087654321", "KZ5772"),
        ],
        "utf8",
      ),
    ],
    [
      "mixed-utf8.csv",
      mixedRegister([HEADER, good, row("H-2", "05.03.2024 11:00:00", PETROV)], 3, "utf8", "win1251"),
    ],
    [
      "mixed-1251.csv",
      mixedRegister([HEADER, good, row("H-2", "05.03.2024 11:00:00", PETROV)], 3, "win1251", "utf8"),
    ],
    [
      "quote.csv",
      encode([HEADER, good, `"H-2;05.03.2024 11:00:00;${good.slice(good.indexOf("KZ"))}`, good], "utf8"),
    ],
  ];
  return files.map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}

beforeAll(async () => {
  const paths = [
    ...["exports", "ingest"].flatMap((d) =>
      readdirSync(join(FIXTURES, d))
        .filter((f) => !/\.(md|json|ts)$/.test(f))
        .map((f) => join(FIXTURES, d, f)),
    ),
    ...hostileFiles(),
  ];
  // One call per file: one file's references do not clash with another's, as in separate uploads.
  for (const p of paths) {
    // A file refused whole (an export whose header needs a mapping file) has no row rejects.
    const summary = await ingestFiles([p]).catch((e: unknown) => {
      if (e instanceof UnreadableFileError) return undefined;
      throw e;
    });
    for (const f of summary?.files ?? []) for (const r of f.rejects) reasons.add(r.reason);
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** English words of a translated reason, after what stays as written: quoted values and column names, tokens with
 * a digit, capitalised names and codes (UTF-8, IBAN, СекцияДокумент), and the setting fxTable. */
function englishWords(text: string): string[] {
  return (
    text
      .replace(/"(?:[^"\\]|\\.)*"/g, " ")
      .replace(/[^\s,()]*\d[^\s,()]*|[A-Z][A-Za-z0-9_:./|-]*|fxTable/g, " ")
      .match(/\b[a-z]{3,}\b/g) ?? []
  );
}

function expectTranslated(reason: string): void {
  expect(recognisedReject(reason), reason).toBe(true);
  for (const lang of ["ru", "kk"] as const) {
    const shown = localizeReject(reason, lang);
    expect(shown.lang, reason).toBe(lang);
    expect(englishWords(shown.text), `${lang}: ${shown.text}`).toEqual([]);
  }
}

describe("ingest's reject reasons in the client's catalogue", () => {
  it("recognises every reject the fixtures and hostile files produce", () => {
    expect(reasons.size).toBeGreaterThan(40);
    expect([...reasons].filter((r) => !recognisedReject(r))).toEqual([]);
  });

  it("writes every one of them in Russian and Kazakh without English words left", () => {
    for (const r of reasons) expectTranslated(r);
  });
});

/** Templates the files above do not produce, worded as the server's code words them. */
const RARE = [
  'column "Тип": a credit at an ATM (cash deposit) is not a transfer between accounts',
  'column "Счет": is the statement\'s own account',
  'column "Счет": is empty: a transfer needs the counterparty\'s account',
  'column "Референс": reference "W-1" was already used earlier in this ingest for a different operation',
  'column "Страна": country "Нарния" is not a 2-letter ISO code or a known name',
  'column "Номер дела": case 2024-0001 was already read with another victim account or loss',
  'column "Категория": account KZ47601A000000112233 is already listed with another category',
  'column "Дата": date "2024-14-02": month 14 does not exist',
  'column "Дата": date "2024-03-05T10:00:00+25:00": UTC offset out of range',
  'column "Дата": date "05.03.2025 10:00:00" is after 2025-03-01 00:00 (Asia/Almaty), the latest plausible time (MULEGRAPH_TIME_NOT_AFTER or --not-after): a date in the future is a typo or a broken export',
  'column "Счет": "KZ-ABC" is not an IBAN',
  'column "Счет": IBAN "KZ5772200008765432" has 18 characters; KZ IBANs have 20',
  'column "Счет": account is empty',
  'column "Счет": account "12/34#" has characters an account number cannot have',
  'column "Счет": account has neither IBAN nor number',
  'column "ИИН": IIN/BIN "780787320207": 5th digit 8 is neither a day nor an entity type',
  'column "Телефон": phone "+7 (701) abc" has characters a phone number cannot have',
  'column "Телефон": phone "+7 701 123 45": +7 numbers have 10 digits after the country code',
  'column "Телефон": phone "+123" is not an international number (8..15 digits)',
  'column "Телефон": phone "12345" is neither a Kazakh number nor in +country format',
  'column "Карта": card "4400 43xx" has characters a card number cannot have',
  'column "Карта": card "440043" has 6 digits; card numbers have 13..19',
  'column "Карта": card "4400 **** **** ****" must show at least its first 4 and last 4 digits',
  'column "Курс": rate "1,000" is ambiguous: "," could separate thousands or decimals',
  'column "Курс": rate "abc" is not a number',
  'column "Курс": rate "0" must be above zero',
  'column "Отправитель": this row is written in UTF-8 but the file is Windows-1251 (read as Windows-1251 it would be stored garbled). Save the whole file in one encoding and ingest it again',
  "value 13: this row has bytes that are not UTF-8 but the file is UTF-8 (a row in another encoding, such as Windows-1251, would be stored garbled). Save the whole file in one encoding and ingest it again",
  "a quoted value that starts here is never closed, so lines 12–40 could not be read as rows",
  "a quoted value that starts here is never closed (it runs past 1048576 bytes), so lines 3–52000 could not be read as rows. Fix the quote and ingest again.",
  "malformed quotes: a value has text right after its closing quote",
  "malformed CSV",
  'summary line ("Итого обороты"), not a transaction',
  "no IIN, card or account: the row does not say whose session or linkage it is",
  'statement line ":61:2403050305DK1000,NTRF" does not follow the :61: layout YYMMDD[MMDD] D|C|RD|RC amount type reference: not read',
  "СекцияДокумент is not closed by КонецДокумента before the next one starts on line 57: not read",
  "СекцияДокумент is never closed by КонецДокумента (is the file cut off?): not read",
];

describe("localizeReject", () => {
  it.each(RARE)("recognises and translates a template the files do not produce: %s", (r) => {
    expectTranslated(r);
  });

  it("keeps the file's column name and quoted values and writes numbers in the language's grouping", () => {
    const r =
      'row has 11 values but the header has 9 columns: a value probably contains the delimiter ";" without quotes';
    expect(localizeReject(r, "ru").text).toBe(
      'в строке 11 значений, а в заголовке 9 столбцов: вероятно, значение содержит разделитель ";" без кавычек',
    );
    expect(localizeReject('column "Сумма": amount "12,5,0" is not a number', "kk").text).toBe(
      '"Сумма" бағаны: "12,5,0" сомасы сан емес',
    );
    expect(
      localizeReject(
        "СекцияДокумент is not closed by КонецДокумента before the next one starts on line 12345: not read",
        "ru",
      ).text,
    ).toContain("12\u00a0345");
  });

  it("leaves English what no template matches, and English as it is", () => {
    const unknown = 'column "Сумма": something ingest never said';
    expect(localizeReject(unknown, "ru")).toEqual({ text: unknown, lang: "en" });
    expect(localizeReject("malformed CSV: Invalid Record Length", "kk")).toEqual({
      text: "malformed CSV: Invalid Record Length",
      lang: "en",
    });
    expect(localizeReject('column "Сумма": is empty', "en")).toEqual({
      text: 'column "Сумма": is empty',
      lang: "en",
    });
  });
});
