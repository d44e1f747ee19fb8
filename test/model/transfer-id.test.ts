import { describe, expect, it } from "vitest";
import { naturalTxId, transferId } from "../../model/transfer-id.js";

const key = {
  from: "KZ18722S000012345678",
  to: "KZ47601A000000112233",
  amount: 150000,
  currency: "KZT",
  ts: 1709227800000,
};

describe("transfer identity", () => {
  it("uses the bank reference when the row has one", () => {
    expect(transferId(" TX-777001 ", key)).toBe("TX-777001");
  });

  it("hashes payer, payee, amount, currency and time when there is no reference", () => {
    const id = transferId("", key);
    expect(id).toMatch(/^h:[0-9a-f]{32}$/);
    expect(id).toBe(naturalTxId({ ...key }));
    for (const change of [
      { from: "X" },
      { to: "Y" },
      { amount: 150000.01 },
      { currency: "USD" },
      { ts: key.ts + 1 },
    ]) {
      expect(naturalTxId({ ...key, ...change })).not.toBe(id);
    }
  });

  it("gives the same id for amounts that print the same with two decimals", () => {
    expect(naturalTxId({ ...key, amount: 0.1 + 0.2 })).toBe(naturalTxId({ ...key, amount: 0.3 }));
  });
});
