import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountKey,
  cardIdFromPan,
  iinCheckDigit,
  isBin,
  isValidIban,
  isValidIinBin,
  looksLikeIban,
  makeBin,
  makeIban,
  makeIin,
  makeKzIban,
  normalisePhone,
  parseIban,
  parseIinBin,
  resolveAccount,
} from "../../model/identifiers.js";
import { InvalidValueError } from "../../model/invalid-value.js";

describe("IBAN", () => {
  it.each([
    ["KZ86125KZT5004100100", "KZ86125KZT5004100100"],
    ["KZ86 125K ZT50 0410 0100", "KZ86125KZT5004100100"],
    ["kz86125kzt5004100100", "KZ86125KZT5004100100"],
    ["GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"],
    ["DE89 3704 0044 0532 0130 00", "DE89370400440532013000"],
    ["NO9386011117947", "NO9386011117947"],
  ])("accepts %s as %s", (raw, iban) => {
    expect(parseIban(raw)).toBe(iban);
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ["KZ87125KZT5004100100", /check digits/],
    ["KZ86125KZT500410010", /20/],
    ["GB82WEST12345698765431", /check digits/],
    ["12345678901234567890", /not an IBAN/],
    ["KZ86-125", /not an IBAN/],
  ])("rejects %s", (raw, message) => {
    expect(() => parseIban(raw)).toThrow(InvalidValueError);
    expect(() => parseIban(raw)).toThrow(message);
  });

  it("makes valid Kazakh IBANs of 20 characters for any bank code and account number", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{3}$/), fc.stringMatching(/^[A-Z0-9]{13}$/), (bank, account) => {
        const iban = makeKzIban(bank, account);
        expect(iban).toHaveLength(20);
        expect(iban.slice(4)).toBe(bank + account);
        expect(isValidIban(iban)).toBe(true);
      }),
    );
  });

  it("catches every single changed digit of an IBAN (mod-97 property)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{16}$/),
        fc.integer({ min: 4, max: 19 }),
        fc.integer({ min: 1, max: 9 }),
        (bban, pos, delta) => {
          const iban = makeIban("KZ", bban);
          const d = (Number(iban[pos]) + delta) % 10;
          const broken = iban.slice(0, pos) + String(d) + iban.slice(pos + 1);
          expect(isValidIban(broken)).toBe(false);
        },
      ),
    );
  });

  it("says which values claim to be IBANs", () => {
    expect(looksLikeIban("KZ86125KZT5004100100")).toBe(true);
    expect(looksLikeIban("40817810099910004312")).toBe(false);
    expect(looksLikeIban("KZ86")).toBe(false);
  });
});

describe("account keys", () => {
  it.each([
    [{ iban: "KZ86 125K ZT50 0410 0100" }, "KZ86125KZT5004100100"],
    [{ number: "KZ86125KZT5004100100", bank: "CASPKZKA" }, "KZ86125KZT5004100100"],
    [{ number: "40817 810 0999 1000 4312", bank: "sabrrumm" }, "SABRRUMM:40817810099910004312"],
    [{ number: "12345", bank: "Сбербанк  России" }, "Сбербанк России:12345"],
  ])("keys %j as %s", (parts, key) => {
    expect(accountKey(parts)).toBe(key);
  });

  it("rejects a value that looks like an IBAN but fails its check digits, even with a bank", () => {
    expect(() => accountKey({ number: "KZ87125KZT5004100100", bank: "CASPKZKA" })).toThrow(/check digits/);
  });

  it("rejects a number that is not an IBAN when no bank is given", () => {
    expect(() => accountKey({ number: "12345" })).toThrow(/no bank/);
  });

  it("resolves a foreign account number with its bank and keeps the number as printed", () => {
    expect(resolveAccount("40817810099910004312", "SABRRUMM")).toEqual({
      key: "SABRRUMM:40817810099910004312",
      number: "40817810099910004312",
      bank: "SABRRUMM",
    });
  });
});

describe("IIN / BIN", () => {
  it("computes the check digit with the first weights when they do not give 10", () => {
    // 8·1+5·2+1·3+1·4+0·5+2·6+3·7+4·8+3·9+2·10+1·11 = 148; 148 mod 11 = 5
    expect(iinCheckDigit("85110234321")).toBe(5);
    expect(isValidIinBin("851102343215")).toBe(true);
  });

  it("falls back to the second weights when the first give 10", () => {
    // first: 9·1+0·2+0·3+5·4+1·5+7·6+3·7+1·8+0·9+7·10+1·11 = 186; 186 mod 11 = 10
    // second: 9·3+0·4+0·5+5·6+1·7+7·8+3·9+1·10+0·11+7·1+1·2 = 166; 166 mod 11 = 1
    expect(iinCheckDigit("90051731071")).toBe(1);
    expect(isValidIinBin("900517310711")).toBe(true);
  });

  it("has no check digit when both weightings give 10, and makeIin refuses that serial", () => {
    expect(iinCheckDigit("90051731070")).toBeNull();
    expect(() => makeIin({ year: 1990, month: 5, day: 17 }, 1070)).toThrow(InvalidValueError);
  });

  it.each([
    ["851102343215", false],
    ["150340045674", true],
  ])("tells an IIN from a BIN by the 5th digit: %s → BIN %s", (id, bin) => {
    expect(parseIinBin(id)).toEqual({ id, isBin: bin });
    expect(isBin(id)).toBe(bin);
  });

  it.each([
    ["851102343216", /check digit/],
    ["85110234321", /12 digits/],
    ["85110234321a", /12 digits/],
    ["851172343217", /5th digit/],
  ])("rejects %s", (raw, message) => {
    expect(() => parseIinBin(raw)).toThrow(message);
  });

  it("makes valid IINs for any birth date and serial that has a check digit", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 9999 }),
        fc.boolean(),
        (d, serial, male) => {
          let iin: string;
          try {
            iin = makeIin(
              { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
              serial,
              male,
            );
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidValueError);
            expect(iinCheckDigit(e instanceof InvalidValueError ? e.value : "")).toBeNull();
            return;
          }
          expect(parseIinBin(iin)).toEqual({ id: iin, isBin: false });
          const wrong = iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);
          expect(isValidIinBin(wrong)).toBe(false);
        },
      ),
    );
  });

  it("makes valid BINs that read as legal entities", () => {
    const bin = makeBin({ year: 2015, month: 3 }, 4567);
    expect(parseIinBin(bin)).toEqual({ id: bin, isBin: true });
  });
});

describe("phones", () => {
  it.each([
    ["8 701 123 45 67", "+77011234567"],
    ["+7 (701) 123-45-67", "+77011234567"],
    ["87011234567", "+77011234567"],
    ["77011234567", "+77011234567"],
    ["7011234567", "+77011234567"],
    ["+44 20 7946 0958", "+442079460958"],
    ["00 996 555 123 456", "+996555123456"],
  ])("normalises %s to %s", (raw, e164) => {
    expect(normalisePhone(raw)).toBe(e164);
  });

  it.each(["12345", "+7 701 123 45", "8 (701) abc", "+0123456789"])("rejects %s", (raw) => {
    expect(() => normalisePhone(raw)).toThrow(InvalidValueError);
  });
});

describe("cards", () => {
  it.each([
    ["4400 43** **** 1234", "440043******1234"],
    ["4400-43XX-XXXX-1234", "440043******1234"],
    ["5169 49•• •••• 9876", "516949******9876"],
    ["4400430012341234", "440043******1234"],
  ])("turns %s into card id %s", (raw, id) => {
    expect(cardIdFromPan(raw)).toBe(id);
  });

  it.each(["4400 43** 1234", "**** **** **** 1234", "4400 43ab cdef 1234"])("rejects %s", (raw) => {
    expect(() => cardIdFromPan(raw)).toThrow(InvalidValueError);
  });
});
