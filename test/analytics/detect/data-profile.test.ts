import { describe, expect, it } from "vitest";
import { formatAnalysis } from "../../../cli/commands/analyze.js";
import { runCaveats } from "../../../model/analysis.js";
import { dataCaveats, dataProfile } from "../../../server/analytics/detect/data-profile.js";
import { detect } from "../../../server/analytics/detect/index.js";
import { indexProjection } from "../../../server/analytics/detect/indexed.js";
import { aggregatePairs } from "../../../server/analytics/detect/pairs.js";
import { passThrough } from "../../../server/analytics/detect/pass-through.js";
import { DAY, ProjectionBuilder } from "./projection.fixtures.js";

function profileOf(b: ProjectionBuilder) {
  const ix = indexProjection(b.build());
  const pt = passThrough(ix, { matching: "fifo", windowMs: DAY, passedInflowMinShare: 0.5 });
  return dataProfile(ix, aggregatePairs(ix, pt));
}

/** Ten people who each pay their landlord every month, and `strangers` pairs who deal once. */
function register(strangers: number): ProjectionBuilder {
  const b = new ProjectionBuilder();
  for (let i = 0; i < 10; i++)
    for (let month = 0; month < 3; month++)
      b.pay(`tenant${i}`, `landlord${i}`, 500, month * 30 * 24 * 60 + i);
  for (let i = 0; i < strangers; i++) b.pay(`s${i}`, `r${i}`, 100 + i, 5 * 24 * 60 + i);
  return b;
}

describe("the data profile", () => {
  it("counts accounts that dealt with no counterparty twice, and pairs that dealt once", () => {
    const p = profileOf(register(5));
    expect(p.accountsTransferring).toBe(30);
    expect(p.accountsWithoutRepeat).toBe(10);
    expect(p.withoutRepeatShare).toBeCloseTo(10 / 30, 4);
    expect(p.pairs).toBe(15);
    expect(p.pairsOnceShare).toBeCloseTo(5 / 15, 4);
    expect(p.spanDays).toBeCloseTo(60, 0);
  });

  it("counts a pair that paid each other once each way as dealing twice, and a withdrawal as no counterparty", () => {
    const b = new ProjectionBuilder()
      .pay("a", "b", 100, 0)
      .pay("b", "a", 100, 60)
      .pay("c", "d", 100, 0)
      .withdraw("c", "ATM1", "KZ", 100, 10)
      .withdraw("c", "ATM1", "KZ", 100, 20);
    const p = profileOf(b);
    expect(p.accountsTransferring).toBe(4);
    expect(p.accountsWithoutRepeat).toBe(2);
    expect(p.pairs).toBe(2);
    expect(p.pairsOnceShare).toBe(0.5);
  });

  it("calls for a thin-history caveat only above the share it is given", () => {
    const p = profileOf(register(5));
    expect(dataCaveats(p, 0.5)).toEqual([]);
    const [caveat] = dataCaveats(p, 0.25);
    expect(caveat).toMatchObject({ kind: "thin-history", accounts: 30, withoutRepeat: 10, spanDays: 60 });
    expect(caveat.text).toMatch(
      /^33% of the accounts \(10 of 30\) dealt with no counterparty twice in the data's 60 days/,
    );
  });
});

describe("a run's caveats", () => {
  it("are recorded with the run, printed by analyze and follow the thinHistoryShare setting", () => {
    const thin = detect(register(30).build());
    expect(thin.run.params.dataProfile).toMatchObject({
      accountsTransferring: 80,
      accountsWithoutRepeat: 60,
    });
    expect(runCaveats(thin.run).map((c) => c.kind)).toEqual(["thin-history"]);
    expect(formatAnalysis(thin, 10)[1]).toMatch(
      /^caveat: 75% of the accounts \(60 of 80\) dealt with no counterparty twice/,
    );

    const allowed = detect(register(30).build(), { thinHistoryShare: 0.8 });
    expect(runCaveats(allowed.run)).toEqual([]);
    expect(formatAnalysis(allowed, 10).some((l) => l.startsWith("caveat:"))).toBe(false);
  });

  it("are none when most accounts have a counterparty they dealt with again", () => {
    const run = detect(register(2).build()).run;
    expect(runCaveats(run)).toEqual([]);
    expect(runCaveats({ ...run, params: {} })).toEqual([]);
  });
});
