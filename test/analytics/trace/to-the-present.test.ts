/**
 * The default trace follows money to the end of the data (where it is now), a window stays a parameter, and amounts
 * are given in every currency the traced data holds with the rate's source. Figures are worked out in comments.
 */
import { describe, expect, it } from "vitest";
import { MONTH_WINDOW_MS, traceFunds } from "../../../server/analytics/trace/index.js";
import { complaint, DAY, FakeTraceStore, T0, tx } from "./store.fake.js";

const EXCHANGE = { key: "X", bank: "CASPKZKA", watchlist: "exchange" as const };

/** V → D 100k at day 0; D → H 100k at day 40 (beyond a month); H → X (exchange) 60k at day 50. */
function lateMove(): FakeTraceStore {
  return new FakeTraceStore(
    [
      tx("v1", "V", "D", 10, 100_000),
      tx("d1", "D", "H", 40 * 24 * 60, 100_000),
      tx("h1", "H", "X", 50 * 24 * 60, 60_000),
    ],
    [EXCHANGE, { key: "D", bank: "HSBKKZKX" }, { key: "H", bank: "KCJBKZKX" }],
    [complaint("C1", "V", 100_000, 0)],
  );
}

describe("tracing to the present", () => {
  it("follows money that moves on months later to the exit and the account holding the rest now", async () => {
    const r = await traceFunds(lateMove(), { complaints: ["C1"] });
    // 60k reached the exchange at day 50; 40k is still in H at the end of the data; nothing is left untraced.
    expect(r.exitsKzt).toEqual({ X: 60_000 });
    expect(r.holdingKzt).toEqual({ H: 40_000 });
    expect(r.untracedKzt).toBe(0);
    expect(r.freezeList[0]).toMatchObject({ account: "H", lastMovementAt: T0 + 50 * DAY });
    expect(r.params.window).toBe("end_of_data");
    // The reported window spans the incident to the last transfer seen (day 50; the incident is at T0).
    expect(r.params.windowMs).toBe(50 * DAY + 1);
  });

  it("follows money through a chain of twenty accounts by default, as truth does", async () => {
    // V → A1 → A2 → … → A20, each passing all 100k on an hour later: all of it ends in A20.
    const chain = [tx("v1", "V", "A1", 10, 100_000)];
    for (let i = 1; i < 20; i++) chain.push(tx(`a${i}`, `A${i}`, `A${i + 1}`, 10 + 60 * i, 100_000));
    const store = new FakeTraceStore(chain, [], [complaint("C1", "V", 100_000, 0)]);
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.holdingKzt).toEqual({ A20: 100_000 });
    expect(r.params.maxHops).toBeGreaterThanOrEqual(20);
  });

  it("still stops at a window given as a parameter and says why", async () => {
    const r = await traceFunds(lateMove(), { complaints: ["C1"], windowMs: MONTH_WINDOW_MS });
    expect(r.params.window).toBe("fixed");
    expect(r.params.windowMs).toBe(MONTH_WINDOW_MS);
    expect(r.exitsKzt).toEqual({});
    expect(r.holdingKzt).toEqual({});
    expect(r.untraced.map((u) => [u.account, u.code, u.amountKzt])).toEqual([["D", "window_end", 100_000]]);
  });

  it("stops following at asOf when no window is given", async () => {
    // asOf at day 45: d1 (day 40) is followed, h1 (day 50) is not yet in the picture, so H holds all 100k.
    const r = await traceFunds(lateMove(), { complaints: ["C1"], asOf: T0 + 45 * DAY });
    expect(r.holdingKzt).toEqual({ H: 100_000 });
    expect(r.exitsKzt).toEqual({});
  });
});

describe("amounts in every currency of the data", () => {
  // D also pays 10 USD at 480 KZT/USD (4 800 KZT) to X: the data's USD rate is 4 800 / 10 = 480.
  const store = () =>
    new FakeTraceStore(
      [tx("v1", "V", "D", 10, 96_000), tx("d1", "D", "X", 20, 4_800, { amount: 10, currency: "USD" })],
      [EXCHANGE, { key: "D", bank: "HSBKKZKX" }],
      [complaint("C1", "V", 96_000, 0)],
    );

  it("lists KZT and the data's currencies with the data's average rate", async () => {
    const r = await traceFunds(store(), { complaints: ["C1"] });
    expect(r.currencies).toEqual([
      { currency: "KZT", kztPerUnit: 1, rateSource: "kzt", transfers: 1 },
      { currency: "USD", kztPerUnit: 480, rateSource: "data", transfers: 1 },
    ]);
    // 96 000 − 4 800 = 91 200 KZT held in D = 190 USD.
    expect(r.freezeList[0]!.amounts).toEqual({ KZT: 91_200, USD: 190 });
    expect(r.tracedIn).toEqual({ KZT: 96_000, USD: 200 });
  });

  it("shows a table rate as the table's", async () => {
    // At 500 KZT/USD the 10 USD outflow is 5 000 KZT, leaving 91 000 KZT = 182 USD.
    const r = await traceFunds(store(), { complaints: ["C1"], fxTable: { usd: 500 } });
    expect(r.currencies?.find((c) => c.currency === "USD")).toEqual({
      currency: "USD",
      kztPerUnit: 500,
      rateSource: "table",
      transfers: 1,
    });
    expect(r.freezeList[0]!.amounts).toEqual({ KZT: 91_000, USD: 182 });
  });
});
