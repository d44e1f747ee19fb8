import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALMATY_SWITCH, Calendar, emitted, formatLocal, toVirtual } from "../../generator/almaty-time.js";
import { formatAmount } from "../../generator/csv-writer.js";
import { makeBin, makeIban, makeIin, makeTronAddress, maskedPan } from "../../generator/identifiers.js";
import { Rng } from "../../generator/prng.js";
import { cardIdFromPan, isValidIban, isValidIinBin } from "../../model/identifiers.js";
import { extractWallets } from "../../model/wallets.js";
import { parseLocal, parseTiyn } from "./support/case-reader.js";

describe("generator building blocks", () => {
  it("makes IBANs whose check digits the model's validator accepts", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{3}[A-Z0-9]{13}$/), (bban) => {
        expect(isValidIban(makeIban("KZ", bban))).toBe(true);
      }),
    );
    expect(makeIban("KZ", "125KZT5004100100")).toBe("KZ86125KZT5004100100");
  });

  it("makes IINs and BINs with the check digit the model's validator accepts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1940, max: 2006 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.boolean(),
        fc.nat(9999),
        (y, m, d, male, serial) => {
          const iin = makeIin({ y, m, d }, male, serial);
          if (iin !== null) expect(isValidIinBin(iin)).toBe(true);
          const bin = makeBin({ y: Math.max(y, 2000), m }, serial);
          if (bin !== null) expect(isValidIinBin(bin)).toBe(true);
        },
      ),
    );
  });

  it("prints amounts that read back to the same tiyn", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.constantFrom("", " ", "\u00a0"),
        (tiyn, sep) => {
          expect(parseTiyn(formatAmount(tiyn, sep))).toBe(tiyn);
        },
      ),
    );
    expect(formatAmount(15000000, " ")).toBe("150 000,00");
    expect(formatAmount(1234505, "")).toBe("12345,05");
  });

  it("never emits a local time inside the hour that happened twice, and reads every emitted time back", () => {
    const gapStart = ALMATY_SWITCH - 3600;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2024, 5, 1) / 1000 }),
        (virtual) => {
          const t = emitted(virtual);
          expect(t >= gapStart && t < ALMATY_SWITCH + 3600).toBe(false);
          expect(parseLocal(formatLocal(t, "dmy-hms"))).toBe(t * 1000);
          expect(parseLocal(formatLocal(t, "iso-space"))).toBe(t * 1000);
          if (t < gapStart || t >= ALMATY_SWITCH + 3600) expect(emitted(toVirtual(t))).toBe(t);
        },
      ),
    );
    const cal = new Calendar("2024-02-28", 3);
    expect(formatLocal(emitted(cal.at(1, 23 * 3600 + 1800)), "dmy-hms")).toBe("01.03.2024 00:00:00");
    expect(formatLocal(emitted(cal.at(2, 10 * 3600)), "dmy-hms")).toBe("01.03.2024 10:00:00");
    expect(formatLocal(emitted(cal.at(0, 10 * 3600)), "dmy-hms")).toBe("28.02.2024 10:00:00");
  });

  it("makes masked card numbers and TRON addresses the model recognises", () => {
    expect(cardIdFromPan(maskedPan("440043", 1234))).toBe("440043******1234");
    const rng = new Rng(9);
    for (let i = 0; i < 20; i++) {
      const address = makeTronAddress(rng);
      expect(extractWallets(`Покупка USDT (TRC20), кошелек ${address}`).map((w) => w.address)).toEqual([
        address,
      ]);
    }
  });

  it("draws the same numbers for the same seed and different ones for another", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
  });
});
