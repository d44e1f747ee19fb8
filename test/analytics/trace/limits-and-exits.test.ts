/**
 * The exit-key rule and the limits that stop a trace (window, hop limit, minimum amount, account limit), on
 * hand-built cases whose expected figures are worked out in the comments.
 */
import { describe, expect, it } from "vitest";
import {
  exitOf,
  isForeignAccount,
  traceExitOf,
  traceFunds,
  TraceNotFoundError,
  TraceOptionsError,
} from "../../../server/analytics/trace/index.js";
import { atm, complaint, DAY, FakeTraceStore, MINUTE, tx } from "./store.fake.js";

const EXCHANGE = { key: "X", bank: "CASPKZKA", watchlist: "exchange" as const };
const WALLET = "TXYZwallet1111111111111111111111111";

describe("exit-key rule", () => {
  it("takes the wallet in the purpose first, then the ATM, then a watch-listed or foreign receiver", () => {
    const base = tx("t", "D", "X", 0, 1);
    expect(exitOf({ ...base, wallets: [WALLET] }, EXCHANGE, "KZ")).toEqual({ id: WALLET, kind: "wallet" });
    expect(exitOf(atm("w", "D", "ATM7", "TR", 0, 1), undefined, "KZ")).toEqual({
      id: "ATM7",
      kind: "atm_abroad",
    });
    expect(exitOf(atm("w", "D", "ATM8", "KZ", 0, 1), undefined, "KZ")).toEqual({ id: "ATM8", kind: "atm" });
    expect(exitOf(base, EXCHANGE, "KZ")).toEqual({ id: "X", kind: "watchlist" });
    expect(exitOf({ ...base, to: "E" }, { key: "E", bank: "HSBKKZKX" }, "KZ")).toBeNull();
  });

  it("calls an exchange account an exit even when no watch-list names it", () => {
    const base = tx("t", "D", "X", 0, 1);
    expect(exitOf(base, { key: "X", accountKind: "exchange" }, "KZ")).toEqual({ id: "X", kind: "watchlist" });
  });

  it("calls an account foreign by its kind, its IBAN country or its bank's BIC country", () => {
    expect(isForeignAccount("DE89370400440532013000", undefined, "KZ")).toBe(true);
    expect(isForeignAccount("KZ86125KZT5004100100", undefined, "KZ")).toBe(false);
    expect(isForeignAccount("DEUTDEFF:4455", undefined, "KZ")).toBe(true);
    expect(isForeignAccount("HSBKKZKX:4455", undefined, "KZ")).toBe(false);
    expect(isForeignAccount("Q", { key: "Q", accountKind: "foreign" }, "KZ")).toBe(true);
    expect(isForeignAccount("Q", { key: "Q", bank: "TCZBTR2A" }, "KZ")).toBe(true);
  });

  it("takes the home country as a parameter: a Kazakh IBAN is foreign seen from Germany", () => {
    expect(isForeignAccount("KZ86125KZT5004100100", undefined, "DE")).toBe(true);
    expect(isForeignAccount("DE89370400440532013000", undefined, "DE")).toBe(false);
    expect(exitOf(atm("w", "D", "ATM8", "KZ", 0, 1), undefined, "DE")).toEqual({
      id: "ATM8",
      kind: "atm_abroad",
    });
  });

  it("finds nothing foreign by country when no home country is known (bare account numbers)", () => {
    expect(isForeignAccount("DE89370400440532013000", undefined, null)).toBe(false);
    expect(exitOf(atm("w", "D", "ATM7", "TR", 0, 1), undefined, null)).toEqual({ id: "ATM7", kind: "atm" });
  });

  it("traces with the paying account's country as home", () => {
    const out = tx("t", "DE89370400440532013000", "KZ86125KZT5004100100", 0, 1);
    expect(traceExitOf(out, undefined, undefined)).toEqual({
      id: "KZ86125KZT5004100100",
      kind: "foreign_bank",
    });
    const home = tx("t", "KZ86125KZT5004100100", "KZ75125KZT2069100100", 0, 1);
    expect(traceExitOf(home, undefined, undefined)).toBeNull();
  });

  it("stops money at exits and never reads an exit's own transfers", async () => {
    // D splits 100k: 30k cash abroad, 30k to a wallet named in the purpose of a transfer to E (an ordinary
    // account, so E is not reached by it), 40k to the exchange. The exchange's onward payment is never read.
    const store = new FakeTraceStore(
      [
        tx("v1", "V", "D", 10, 100_000),
        atm("w1", "D", "ATM-IST-1", "TR", 20, 30_000),
        tx("d2", "D", "E", 30, 30_000, { wallets: [WALLET], purpose: `USDT ${WALLET}` }),
        tx("d3", "D", "X", 40, 40_000),
        tx("x1", "X", "Z", 50, 40_000),
      ],
      [EXCHANGE],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.exitsKzt).toEqual({ X: 40_000, "ATM-IST-1": 30_000, [WALLET]: 30_000 });
    expect(r.exits.map((x) => x.kind)).toEqual(["watchlist", "atm_abroad", "wallet"]);
    expect(r.holdingKzt).toEqual({});
    expect([...store.queriedAccounts()].sort()).toEqual(["D", "V"]);
  });
});

describe("trace limits", () => {
  it("reports money leaving after the window as untraced and does not follow it", async () => {
    // The drop pays 60k out on day 2 (inside a 3-day window) and 40k on day 5 (outside it).
    const store = new FakeTraceStore(
      [
        tx("v1", "V", "D", 10, 100_000),
        tx("d1", "D", "E", 2 * 24 * 60, 60_000),
        tx("d2", "D", "F", 5 * 24 * 60, 40_000),
      ],
      [],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"], windowMs: 3 * DAY });
    expect(r.holdingKzt).toEqual({ E: 60_000 });
    expect(r.untraced).toEqual([
      expect.objectContaining({ account: "D", amountKzt: 40_000, code: "window_end", txIds: ["d2"] }),
    ]);
    expect(store.queriedAccounts().has("F")).toBe(false);
  });

  it("does not follow traced amounts below the minimum, and says where they stopped", async () => {
    // d1 carries 50 KZT of stolen money: below a 100 KZT minimum it is not followed to E.
    const store = new FakeTraceStore(
      [tx("v1", "V", "D", 10, 1_000), tx("d1", "D", "E", 20, 50), tx("d2", "D", "X", 30, 950)],
      [EXCHANGE],
      [complaint("C1", "V", 1_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"], minTracedKzt: 100 });
    expect(r.exitsKzt).toEqual({ X: 950 });
    expect(r.holdingKzt).toEqual({});
    expect(r.untraced).toEqual([
      expect.objectContaining({ account: "D", amountKzt: 50, code: "below_minimum", txIds: ["d1"] }),
    ]);
  });

  it("stops expanding at the account limit and reports what it did not follow", async () => {
    const store = new FakeTraceStore(
      [tx("v1", "V", "A", 10, 100_000), tx("a1", "A", "B", 20, 100_000), tx("b1", "B", "C", 30, 100_000)],
      [],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"], maxAccounts: 1 });
    expect(r.holdingKzt).toEqual({});
    expect(r.untraced).toEqual([
      expect.objectContaining({ account: "B", amountKzt: 100_000, code: "account_limit" }),
    ]);
  });

  it("converts non-KZT amounts with a configured table and says so", async () => {
    const store = new FakeTraceStore(
      [
        tx("v1", "V", "D", 10, 100_000),
        tx("d1", "D", "X", 20, 47_000, { amount: 100, currency: "USD", amountKzt: 47_000 }),
      ],
      [EXCHANGE],
      [complaint("C1", "V", 100_000, 0)],
    );
    const byData = await traceFunds(store, { complaints: ["C1"] });
    expect(byData.params.rateSource).toBe("data");
    expect(byData.exitsKzt).toEqual({ X: 47_000 });
    const byTable = await traceFunds(store, { complaints: ["C1"], fxTable: { usd: 500 } });
    expect(byTable.params.rateSource).toBe("table");
    expect(byTable.exitsKzt).toEqual({ X: 50_000 });
  });

  it("rejects bad options and unknown complaints with their own error classes", async () => {
    const store = new FakeTraceStore([tx("v1", "V", "D", 10, 1)], [], []);
    await expect(traceFunds(store, {})).rejects.toBeInstanceOf(TraceOptionsError);
    await expect(traceFunds(store, { txIds: ["v1"], maxHops: 0 })).rejects.toBeInstanceOf(TraceOptionsError);
    await expect(traceFunds(store, { txIds: ["v1"], windowMs: -MINUTE })).rejects.toBeInstanceOf(
      TraceOptionsError,
    );
    await expect(traceFunds(store, { complaints: ["NOPE"] })).rejects.toBeInstanceOf(TraceNotFoundError);
    await expect(traceFunds(store, { txIds: ["nope"] })).rejects.toBeInstanceOf(TraceNotFoundError);
  });
});
