import { describe, expect, it } from "vitest";
import type { AnalysisResult, Projection } from "../../../model/analysis.js";
import {
  DEFAULT_DETECT_PARAMS,
  DetectParamsError,
  detect,
  resolveDetectParams,
} from "../../../server/analytics/detect/index.js";
import {
  DAY,
  hubRingCase,
  cryptoBuyerCase,
  merchantCase,
  ordinaryLife,
  ownMoneyCase,
  payrollCase,
  ProjectionBuilder,
  pureDropCase,
  remoteLoanCase,
  touristCase,
  transfersOnly,
} from "./projection.fixtures.js";

function roleOf(result: AnalysisResult, id: string): string {
  return result.accounts.find((a) => a.id === id)?.role ?? "ordinary";
}

function account(result: AnalysisResult, id: string) {
  const a = result.accounts.find((x) => x.id === id);
  if (!a) throw new Error(`test: account ${id} not in the result`);
  return a;
}

describe("detect: drops", () => {
  it("calls a pure pass-through account fed by reported victims a drop and says why in numbers", () => {
    const r = detect(pureDropCase().build());
    const drop = account(r, "drop");
    expect(drop.role).toBe("drop");
    expect(drop.score).toBeGreaterThanOrEqual(DEFAULT_DETECT_PARAMS.minDropScore);
    const text = drop.reasons.join("\n");
    expect(text).toMatch(/from 5 reported victims within 80 min/);
    expect(text).toMatch(/forwarded 90% of 1 100 000 KZT/);
    expect(text).toMatch(/median 15 min/);
    expect(text).toMatch(/watch-listed exchange/);
    for (let i = 0; i < 5; i++) expect(roleOf(r, `victim${i}`)).toBe("victim");
    expect(roleOf(r, "exchange")).toBe("exit");
  });

  it("leaves an account that forwards money but keeps it for days ordinary", () => {
    const b = new ProjectionBuilder();
    for (let i = 0; i < 5; i++) {
      b.pay(`sender${i}`, "slow", 200_000, 10 * i);
      b.pay("slow", "exchange", 180_000, 60 * 24 * 5 + 10 * i);
    }
    b.account("exchange", { watchlist: "exchange" });
    expect(roleOf(detect(b.build()), "slow")).toBe("ordinary");
  });

  it("sees fast forwarding from a rented account that holds an old balance", () => {
    const b = new ProjectionBuilder();
    b.account("exchange", { watchlist: "exchange" });
    b.pay("trade-partner", "rented", 2_000_000, -60 * 24 * 120);
    for (let i = 0; i < 4; i++) {
      b.pay(`victim${i}`, "rented", 300_000, 30 * i);
      b.pay("rented", "exchange", 270_000, 30 * i + 10);
      b.complaint(`C${i}`, `victim${i}`, 30 * i - 5, 300_000);
    }
    const lifo = detect(b.build());
    expect(roleOf(lifo, "rented")).toBe("drop");
    expect(account(lifo, "rented").reasons.join("\n")).toMatch(/dormant for 120 days/);
    // The tracing rule (FIFO) matches the forwarding to the old balance: no pass-through is seen at all.
    const fifo = detect(b.build(), { matching: "fifo" });
    expect(account(fifo, "rented").reasons.join("\n")).toMatch(/forwarded 0% of it/);
    expect(account(fifo, "rented").reasons.join("\n")).not.toMatch(/money leaving a median/);
  });
});

describe("detect: hubs and clusters", () => {
  it("calls the account that gathers from drops and pays exits a cash-out hub", () => {
    // The hand-built keys carry no country, so the home country that makes the Turkish ATM "abroad" is given.
    const r = detect(hubRingCase().build(), { homeCountry: "KZ" });
    expect(roleOf(r, "hub")).toBe("hub");
    for (let d = 0; d < 4; d++) expect(roleOf(r, `drop${d}`)).toBe("drop");
    expect(account(r, "hub").reasons[0]).toMatch(
      /cash-out hub: gathered 1 959 600 KZT from 4 suspects and sent 100% of its outflow to exits/,
    );
    expect(account(r, "drop0").reasons.join("\n")).toMatch(/shares device D-77 with 3 suspected accounts/);
  });

  it("puts the ring in one cluster ranked first, with the victims attached", () => {
    const r = detect(hubRingCase().build());
    expect(r.clusters).toHaveLength(1);
    const c = r.clusters[0];
    expect(c).toMatchObject({ id: "C1", rank: 1 });
    expect(c.members).toEqual(["drop0", "drop1", "drop2", "drop3", "hub"]);
    expect(c.reasons.join("\n")).toMatch(/4 drops, 1 cash-out hub/);
    expect(c.reasons.join("\n")).toMatch(/members share device D-77 \(4 members\)/);
    expect(account(r, "victim2-1")).toMatchObject({ role: "victim", community: "C1" });
    expect(account(r, "exchange").community).toBeNull();
  });

  it("ranks a ring with reported victims and exits above one without", () => {
    const b = hubRingCase({ prefix: "a-" });
    const second = hubRingCase({ prefix: "b-", watchlist: false, identifiers: false }).build();
    for (const t of second.transfers)
      b.pay(t.from, t.to, t.amountKzt, (t.ts - Date.UTC(2024, 2, 4)) / 60_000, t);
    b.complaint("A1", "a-victim0-0", -5, 150_000);
    const r = detect(b.build());
    expect(r.clusters.map((c) => c.members[0])).toEqual(["a-drop0", "b-drop0"]);
    expect(r.clusters[0].score).toBeGreaterThan(r.clusters[1].score);
  });

  it("finds an organiser candidate that shares the drops' device", () => {
    const b = hubRingCase();
    b.share("device", "D-77", "boss");
    b.pay("funding", "boss", 50_000, -60 * 24 * 30);
    const r = detect(b.build());
    expect(account(r, "boss")).toMatchObject({ role: "organiser", community: "C1" });
    expect(account(r, "boss").reasons.join("\n")).toMatch(/shares device D-77 with 4 suspected accounts/);
  });

  it("gives the same accounts and clusters for the same seed", () => {
    const p = hubRingCase().build();
    const a = detect(p, { seed: 7 });
    const b = detect(p, { seed: 7 });
    expect(b.accounts).toEqual(a.accounts);
    expect(b.clusters).toEqual(a.clusters);
  });
});

describe("detect: hard negatives stay ordinary", () => {
  it("keeps a business that is paid by new clients and pays its suppliers the next day, all period long, ordinary", () => {
    const b = ordinaryLife(new ProjectionBuilder());
    // Every three days for 87 days from T0 (two thirds of the data: ordinaryLife begins 40 days earlier): three
    // first-time clients pay within an hour, the business pays its two suppliers the next day.
    for (let k = 0; k < 30; k++) {
      const day = 3 * k * 24 * 60;
      for (let c = 0; c < 3; c++) b.pay(`client${k}-${c}`, "business", 150_000 + 10_000 * c, day + 20 * c);
      b.pay("business", `supplier${k % 2}`, 250_000, day + 24 * 60);
      b.pay("business", `supplier${(k + 1) % 2}`, 170_000, day + 24 * 60 + 30);
    }
    // Forwarding steadily over at least 60% of the data, its new clients are no fan-in; without the rule they are.
    expect(roleOf(detect(b.build(), { steadyFlowMinShare: 0.6 }), "business")).toBe("ordinary");
    expect(roleOf(detect(b.build(), { steadyFlowMinShare: 1 }), "business")).toBe("drop");
  });

  it("keeps a merchant with high fan-in that sweeps its takings daily ordinary", () => {
    const r = detect(merchantCase().build());
    expect(roleOf(r, "merchant")).toBe("ordinary");
    expect(roleOf(r, "merchant-owner")).toBe("ordinary");
    expect(account(r, "merchant").reasons.join("\n")).toMatch(/first-time senders/);
  });

  it("keeps a payroll account with high fan-out ordinary", () => {
    const r = detect(payrollCase().build());
    expect(roleOf(r, "payroll")).toBe("ordinary");
    expect(r.accounts.filter((a) => a.role !== "ordinary")).toEqual([]);
  });

  it("keeps a person who moves each salary to their own account at another bank ordinary", () => {
    const r = detect(ownMoneyCase().build());
    expect(roleOf(r, "own-kaspi")).toBe("ordinary");
    expect(roleOf(r, "own-halyk")).toBe("ordinary");
  });

  it("keeps a person who draws their moved-over salary at ATMs abroad ordinary", () => {
    const r = detect(touristCase().build());
    expect(roleOf(r, "tourist-main")).toBe("ordinary");
    expect(roleOf(r, "tourist-spend")).toBe("ordinary");
    expect(account(r, "tourist-spend").reasons.join("\n")).toMatch(
      /nothing shows the money was anyone else's/,
    );
  });

  it("keeps a person who buys crypto with most of each salary ordinary", () => {
    const r = detect(cryptoBuyerCase().build());
    expect(roleOf(r, "crypto-buyer")).toBe("ordinary");
    expect(roleOf(r, "exchange")).toBe("exit");
  });

  it("calls a person who sends a drop most of a salary that just arrived a victim, not a drop", () => {
    const b = hubRingCase();
    // Paid by the same employer last month too: the money passed on is the person's own income.
    b.pay("employer", "safe-account-victim", 400_000, -60 * 24 * 30);
    b.pay("safe-account-victim", "shop", 380_000, -60 * 24 * 20);
    b.pay("employer", "safe-account-victim", 400_000, 100);
    b.pay("safe-account-victim", "drop2", 200_000, 106);
    b.pay("safe-account-victim", "drop3", 180_000, 158);
    const r = detect(b.build());
    expect(account(r, "safe-account-victim").role).toBe("victim");
    expect(roleOf(r, "drop2")).toBe("drop");
  });

  it("calls the holder of a remote-access loan sent on at once a victim, not a drop", () => {
    const r = detect(remoteLoanCase().build());
    expect(roleOf(r, "drop")).toBe("drop");
    expect(account(r, "loan-victim").role).toBe("victim");
    expect(account(r, "loan-victim").reasons[0]).toMatch(/remote-access loan pattern/);
    expect(roleOf(r, "lender")).toBe("ordinary");
  });

  it("does not call the owner of a rented account an organiser for sharing the ring's device", () => {
    const b = hubRingCase();
    // drop1 is a rented sole proprietor's account: the ring's logins under the owner's IIN reach the owner's own
    // personal account too.
    b.share("owner", "700101300200", "drop1", "owner-personal");
    b.share("device", "D-77", "owner-personal");
    b.pay("employer", "owner-personal", 300_000, -60 * 24 * 10);
    const r = detect(b.build());
    expect(roleOf(r, "owner-personal")).toBe("ordinary");
  });

  it("calls a sole proprietor's account a drop when private persons' money leaves within the hour, not the next day", () => {
    const build = (delayMinutes: number) => {
      const b = ordinaryLife(new ProjectionBuilder());
      b.account("ip", { holderKind: "sole_proprietor", accountKind: "business" });
      b.account("supplier", { holderKind: "legal_entity", accountKind: "business" });
      for (let i = 0; i < 6; i++) {
        const buyer = `buyer${i}`;
        b.account(buyer, { holderKind: "person" });
        b.pay("employer", buyer, 300_000, -60 * 24 * 30 + i);
        b.pay(buyer, "ip", 25_000 + 1_000 * i, 1800 * i);
        b.pay("ip", "supplier", Math.round((25_000 + 1_000 * i) * 0.88), 1800 * i + delayMinutes);
      }
      return detect(b.build());
    };
    expect(roleOf(build(40), "ip")).toBe("drop");
    expect(account(build(40), "ip").reasons.join("\n")).toMatch(/sole proprietor's business account/);
    expect(roleOf(build(23 * 60), "ip")).toBe("ordinary");
  });

  it("calls the account taking a cut from the hub again and again an organiser, not a drop", () => {
    const b = hubRingCase();
    b.pay("hub", "boss", 60_000, 500);
    b.pay("hub", "boss", 40_000, 520);
    b.pay("boss", "shop", 90_000, 900);
    const r = detect(b.build());
    expect(account(r, "boss").role).toBe("organiser");
    expect(account(r, "boss").reasons.join("\n")).toMatch(/in 2 small payments from 1 suspect/);
  });

  it("flags only the ring when merchants, payroll and own-money moves share the data with it", () => {
    const b = touristCase(
      cryptoBuyerCase(ownMoneyCase(payrollCase(merchantCase(hubRingCase({ watchlist: false }))))),
    );
    const r = detect(b.build());
    const flagged = r.accounts.filter((a) => a.role === "drop" || a.role === "hub").map((a) => a.id);
    expect(flagged.sort()).toEqual(["drop0", "drop1", "drop2", "drop3", "hub"]);
  });
});

describe("detect: transfers alone", () => {
  it("finds the drops and the hub with no complaints, watch-list, identifiers or IBANs", () => {
    const full = merchantCase(payrollCase(hubRingCase())).build();
    const { projection, rename } = transfersOnly(full);
    const r = detect(projection);
    const flagged = r.accounts.filter((a) => a.role === "drop" || a.role === "hub");
    const back = new Map([...rename].map(([k, v]) => [v, k]));
    expect(flagged.map((a) => `${back.get(a.id)}:${a.role}`).sort()).toEqual([
      "drop0:drop",
      "drop1:drop",
      "drop2:drop",
      "drop3:drop",
      "hub:hub",
    ]);
    expect(r.clusters).toHaveLength(1);
  });

  it("scores the same drops higher when complaints, the watch-list and identifiers are added", () => {
    const full = hubRingCase().build();
    full.complaints.push({
      caseNo: "X1",
      victimAccount: "victim0-0",
      incidentAt: full.transfers[0].ts,
      registeredAt: full.transfers[0].ts + 10 * DAY,
      lossKzt: 1,
    });
    const rich = detect(full);
    const { projection, rename } = transfersOnly(full);
    const poor = detect(projection);
    for (const key of ["drop0", "hub"]) {
      expect(account(rich, key).score).toBeGreaterThan(account(poor, rename.get(key)!).score);
    }
    expect(rich.clusters[0].score).toBeGreaterThan(poor.clusters[0].score);
  });
});

describe("detect: settings", () => {
  it("records every setting, the seed and the resolution with the run", () => {
    const r = detect(pureDropCase().build(), { seed: 3, resolution: 2 });
    expect(r.run.params).toMatchObject({ ...DEFAULT_DETECT_PARAMS, seed: 3, resolution: 2 });
    expect(r.run.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects an unknown setting and out-of-range values with one error naming each", () => {
    let caught: unknown;
    try {
      resolveDetectParams({ passThroughMinRatio: 1.5, fanInMin: -1, bogus: 1 } as never);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DetectParamsError);
    const e = caught as DetectParamsError;
    expect(e.name).toBe("DetectParamsError");
    expect(e.problems).toHaveLength(3);
    expect(e.message).toMatch(/passThroughMinRatio/);
    expect(e.message).toMatch(/fanInMin/);
    expect(e.message).toMatch(/"bogus"/);
  });

  it("names the setting relative to the data that replaced each old setting in KZT", () => {
    let caught: unknown;
    try {
      resolveDetectParams({ minPassThroughKzt: 20_000, testPaymentMaxKzt: 1_000 } as never);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DetectParamsError);
    const e = caught as DetectParamsError;
    expect(e.problems).toHaveLength(2);
    expect(e.message).toMatch(/"minPassThroughKzt" was replaced by minPassThroughAmountQuantile/);
    expect(e.message).toMatch(/"testPaymentMaxKzt" was replaced by testPaymentMaxAmountQuantile/);
    expect(() => resolveDetectParams({ structuringThresholds: "KZT 1000000, dollars" })).toThrow(
      DetectParamsError,
    );
  });

  it("runs on an empty projection", () => {
    const r = detect({ accounts: [], transfers: [], identifiers: [], complaints: [] });
    expect(r.accounts).toEqual([]);
    expect(r.clusters).toEqual([]);
  });
});

/** The same data with every amount (and loss) multiplied by `factor`, as if it were kept in another currency. */
function inCurrency(p: Projection, factor: number, currency: string): Projection {
  return {
    ...p,
    transfers: p.transfers.map((t) => ({
      ...t,
      amount: t.amount * factor,
      amountKzt: t.amountKzt * factor,
      currency,
    })),
    complaints: p.complaints.map((c) => ({ ...c, lossKzt: c.lossKzt * factor })),
  };
}

describe("detect: amounts relative to the data", () => {
  it("calls the same drop with the same score when every amount is a hundred times smaller", () => {
    const kzt = detect(pureDropCase().build());
    const small = detect(inCurrency(pureDropCase().build(), 0.01, "USD"));
    expect(account(small, "drop").role).toBe("drop");
    expect(account(small, "drop").score).toBe(account(kzt, "drop").score);
    expect(small.run.params.resolvedAmountsKzt).toEqual({
      minPassThrough: expect.any(Number),
      testPaymentMax: expect.any(Number),
    });
    const [big, tiny] = [kzt, small].map(
      (r) => r.run.params.resolvedAmountsKzt as { minPassThrough: number },
    );
    expect(tiny.minPassThrough).toBeCloseTo(big.minPassThrough / 100, 0);
  });

  it("sees structuring below the reporting threshold of the transfers' own currency, and none in a currency with none", () => {
    const b = pureDropCase();
    // The drop also passes three sums just below 10 000 USD on within a day: six transfers, in and out.
    for (let i = 0; i < 3; i++) {
      b.pay(`client${i}`, "drop", 9_900, 300 + 60 * i, { currency: "USD" });
      b.pay("drop", "exchange", 9_800, 330 + 60 * i, { currency: "USD" });
    }
    const usd = account(detect(b.build()), "drop");
    expect(usd.reasons.join("\n")).toMatch(/6 transfers just below 10 000 USD within 24 h/);
    const none = account(detect(b.build(), { structuringThresholds: "KZT 1000000" }), "drop");
    expect(none.reasons.join("\n")).not.toMatch(/just below/);
    expect(none.score).toBeLessThan(usd.score);
  });
});
