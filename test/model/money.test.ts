import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../../model/invalid-value.js";
import { normaliseCurrency, parseAmount, parseRate, round2, toKzt } from "../../model/money.js";

describe("amounts", () => {
  it.each([
    ["150 000,00", 150000],
    ["150\u00a0000,00", 150000],
    ["150\u2009000,50", 150000.5],
    ["150\u202f000,05", 150000.05],
    ["150000.00", 150000],
    ["150 000.00", 150000],
    ["1,234.56", 1234.56],
    ["1.234.567,89", 1234567.89],
    ["1,234,567", 1234567],
    ["-150,00", -150],
    ["−150,00", -150],
    ["+150", 150],
    ["12,5", 12.5],
    ["0,125", 0.13],
    ["1234,567", 1234.57],
    ["7", 7],
    ["0,01", 0.01],
  ])("reads %s as %d", (raw, value) => {
    expect(parseAmount(raw)).toBe(value);
  });

  it.each([
    ["12,5,0", /not a number/],
    ["1,234", /ambiguous/],
    ["1.234", /ambiguous/],
    ["abc", /not a number/],
    ["", /not a number/],
    ["150 000,00 KZT", /not a number/],
    ["1,2345,678", /not a number/],
    ["5,", /not a number/],
    ["--5", /not a number/],
  ])("rejects %s", (raw, message) => {
    expect(() => parseAmount(raw)).toThrow(InvalidValueError);
    expect(() => parseAmount(raw)).toThrow(message);
  });

  /** Print cents the ways exports do. */
  function printed(cents: number, style: number): string {
    const neg = cents < 0 ? "-" : "";
    const abs = Math.abs(cents);
    const whole = String(Math.floor(abs / 100));
    const frac = String(abs % 100).padStart(2, "0");
    const group = (sep: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    switch (style) {
      case 0:
        return `${neg}${group(" ")},${frac}`;
      case 1:
        return `${neg}${group("\u00a0")},${frac}`;
      case 2:
        return `${neg}${whole}.${frac}`;
      case 3:
        return `${neg}${group(",")}.${frac}`;
      case 4:
        return `${neg}${group(".")},${frac}`;
      default:
        return `${neg}${group("\u2009")}.${frac}`;
    }
  }

  it("reads back any amount printed with spaced, comma or dot thousands and either decimal separator", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 0, max: 5 }), (cents, style) => {
        expect(parseAmount(printed(cents, style))).toBe(cents / 100);
      }),
      { numRuns: 3000 },
    );
  });

  it("rounds half away from zero to two decimals", () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(2.675)).toBe(2.68);
  });
});

describe("rates", () => {
  it.each([
    ["471,5", 471.5],
    ["5,1234", 5.1234],
    ["470.125", 470.125],
  ])("reads %s as %d (a lone separator is always decimal in a rate)", (raw, v) => {
    expect(parseRate(raw)).toBe(v);
  });

  it("rejects a zero or negative rate", () => {
    expect(() => parseRate("0")).toThrow(/above zero/);
    expect(() => parseRate("-470")).toThrow(/above zero/);
  });
});

describe("currencies", () => {
  it.each([
    ["KZT", "KZT"],
    [" usd ", "USD"],
    ["₸", "KZT"],
    ["тенге", "KZT"],
    ["руб.", "RUB"],
    ["RUR", "RUB"],
    ["398", "KZT"],
    ["CNY", "CNY"],
  ])("normalises %s to %s", (raw, code) => {
    expect(normaliseCurrency(raw)).toBe(code);
  });

  it.each(["XYZ", "KZ", "доллар", ""])("rejects %s", (raw) => {
    expect(() => normaliseCurrency(raw)).toThrow(InvalidValueError);
  });
});

describe("conversion to KZT", () => {
  it("keeps KZT as it is", () => {
    expect(toKzt(1500, "KZT", undefined)).toEqual({ amountKzt: 1500, rateSource: "kzt" });
  });

  it("prefers the row's own rate", () => {
    expect(toKzt(1000, "USD", 471.5, { USD: 400 })).toEqual({ amountKzt: 471500, rateSource: "data" });
  });

  it("falls back to the configured table", () => {
    expect(toKzt(10, "EUR", undefined, { EUR: 505.55 })).toEqual({ amountKzt: 5055.5, rateSource: "table" });
  });

  it("refuses a currency neither the row nor the table knows", () => {
    expect(() => toKzt(10, "CNY", undefined, { USD: 470 })).toThrow(/no KZT rate for CNY/);
  });
});
