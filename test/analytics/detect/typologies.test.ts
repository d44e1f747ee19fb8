/**
 * The typology detectors on hand-built AMLSim-style registers (typologies.fixtures.ts): each shape is found with the
 * accounts and transfers behind it, time order matters, the legitimate look-alikes are not, and detect() turns the
 * shapes into drops and hubs from the transfers alone, saying which evidence is missing.
 */
import { describe, expect, it } from "vitest";
import type { Projection } from "../../../model/analysis.js";
import { detect } from "../../../server/analytics/detect/index.js";
import { indexIdentifiers, sameOwnerOf } from "../../../server/analytics/detect/identifiers.js";
import { indexProjection } from "../../../server/analytics/detect/indexed.js";
import { aggregatePairs } from "../../../server/analytics/detect/pairs.js";
import { resolveDetectParams } from "../../../server/analytics/detect/params.js";
import { passThrough } from "../../../server/analytics/detect/pass-through.js";
import { detectTypologies } from "../../../server/analytics/detect/typologies/index.js";
import { dataStats } from "../../../server/analytics/detect/typologies/stats.js";
import { ProjectionBuilder } from "./projection.fixtures.js";
import {
  acct,
  backAndForthChainCase,
  backwardsCycleCase,
  background,
  bareFanOutCase,
  bipartiteBurstCase,
  busyGatherScatterCase,
  chainCase,
  cycleCase,
  everydayScatterGatherCase,
  familyCase,
  familyCycleCase,
  familyFanInCase,
  quietHubFanInCase,
  quietHubSlowFanInCase,
  fanInCase,
  openedFanOfThreeCase,
  usualSendersFanInCase,
  fastFanInCase,
  fastFanOutCase,
  joinedStacksCase,
  linkedFanInCase,
  gatherScatterCase,
  oneHopCase,
  openedFanInCase,
  pairFanInCase,
  pairFanOutCase,
  payrollCase,
  reusedHubGatherScatterCase,
  reusedStackCase,
  salariedGatherScatterCase,
  salarySizedFanOutCase,
  strangersFanInCase,
  strangersGatherScatterCase,
  slowStrangersFanCase,
  scatterGatherCase,
  sharedSupplierCase,
  slowCycleCase,
  sharedSourceHopCase,
  slowLivedHopCase,
  slowSplitCase,
  slowStackCase,
  smallGatherScatterCase,
  smallerPartsGatherScatterCase,
  smallerPartsScatterGatherCase,
  slowFanOutCase,
  steadyFanOutCase,
  smallSumChainCase,
  fadingCycleCase,
  layeredStackCase,
  reusedFanOutCase,
  twoByTwoCase,
  twoForwarderStackCase,
  twoPayerGatherScatterCase,
  circleErrandsCase,
  dwarfedHopCase,
  staleInflowHopCase,
  salariedHopCase,
  salariedFanInCase,
  oneOffCycleCase,
  oneOffFanInCase,
  oneOffScatterGatherCase,
  standingRelationships,
} from "./typologies.fixtures.js";

/** The typology findings of a register; `exits`: accounts the data names as exits (an exchange, a foreign bank). */
function findings(p: Projection, exits: string[] = []) {
  const params = resolveDetectParams();
  const ix = indexProjection(p);
  const pt = passThrough(ix, {
    matching: params.matching,
    windowMs: params.passThroughWindowMs,
    passedInflowMinShare: params.passedInflowMinShare,
  });
  const isExit = (a: number) => exits.includes(ix.keys[a]);
  const ids = indexIdentifiers(ix, p.identifiers, {
    maxAccounts: params.sharedIdMaxAccounts,
    maxAccountsPerIp: params.sharedIpMaxAccounts,
  });
  const t = detectTypologies(
    ix,
    aggregatePairs(ix, pt),
    params,
    dataStats(ix),
    undefined,
    undefined,
    isExit,
    sameOwnerOf(ids),
  );
  return t.findings.map((f) => ({
    typology: f.typology,
    hubs: f.hubs.map((a) => ix.keys[a]).sort(),
    members: f.members.map((a) => ix.keys[a]).sort(),
    transfers: f.transfers.map((x) => ix.transfers[x].txId),
    reason: f.reason,
  }));
}

const shaped = (p: Projection) => findings(p).filter((f) => f.typology !== "forwarding");

describe("typologies: the data's own yardsticks", () => {
  it("tells the share of transfers below an amount, withdrawals left out, the inverse of the amount at a quantile", () => {
    const b = new ProjectionBuilder();
    [400, 100, 300, 200].forEach((kzt, i) => b.pay(`a${i}`, `b${i}`, kzt, i));
    b.withdraw("a0", "atm1", "KZ", 50, 9);
    const stats = dataStats(indexProjection(b.build()));
    expect([50, 100, 250, 300, 401].map(stats.shareBelow)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(stats.amountAt(0.5)).toBe(200);
    expect(stats.shareBelow(stats.amountAt(0.5))).toBe(0.25);
    expect(dataStats(indexProjection(new ProjectionBuilder().build())).shareBelow(1)).toBe(0);
  });
});

describe("typologies: the shapes", () => {
  it("finds no shape in ordinary shopping and friends' repeat transfers", () => {
    expect(shaped(background().build())).toEqual([]);
  });

  it("finds a cycle of four accounts with the transfers in time order and the amounts in its reason", () => {
    const f = shaped(cycleCase().build()).filter((x) => x.typology === "cycle");
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(["7000000001", "7000000002", "7000000003", "7000000004"]);
    expect(f[0].transfers).toHaveLength(4);
    expect(f[0].reason).toMatch(/cycle of 4 transfers back to 70000000\d\d?: .*9 000 USD/);
  });

  it("leaves a scatter-gather whose every pair paid twice fifty days apart in seventy days of data to the relationships it may be", () => {
    // A third round at that pace could not fall inside the data: the pairs are unseen (unseen.ts), neither strangers'
    // nor relationships. Three days apart, the same two rounds are a scatter-gather.
    const twice = (daysApart: number) => {
      const r = background();
      const mids = ["7200000001", "7200000002", "7200000003"];
      for (const day of [20, 20 + daysApart])
        mids.forEach((m, i) => {
          r.pay("7200000000", m, 3_000 + 10 * i, 60 * 24 * day + 30 * i);
          r.pay(m, "7200000009", 2_900 + 10 * i, 60 * 24 * day + 240 + 30 * i);
        });
      return shaped(r.build()).filter((x) => x.members.includes("7200000009"));
    };
    expect(twice(50)).toEqual([]);
    expect(twice(3).map((x) => x.typology)).toContain("scatter_gather");
  });

  it("finds no cycle when each account pays before it was paid (time order matters)", () => {
    expect(shaped(backwardsCycleCase().build()).filter((x) => x.typology === "cycle")).toEqual([]);
  });

  it("finds a layering chain of five accounts passing on about the same amount", () => {
    const f = shaped(chainCase().build()).filter((x) => x.typology === "random");
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(["7100000001", "7100000002", "7100000003", "7100000004", "7100000005"]);
    expect(f[0].reason).toMatch(/layering chain: 4 transfers in a row/);
  });

  it("finds a long chain of everyday sums passed on a day apart, but not a short one", () => {
    const chains = (links: number) =>
      shaped(smallSumChainCase(links, background(), 24 * 60).build()).filter((x) => x.typology === "random");
    const long = chains(5);
    expect(long).toHaveLength(1);
    expect(long[0].members).toHaveLength(7);
    expect(long[0].reason).toMatch(/layering chain: 6 transfers in a row/);
    expect(chains(2)).toEqual([]);
  });

  it("finds a fan-out from an account already in another shape, its usual sums taken without that shape's", () => {
    const fanOuts = (p: Projection) =>
      shaped(p).filter((x) => x.typology === "fan_out" && x.members.includes("7300000099"));
    const reused = fanOuts(reusedFanOutCase().build());
    expect(reused.map((x) => x.members)).toEqual([["4000000060", "4000000061", "4000000062", "7300000099"]]);
    expect(reused[0].reason).toMatch(/; usual sums taken without the transfers of the other shapes found$/);
    expect(fanOuts(reusedFanOutCase(background(), true).build())).toEqual([]);
  });

  it("finds a short chain of everyday sums when every hop passed the money on within hours, but not of petty sums", () => {
    const chains = (spacingMin: number, usd: number) =>
      shaped(smallSumChainCase(2, background(), spacingMin, usd).build()).filter(
        (x) => x.typology === "random",
      );
    const fast = chains(7, 70);
    expect(fast.map((x) => x.members)).toEqual([["7110000000", "7110000001", "7110000002", "7110000003"]]);
    expect(fast[0].reason).toMatch(/layering chain: 3 transfers in a row/);
    expect(chains(13 * 60, 70)).toEqual([]);
    expect(chains(7, 40)).toEqual([]);
  });

  it("follows a quick chain on below the floor hops are made of, round to where it started, but not a slow tail", () => {
    const long = (tailSpacingMin: number) =>
      shaped(fadingCycleCase(20, tailSpacingMin).build()).filter(
        (x) => (x.typology === "cycle" || x.typology === "random") && x.members.includes("7120000000"),
      );
    const quick = long(10);
    expect(quick.map((x) => x.typology)).toEqual(["cycle"]);
    expect(quick[0].members).toHaveLength(20);
    expect(quick[0].reason).toMatch(/cycle of 20 transfers back to 7120000000, each hop within hours/);
    const slow = long(13 * 60);
    expect(slow.map((x) => x.typology)).toEqual(["random"]);
    expect(slow[0].members).not.toContain("7120000019");
  });

  it("finds a stack whose two layers each fall within the burst though together they take longer, and not when a layer takes longer", () => {
    const stacks = (layer2: [number, number]) =>
      shaped(layeredStackCase(layer2).build()).filter(
        (x) => x.typology === "stack" && x.members.includes("7610000011"),
      );
    const found = stacks([10, 18]);
    expect(found.map((x) => [...x.members].sort())).toEqual([
      ["7610000001", "7610000002", "7610000011", "7610000012", "7610000021", "7610000022"],
    ]);
    expect(stacks([8, 24])).toEqual([]);
  });

  it("finds no layering chain in everyday sums handed back to their payer and on, but one in larger sums", () => {
    const chains = (p: Projection) =>
      shaped(p).filter((x) => x.typology === "random" && /in a row/.test(x.reason));
    expect(chains(backAndForthChainCase(background(), 78).build())).toEqual([]);
    const large = chains(backAndForthChainCase(background(), 300).build());
    expect(large.map((x) => x.members)).toEqual([["7900000900", "7900000901", "7900000902"]]);
  });

  it("finds a scatter-gather with its source, four intermediaries and the collector as hub", () => {
    const f = shaped(scatterGatherCase().build()).filter((x) => x.typology === "scatter_gather");
    expect(f).toHaveLength(1);
    expect(f[0].hubs).toEqual(["7200000099"]);
    expect(f[0].members).toHaveLength(6);
    expect(f[0].reason).toMatch(/7200000000 paid 4 accounts/);
  });

  it("finds a scatter-gather of everyday sums through four intermediaries within hours, and none over six days", () => {
    const sg = (p: Projection) => shaped(p).filter((x) => x.typology === "scatter_gather");
    const fast = sg(everydayScatterGatherCase().build());
    expect(fast.map((x) => x.hubs)).toEqual([["7200000199"]]);
    expect(fast[0].members).toHaveLength(6);
    expect(sg(everydayScatterGatherCase(background(), 60 * 24 * 2).build())).toEqual([]);
  });

  it("takes a scatter-gather's intermediaries passing on sums below the floor between the same two accounts within one hop's dwell, not ten days later", () => {
    const sg = (afterDays: number) =>
      shaped(smallerPartsScatterGatherCase(background(), afterDays).build()).filter(
        (x) => x.typology === "scatter_gather",
      );
    const mids = [0, 1, 2, 3].map((i) => `720000001${i}`);
    expect(sg(0).map((x) => x.members)).toEqual([
      ["7200000000", ...mids, "7200000014", "7200000015", "7200000099"],
    ]);
    expect(sg(10).map((x) => x.members)).toEqual([["7200000000", ...mids, "7200000099"]]);
  });

  it("finds a scatter-gather of two intermediaries within one hop's dwell, and none over ten days or among relatives", () => {
    const two = shaped(scatterGatherCase(background(), 2).build()).filter(
      (x) => x.typology === "scatter_gather",
    );
    expect(two.map((x) => x.hubs)).toEqual([["7200000099"]]);
    expect(two[0].reason).toMatch(/7200000000 paid 2 accounts/);
    const slow = shaped(scatterGatherCase(background(), 2, 60 * 24 * 10).build());
    expect(slow.filter((x) => x.typology === "scatter_gather")).toEqual([]);
    const family = shaped(scatterGatherCase(background(), 2, 30, true).build());
    expect(family.filter((x) => x.typology === "scatter_gather")).toEqual([]);
  });

  it("finds a fan-in of six large alike payments into a fresh account", () => {
    const f = shaped(fanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f).toHaveLength(1);
    expect(f[0].hubs).toEqual(["7300000099"]);
    expect(f[0].members).toHaveLength(7);
    expect(f[0].reason).toMatch(/6 one-off senders paid 7300000099 49 500 USD within/);
  });

  it("holds every one-off sender of a fan-in within days once three of them paid sums unusual for them, but not a salary paid in it", () => {
    const eight = Array.from({ length: 8 }, (_, i) => `73000000${10 + i}`);
    const f = shaped(usualSendersFanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f.map((x) => x.members)).toEqual([[...eight, "7300000099"]]);
    // Two senders whose sums stood out are too few to vouch for the others.
    const two = shaped(usualSendersFanInCase(background(), { shoppers: 2 }).build());
    expect(two.filter((x) => x.typology === "fan_in").map((x) => x.members)).toEqual([
      ["7300000016", "7300000017", "7300000099"],
    ]);
    const paid = shaped(usualSendersFanInCase(background(), { employer: true }).build()).filter(
      (x) => x.typology === "fan_in",
    );
    expect(paid.map((x) => x.members.includes("7300000050"))).toEqual([false]);
    expect(paid[0].members).toContain("7300000010");
  });

  it("finds a fan-in of three senders opened for it whose sums are below the fan floor, but not a batch within minutes", () => {
    const f = shaped(openedFanOfThreeCase().build()).filter((x) => x.hubs.includes("7800000100"));
    expect(f.map((x) => [x.typology, x.members])).toEqual([
      ["fan_in", ["7800000100", "7810000100", "7810000101", "7810000102"]],
    ]);
    const batch = shaped(openedFanOfThreeCase(background(), { spanMin: 10 }).build());
    expect(batch.filter((x) => x.hubs.includes("7800000100"))).toEqual([]);
  });

  it("finds a fan-in of three such payments, and of two only as a fan of two whose sums stand out at both ends", () => {
    const three = shaped(fanInCase(background(), 3).build()).filter((x) => x.typology === "fan_in");
    expect(three.map((x) => x.hubs)).toEqual([["7300000099"]]);
    expect(three[0].reason).toMatch(/3 one-off senders paid 7300000099/);
    const two = shaped(fanInCase(background(), 2).build()).filter((x) => x.typology === "fan_in");
    expect(two.map((x) => x.hubs)).toEqual([["7300000099"]]);
    expect(two[0].reason).toMatch(
      /^fan-in: 2 one-off senders paid 7300000099 .*; sums far above the usual ones of the account and of each sender\)$/,
    );
  });

  it("counts only strangers in a fan: a friend who paid the account before and was paid back is no one-off receiver of its windfall shared out", () => {
    const shareOut = (friend: boolean) => {
      const r = background();
      for (let k = 0; k < 4; k++) r.pay("7310000000", `shop${k}`, 25 + 5 * k, 60 * 24 * (2 + 7 * k));
      if (friend) {
        r.pay(acct(22), "7310000000", 90, 60 * 24 * 10);
        r.pay("7310000000", acct(22), 55, 60 * 24 * 30);
      }
      for (let i = 0; i < 3; i++) r.pay("7310000000", acct(20 + i), 2_410, 60 * 24 * 40 + 600 + 420 * i);
      return shaped(r.build()).filter((x) => x.typology === "fan_out");
    };
    expect(shareOut(false).map((x) => x.members)).toEqual([
      [acct(20), acct(21), acct(22), "7310000000"].sort(),
    ]);
    const withFriend = shareOut(true);
    expect(withFriend.map((x) => x.members)).toEqual([[acct(20), acct(21), "7310000000"].sort()]);
    expect(withFriend[0].reason).toMatch(/^fan-out: 7310000000 paid 2 one-off receivers /);
  });

  it("finds no fan-out of one sum an account with a life of its own was paid just before (a windfall shared out), unless its receivers or its payer were opened for it", () => {
    const shareOut = (windfall: boolean, receivers: string[], payerLife = true) => {
      const r = background();
      for (let k = 0; k < 4; k++) r.pay("7310000000", `shop${k}`, 25 + 5 * k, 60 * 24 * (2 + 7 * k));
      if (payerLife)
        for (let k = 0; k < 4; k++) r.pay("8310000000", `shop${k}`, 35 + 5 * k, 60 * 24 * (3 + 8 * k));
      if (windfall) r.pay("8310000000", "7310000000", 8_900, 60 * 24 * 40);
      receivers.forEach((to, i) => r.pay("7310000000", to, 2_410, 60 * 24 * 40 + 600 + 420 * i));
      return shaped(r.build()).filter((x) => x.typology === "fan_out");
    };
    const friends = [acct(20), acct(21), acct(22)];
    expect(shareOut(false, friends).map((x) => x.members)).toEqual([[...friends, "7310000000"].sort()]);
    expect(shareOut(true, friends)).toEqual([]);
    const fresh = ["7310000020", "7310000021", "7310000022"];
    expect(shareOut(true, fresh).map((x) => x.members)).toEqual([[...fresh, "7310000000"].sort()]);
    // Paid by an account that does nothing else in the data: a scheme's source, not a relative or a buyer.
    expect(shareOut(true, friends, false).map((x) => x.members)).toEqual([[...friends, "7310000000"].sort()]);
  });

  it("finds no fan-in an account with a life of its own paid on at once in one payment (shares collected for a purchase), but one through an account opened for it, or paid on to one or to an exit", () => {
    const collect = (life: boolean, payOn: boolean, exits: string[] = [], sellerLife = true) => {
      const r = fanInCase(background(), 4);
      if (life) for (let m = 0; m < 3; m++) r.pay("7300000099", "8320000000", 1_200, 60 * 24 * (2 + 20 * m));
      if (sellerLife)
        for (let k = 0; k < 4; k++) r.pay("8320000001", `shop${k}`, 45 + 5 * k, 60 * 24 * (4 + 8 * k));
      if (payOn) r.pay("7300000099", "8320000001", 30_000, 60 * 24 * 41 + 300);
      return findings(r.build(), exits).filter((x) => x.typology === "fan_in");
    };
    expect(collect(true, false).map((x) => x.hubs)).toEqual([["7300000099"]]);
    expect(collect(true, true)).toEqual([]);
    expect(collect(false, true).map((x) => x.hubs)).toEqual([["7300000099"]]);
    // Paid on at once to an exchange: cashed out, not an errand.
    expect(collect(true, true, ["8320000001"]).map((x) => x.hubs)).toEqual([["7300000099"]]);
    // Paid on to an account that does nothing else in the data: the scheme's next account, not a seller.
    expect(collect(true, true, [], false).map((x) => x.hubs)).toEqual([["7300000099"]]);
  });

  it("finds a gather-scatter when the payouts follow the inflows, and none when they come first", () => {
    const after = shaped(gatherScatterCase().build()).filter((x) => x.typology === "gather_scatter");
    expect(after).toHaveLength(1);
    expect(after[0].hubs).toEqual(["7400000050"]);
    expect(after[0].reason).toMatch(/passed 90% of it on to 4 accounts/);
    const before = shaped(gatherScatterCase(background(), true).build());
    expect(before.filter((x) => x.typology === "gather_scatter")).toEqual([]);
  });
});

describe("typologies: sparse and salary-sized shapes", () => {
  it("finds a fan-out of salary-sized payments that moves ten times all the account's other money", () => {
    const f = shaped(salarySizedFanOutCase().build()).filter((x) => x.typology === "fan_out");
    expect(f).toHaveLength(1);
    expect(f[0].members).toContain("7600000000");
    expect(f[0].members).toHaveLength(31);
  });

  it("finds a fan-out within hours that dwarfs the account's pace, every receiver a member", () => {
    const f = shaped(fastFanOutCase().build()).filter((x) => x.typology === "fan_out");
    expect(f).toHaveLength(1);
    expect(f[0].members).toContain("7700000000");
    expect(f[0].members).toHaveLength(31);
    expect(f[0].transfers).toHaveLength(30);
  });

  it("holds no receiver of a fast fan-out whose sum was far below the fan's: a small payment the day before is the payer's own life", () => {
    const r = background();
    const hub = "7700000000";
    for (let m = 0; m < 3; m++) r.pay(hub, "8200000000", 2_000, 60 * 24 * (3 + 20 * m));
    r.pay(hub, acct(90), 150, 60 * 24 * 49);
    for (let i = 0; i < 30; i++) r.pay(hub, acct(30 + i), 1_000 + 5 * i, 60 * 24 * 50 + 12 * i);
    const f = shaped(r.build()).filter((x) => x.typology === "fan_out");
    expect(f).toHaveLength(1);
    expect(f[0].members).toContain(acct(30));
    expect(f[0].members).not.toContain(acct(90));
    expect(f[0].members).toHaveLength(31);
  });

  it("takes a fast fan-out's payments below the floor within its hours as its smaller parts, not when it is spread over twenty days", () => {
    const f = shaped(fastFanOutCase(background(), 0, 0, true).build()).filter(
      (x) => x.typology === "fan_out",
    );
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(expect.arrayContaining([acct(70), acct(71), acct(72)]));
    expect(f[0].members).toHaveLength(34);
    expect(f[0].reason).toMatch(/^fan-out: 7700000000 paid 33 one-off receivers /);
    const slow = shaped(fastFanOutCase(background(), 20, 0, true).build()).filter(
      (x) => x.typology === "fan_out",
    );
    for (const x of slow) expect(x.members).not.toContain(acct(70));
  });

  it("finds no fan-out in the same payments spread over twenty days, nor from an account with more payees of its own", () => {
    const slow = shaped(fastFanOutCase(background(), 20).build());
    expect(slow.filter((x) => x.typology === "fan_out")).toEqual([]);
    const busy = shaped(fastFanOutCase(background(), 0, 40).build());
    expect(busy.filter((x) => x.typology === "fan_out")).toEqual([]);
  });

  it("finds a fan-in within two hours of sums partly below the scheme floor, unusual for their senders, every sender a member", () => {
    const f = shaped(fastFanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f.map((x) => x.hubs)).toEqual([["7470000000"]]);
    expect(f[0].members).toHaveLength(17);
    expect(f[0].reason).toMatch(
      /^fan-in: 16 one-off senders paid 7470000000 .* within 2 h .*times its usual pace/,
    );
  });

  it("finds no such fan-in over a day and a half, nor when its senders pay such sums every week", () => {
    for (const opts of [{ spreadHours: 36 }, { usualSums: true }]) {
      const f = shaped(fastFanInCase(opts).build());
      expect(
        f.filter((x) => x.typology === "fan_in"),
        JSON.stringify(opts),
      ).toEqual([]);
    }
  });

  it("finds a fan-in of two senders opened for it, and none when the two have lives of their own", () => {
    const f = shaped(openedFanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f).toHaveLength(1);
    expect([...f[0].members].sort()).toEqual(["7800000000", "7810000000", "7820000000"]);
    expect(f[0].reason).toMatch(
      /2 of them with fewer than three other transfers in the data \(opened for it\)/,
    );
    const friends = shaped(openedFanInCase(background(), true).build());
    expect(friends.filter((x) => x.typology === "fan_in")).toEqual([]);
  });

  it("finds a fan-out of two whose sums stand out for the payer and for both receivers, and none when the receivers often get such sums", () => {
    const f = shaped(pairFanOutCase().build()).filter((x) => x.typology === "fan_out");
    expect(f).toHaveLength(1);
    expect([...f[0].members].sort()).toEqual(["7900000500", "7900000501", "7900000502"]);
    expect(f[0].reason).toMatch(
      /^fan-out: 7900000500 paid 2 one-off receivers 8 100 USD within 5 h .*; sums far above the usual ones of the payer and of each receiver\)$/,
    );
    const usual = shaped(pairFanOutCase(background(), true).build());
    expect(usual.filter((x) => x.typology === "fan_out")).toEqual([]);
  });

  it("finds a fast fan-out of two large sums when one receiver often gets such sums, and none when they are a day apart", () => {
    const f = shaped(pairFanOutCase(background(), "second").build()).filter((x) => x.typology === "fan_out");
    expect(f.map((x) => [...x.members].sort())).toEqual([["7900000500", "7900000501", "7900000502"]]);
    expect(f[0].reason).toMatch(
      /^fan-out: 7900000500 paid 2 one-off receivers 8 100 USD within 5 h .*; each sum 5 times or more the payer's usual ones and among the data's largest, and far above the usual ones of 1 receiver\)$/,
    );
    const apart = shaped(pairFanOutCase(background(), "second", 60 * 20).build());
    expect(apart.filter((x) => x.typology === "fan_out")).toEqual([]);
  });

  it("finds a fan-out of two sums above the fan floor from an account that does nothing else, and none from a shopper", () => {
    const f = shaped(bareFanOutCase().build()).filter((x) => x.typology === "fan_out");
    expect(f.map((x) => x.members)).toEqual([["7900000800", "7900000801", "7900000802"]]);
    const shopper = shaped(bareFanOutCase(background(), true).build());
    expect(shopper.filter((x) => x.typology === "fan_out")).toEqual([]);
  });

  it("finds a fan of two from an account that does nothing else even when one receiver gets such sums anyway", () => {
    const fanOuts = (payerLife: boolean) =>
      shaped(bareFanOutCase(background(), payerLife, true).build()).filter((x) => x.typology === "fan_out");
    expect(fanOuts(false).map((x) => x.members)).toEqual([["7900000800", "7900000801", "870000010"]]);
    expect(fanOuts(true)).toEqual([]);
  });

  it("finds a fan-in of two whose sums stand out for the account and for both payers, and none when each payer passes on a collection", () => {
    const f = shaped(pairFanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f).toHaveLength(1);
    expect([...f[0].members].sort()).toEqual(["7900000700", "7900000701", "7900000702"]);
    expect(f[0].reason).toMatch(
      /^fan-in: 2 one-off senders paid 7900000700 8 100 USD within 5 h .*; sums far above the usual ones of the account and of each sender\)$/,
    );
    const pots = shaped(pairFanInCase(background(), true).build());
    expect(pots.filter((x) => x.typology === "fan_in")).toEqual([]);
  });

  it("finds a gather-scatter of sums the size of the hub's pay when both its sides dwarf the hub's pace", () => {
    const f = shaped(salariedGatherScatterCase().build()).filter((x) => x.typology === "gather_scatter");
    expect(f.map((x) => x.hubs)).toEqual([["7450000000"]]);
    expect(f[0].members).toHaveLength(16);
    expect(f[0].members).not.toContain("7450000030");
    expect(f[0].reason).toMatch(
      /^gather-scatter: 8 one-off senders paid 7450000000 .*; \d+ times its usual pace, from more senders than paid it in all the rest of the data\), then passed 90% of it on to 7 accounts/,
    );
  });

  it("finds no gather-scatter of sums the size of the hub's pay when it pays as many others such sums anyway", () => {
    const f = shaped(salariedGatherScatterCase(true).build());
    expect(f.filter((x) => x.typology === "gather_scatter")).toEqual([]);
  });

  it("finds a gather-scatter of two payers and four receivers through an account opened for it, with its payers as members", () => {
    const f = shaped(twoPayerGatherScatterCase().build()).filter((x) => x.typology === "gather_scatter");
    expect(f).toHaveLength(1);
    expect(f[0].hubs).toEqual(["7900000600"]);
    expect([...f[0].members].sort()).toEqual([
      "7900000600",
      "7900000601",
      "7900000602",
      "7900000610",
      "7900000611",
      "7900000612",
      "7900000613",
    ]);
  });

  it("finds a fan-out of thirty strangers within hours even when each payment is a fraction of the account's pay", () => {
    const f = shaped(salarySizedFanOutCase(background(), 12_000).build()).filter(
      (x) => x.typology === "fan_out",
    );
    expect(f).toHaveLength(1);
    expect(f[0].reason).toMatch(
      /times its usual pace, to more receivers than it paid in all the rest of the data/,
    );
  });

  it("finds the same fan-out spread over twenty days, its receivers for whom the sum stood out as members", () => {
    const f = shaped(salarySizedFanOutCase(background(), 12_000, 20).build()).filter(
      (x) => x.typology === "fan_out",
    );
    expect(f).toHaveLength(1);
    expect(f[0].members).toHaveLength(31);
    expect(f[0].reason).toMatch(
      /within 19 days .*times its usual pace, to more receivers than it paid in all the rest of the data/,
    );
  });

  it("finds no fan-out of three friends paid a fan's sums over three weeks, unless the sums are the data's largest fifth or ten times the payer's own", () => {
    const fanOut = (p: Projection) => shaped(p).filter((x) => x.typology === "fan_out");
    expect(fanOut(slowFanOutCase(background(), 22, 88, 21).build())).toEqual([]);
    expect(fanOut(slowFanOutCase(background(), 22, 88, 3).build()).map((x) => x.reason)).toEqual([
      expect.stringMatching(/^fan-out: 7900000800 paid 3 one-off receivers 273 USD within 3 days/),
    ]);
    expect(fanOut(slowFanOutCase(background(), 7, 88, 21).build()).map((x) => x.reason)).toEqual([
      expect.stringMatching(/^fan-out: 7900000800 paid 3 one-off receivers 273 USD within 21 days/),
    ]);
    expect(fanOut(slowFanOutCase(background(), 22, 300, 21).build())).toHaveLength(1);
  });

  it("finds a fan-out slower than a hop in sums under the fan floor when it keeps a fast fan's pace throughout, and none at a slower pace", () => {
    const fanOut = (p: Projection) => shaped(p).filter((x) => x.typology === "fan_out");
    const f = fanOut(steadyFanOutCase().build());
    expect(f.map((x) => [x.members.length, x.reason])).toEqual([
      [
        21,
        expect.stringMatching(/^fan-out: 7900001600 paid 20 one-off receivers 1 5\d\d USD within 20 days/),
      ],
    ]);
    expect(fanOut(steadyFanOutCase(background(), 12, 20).build())).toEqual([]);
    expect(fanOut(steadyFanOutCase(background(), 12, 12).build())).toHaveLength(1);
  });

  it("finds no fan-out in those twenty days from an account that pays as many suppliers of its own such sums", () => {
    const f = shaped(salarySizedFanOutCase(background(), 12_000, 20, 40).build());
    expect(f.filter((x) => x.typology === "fan_out")).toEqual([]);
  });

  it("finds a bipartite block of senders with their own shopping when all its payments fall within two days", () => {
    const f = shaped(bipartiteBurstCase().build()).filter((x) => x.typology === "bipartite");
    expect(f).toHaveLength(1);
    expect(f[0].members).toHaveLength(8);
    expect(f[0].transfers).toHaveLength(12);
  });

  it("finds a complete block of everyday sums below the scheme floor, every sender paying every receiver within two days, and no partial one", () => {
    // Eight people, each paying a landlord and a utility of their own every month; the four senders each pay the four
    // receivers 30–45 USD (the scheme floor is about 73 USD here) within two days.
    const senders = [0, 1, 2, 3].map((i) => `796000000${i}`);
    const receivers = [0, 1, 2, 3].map((i) => `796000001${i}`);
    const block = (skipOne: boolean) => {
      const r = background();
      for (const a of [...senders, ...receivers])
        for (let m = 0; m < 3; m++) {
          r.pay(a, `${a}L`, 900, 60 * 24 * (1 + 20 * m));
          r.pay(a, `${a}U`, 60, 60 * 24 * (3 + 20 * m));
        }
      let k = 0;
      senders.forEach((s, i) =>
        receivers.forEach((to, j) => {
          if (skipOne && i === 3 && j === 3) return;
          r.pay(s, to, 30 + k, 60 * 24 * 25 + 170 * k);
          k++;
        }),
      );
      return shaped(r.build()).filter((x) => x.typology === "bipartite");
    };
    const complete = block(false);
    expect(complete.map((x) => x.members)).toEqual([[...senders, ...receivers].sort()]);
    expect(complete[0].transfers).toHaveLength(16);
    expect(block(true)).toEqual([]);
  });

  it("finds no bipartite block when the same payments are spread over forty days", () => {
    const f = shaped(bipartiteBurstCase(background(), 40).build());
    expect(f.filter((x) => x.typology === "bipartite")).toEqual([]);
  });
  it("finds a stack of two accounts side by side passing one source's money on to one collector within hours", () => {
    const f = shaped(twoForwarderStackCase().build()).filter((x) => x.typology === "stack");
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(["7900000000", "7900000001", "7900000002", "7900000009"]);
  });

  it("finds no stack where the two pass on money from someone they deal with both ways (a parent's money for a joint purchase)", () => {
    const r = twoForwarderStackCase();
    for (const child of ["7900000001", "7900000002"]) {
      r.pay(child, "7900000000", 40, 60 * 24 * 3);
      r.pay(child, "7900000000", 35, 60 * 24 * 12);
    }
    expect(shaped(r.build()).filter((x) => x.typology === "stack")).toEqual([]);
  });

  it("finds no stack of two when the second passes its money on three weeks after the first", () => {
    const f = shaped(twoForwarderStackCase(background(), 21).build());
    expect(f.filter((x) => x.typology === "stack")).toEqual([]);
  });
});

describe("typologies: below fan size and slow layers", () => {
  it("finds a gather-scatter of four accounts through an account opened for it: a sum in, split to two after it came in", () => {
    const f = shaped(smallGatherScatterCase().build()).filter((x) => x.typology === "gather_scatter");
    expect(f).toHaveLength(1);
    expect(f[0].hubs).toEqual(["7900000100"]);
    expect(f[0].members).toEqual(["7900000100", "7900000101", "7900000102", "7900000103"]);
    expect(f[0].reason).toMatch(
      /^gather-scatter: 7900000100 received 5 000 USD from 1 one-off payer \(7900000101\) and after the last of it passed 94% on to 2 one-off receivers/,
    );
  });

  it("finds no gather-scatter of four through a shopper when its payer and its receivers have lives of their own, however its sums dwarf the shopper's: a windfall shared out among relatives looks the same", () => {
    const f = shaped(smallGatherScatterCase(background(), false, true, true, true).build());
    expect(f.filter((x) => x.typology === "gather_scatter")).toEqual([]);
    // Two friends with lives of their own (each paid a salary) paying the shopper, who splits it among four.
    const friends = background();
    for (const who of ["7900000601", "7900000602"])
      for (let m = 0; m < 3; m++) friends.pay("8100000002", who, 2_000, 60 * 24 * (2 + 20 * m));
    const two = shaped(twoPayerGatherScatterCase(friends, true, true).build());
    expect(two.filter((x) => x.typology === "gather_scatter")).toEqual([]);
  });

  it("finds a gather-scatter through a shopper paid by two people with lives of their own when the money went on to accounts opened for it, and names them", () => {
    const friends = background();
    for (const who of ["7900000601", "7900000602"])
      for (let m = 0; m < 3; m++) friends.pay("8100000002", who, 2_000, 60 * 24 * (2 + 20 * m));
    const f = shaped(twoPayerGatherScatterCase(friends, true).build()).filter(
      (x) => x.typology === "gather_scatter",
    );
    expect(f.map((x) => x.hubs)).toEqual([["7900000600"]]);
    expect(f[0].members).toEqual(
      expect.arrayContaining(["7900000601", "7900000602", "7900000610", "7900000613"]),
    );
    expect(f[0].reason).toMatch(
      /; 7900000600 has a life of its own, 4 counterparties \(7900000610, 7900000611, 7900000612 and 1 more\) with no other transfers to speak of$/,
    );
  });

  it("finds a gather-scatter of four through a shopper when its payer and receivers were opened for it, and says so", () => {
    const f = shaped(smallGatherScatterCase(background(), false, true).build()).filter(
      (x) => x.typology === "gather_scatter",
    );
    expect(f.map((x) => x.members)).toEqual([["7900000100", "7900000101", "7900000102", "7900000103"]]);
    expect(f[0].reason).toMatch(
      /; 7900000100 has a life of its own, 3 counterparties \(7900000101, 7900000102, 7900000103\) with no other transfers to speak of$/,
    );
    const two = shaped(twoPayerGatherScatterCase(background(), true).build());
    expect(two.filter((x) => x.typology === "gather_scatter").map((x) => x.members)).toHaveLength(1);
  });

  it("finds no gather-scatter of four through a shopper when its payer and receivers are at another bank: one bank's register sees them once", () => {
    const p = smallGatherScatterCase(background(), false, true).build();
    const elsewhere = new Set(["7900000101", "7900000102", "7900000103"]);
    p.accounts = p.accounts.map((a) => ({ ...a, bank: elsewhere.has(a.key) ? "OTHER" : "HOME" }));
    expect(shaped(p).filter((x) => x.typology === "gather_scatter")).toEqual([]);
  });

  it("finds no gather-scatter of four when the receivers get such sums every month anyway", () => {
    const f = shaped(smallGatherScatterCase(background(), true).build());
    expect(f.filter((x) => x.typology === "gather_scatter")).toEqual([]);
  });

  it("finds a one-hop layering chain through an account with no other transfers, and none through a shopper whose sums it dwarfs (a sum passed on for a friend)", () => {
    const f = shaped(oneHopCase().build()).filter((x) => x.typology === "random");
    expect(f.map((x) => x.members)).toEqual([["7900000400", "7900000401", "7900000402"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900000401, an account with no other transfers to speak of: /,
    );
    const shopper = shaped(oneHopCase(background(), true, false, 180, true, true).build());
    expect(shopper.filter((x) => x.typology === "random")).toEqual([]);
  });

  it("finds a one-hop chain through a shopper paid by someone with a life of its own when it passed the money on to an account opened for it, and says which", () => {
    const f = shaped(oneHopCase(background(), true, false, 180, true).build()).filter(
      (x) => x.typology === "random",
    );
    expect(f.map((x) => x.members)).toEqual([["7900000400", "7900000401", "7900000402"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900000401, an account with a life of its own, to 7900000402, an account with no other transfers to speak of: /,
    );
  });

  it("finds a one-hop chain through a shopper, from and to shoppers, when it kept a cut of a sum twenty times the usual ones of all three, and says so", () => {
    const f = shaped(dwarfedHopCase().build()).filter((x) => x.typology === "random");
    expect(f.map((x) => x.members)).toEqual([["7900000700", "7900000701", "7900000702"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900000701, an account with a life of its own, in sums at least 20 times the usual ones of all three accounts: /,
    );
  });

  it("finds no chain through a shopper that passed a friend's sum on whole (an errand keeps no cut), nor one that shared one payer's sum out between two (a windfall)", () => {
    expect(shaped(dwarfedHopCase(background(), 9_000).build())).toEqual([]);
    expect(shaped(dwarfedHopCase(background(), 8_600, "split").build())).toEqual([]);
  });

  it("finds a gather-scatter through a shopper of two shoppers' sums twenty times their usual ones passed on less a cut to a third, and says so", () => {
    const f = shaped(dwarfedHopCase(background(), 8_600, "gather").build());
    expect(f.map((x) => [x.typology, x.hubs, x.members])).toEqual([
      ["gather_scatter", ["7900000701"], ["7900000700", "7900000701", "7900000702", "7900000703"]],
    ]);
    expect(f[0].reason).toMatch(
      /; 7900000701 has a life of its own, the sums at least 20 times the usual ones of everyone in it$/,
    );
  });

  it("finds a slow one-hop chain through a shopper to an account opened for it when the sum was twenty times its usual ones, and says so", () => {
    const f = shaped(slowLivedHopCase().build());
    expect(f.map((x) => [x.typology, x.members])).toEqual([
      ["random", ["7900001400", "7900001401", "7900001402"]],
    ]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900001401, an account with a life of its own, to 7900001402, an account with no other transfers to speak of: .*; 7900001401 passed it on later than one hop's dwell, the sums at least 20 times its usual ones$/,
    );
  });

  it("finds no slow one-hop chain through a shopper at sixteen times its usual sums, nor one to a receiver with a life of its own, nor one slower than a scheme's period", () => {
    expect(shaped(slowLivedHopCase(background(), { amount: 700 }).build())).toEqual([]);
    expect(shaped(slowLivedHopCase(background(), { receiverShops: true }).build())).toEqual([]);
    expect(shaped(slowLivedHopCase(background(), { waitDays: 31 }).build())).toEqual([]);
  });

  it("finds no one-hop chain when the hop and its receiver have one owner, as the export's holders say", () => {
    expect(shaped(slowLivedHopCase().ownedBy("850505300111", "7900001401", "7900001402").build())).toEqual(
      [],
    );
    // The same owner named for the receiver and someone else's account changes nothing.
    expect(
      shaped(slowLivedHopCase().ownedBy("850505300111", "7900001402", "4000000001").build()).map(
        (x) => x.typology,
      ),
    ).toEqual(["random"]);
  });

  it("finds a one-hop chain through an account opened for it although its payer also paid another forwarder days before (no stack)", () => {
    const f = shaped(sharedSourceHopCase().build());
    expect(f.map((x) => [x.typology, x.members])).toEqual([
      ["random", ["7900001500", "7900001501", "7900001504"]],
    ]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900001501, an account with no other transfers to speak of: /,
    );
  });

  it("judges no forwarder of a group alone when it paid another of them: that is a chain, the hops' to judge", () => {
    // 7900001501 passes the 5 000 USD on to the other forwarder instead of to a stranger.
    const f = shaped(sharedSourceHopCase(background(), { to: "7900001502" }).build());
    expect(f.filter((x) => x.reason.startsWith("layering chain through 7900001501,"))).toEqual([]);
  });

  it("judges no forwarder of a group alone when it moved the money to its owner's own account", () => {
    const f = shaped(sharedSourceHopCase().ownedBy("850505300111", "7900001501", "7900001504").build());
    expect(f).toEqual([]);
  });

  it("finds a one-hop chain through a shopper when its shop paid three days later is left out of what it passed on", () => {
    const f = shaped(dwarfedHopCase(background(), 8_600, "hop", { petty: true }).build());
    expect(f.map((x) => [x.typology, x.members])).toEqual([
      ["random", ["7900000700", "7900000701", "7900000702"]],
    ]);
    expect(f[0].transfers).toHaveLength(2);
  });

  it("finds a one-hop chain through a shopper from an account opened for it when it kept a cut of a sum five times its usual ones and the receiver's, and says so", () => {
    const f = shaped(dwarfedHopCase(background(), 380, "hop", { amount: 400, payersShop: false }).build());
    expect(f.map((x) => [x.typology, x.members])).toEqual([
      ["random", ["7900000700", "7900000701", "7900000702"]],
    ]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900000701, an account with a life of its own, from 7900000700, an account with no other transfers to speak of, in sums at least 5 times the usual ones of 7900000701 and 7900000702: /,
    );
  });

  it("finds no one-hop chain through a shopper of eight times its usual sums from a payer with a life of its own, nor of four times from one opened for it", () => {
    expect(shaped(dwarfedHopCase(background(), 380, "hop", { amount: 400 }).build())).toEqual([]);
    expect(
      shaped(dwarfedHopCase(background(), 170, "hop", { amount: 180, payersShop: false }).build()),
    ).toEqual([]);
  });

  it("finds a gather-scatter through a shopper of two payers opened for it, and says so", () => {
    const f = shaped(
      dwarfedHopCase(background(), 380, "gather", { amount: 400, payersShop: false }).build(),
    ).filter((x) => x.typology === "gather_scatter");
    expect(f.map((x) => [x.typology, x.hubs, x.members])).toEqual([
      ["gather_scatter", ["7900000701"], ["7900000700", "7900000701", "7900000702", "7900000703"]],
    ]);
    expect(f[0].reason).toMatch(
      /; 7900000701 has a life of its own, its payers no other transfers to speak of, the sums at least 5 times the usual ones of 7900000701 and its receivers$/,
    );
  });

  it("finds a one-hop chain through an account a stranger paid five weeks before, that sum no part of what it passed on", () => {
    const f = shaped(staleInflowHopCase().build()).filter((x) => x.typology === "random");
    expect(f.map((x) => x.members)).toEqual([["7900001100", "7900001101", "7900001102"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900001101, an account with a life of its own, to 7900001102/,
    );
  });

  it("finds a one-hop chain through a salaried account of a stranger's sum far above its other one-off transfers, passed on less a cut, and says whose usual sums", () => {
    const f = shaped(salariedHopCase().build()).filter((x) => x.typology === "random");
    expect(f.map((x) => x.members)).toEqual([["7900001200", "7900001201", "7900001202"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900001201, an account with a life of its own, to 7900001202, .*; 7900001201's usual sums are those of its one-off transfers, its standing payments left out$/,
    );
  });

  it("finds a one-hop chain through a salaried account between shoppers when the sum is twenty times theirs and its own one-off transfers'", () => {
    const f = shaped(
      salariedHopCase(background(), 960, { amount: 1_000, receiverShops: true }).build(),
    ).filter((x) => x.typology === "random");
    expect(f.map((x) => x.members)).toEqual([["7900001200", "7900001201", "7900001202"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900001201, an account with a life of its own, in sums at least 20 times the usual ones of all three accounts: .*; 7900001201's usual sums are those of its one-off transfers, its standing payments left out$/,
    );
    const lower = salariedHopCase(background(), 480, { amount: 500, receiverShops: true });
    expect(shaped(lower.build()).filter((x) => x.typology === "random")).toEqual([]);
  });

  it("finds no such chain when the salaried account passed the stranger's sum on whole", () => {
    expect(shaped(salariedHopCase(background(), 400).build()).filter((x) => x.typology === "random")).toEqual(
      [],
    );
  });

  it("finds a slow fan-in of strangers' thousands to a salaried account when it is most of what strangers ever paid it, and says so", () => {
    const f = shaped(salariedFanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f.map((x) => [x.hubs, x.members])).toEqual([
      [["7900001301"], ["7900001301", "7900001310", "7900001311", "7900001312", "7900001313", "7900001314"]],
    ]);
    expect(f[0].reason).toMatch(
      /^fan-in: 5 one-off senders paid 7900001301 10 000 USD within 8 days \(53% of all/,
    );
    expect(f[0].reason).toMatch(
      /; 100% of what it received over one-off pairs, its standing payments left out$/,
    );
  });

  it("finds a slow fan-in to a salaried account when most of its senders were opened for it and the rest paid what they usually pay, and says so", () => {
    const f = shaped(
      salariedFanInCase(background(), false, { opened: 3, usualSenders: true }).build(),
    ).filter((x) => x.typology === "fan_in");
    expect(f.map((x) => [x.hubs, x.members])).toEqual([
      [["7900001301"], ["7900001301", "7900001310", "7900001311", "7900001312"]],
    ]);
    expect(f[0].reason).toMatch(
      /; 100% of what it received over one-off pairs, its standing payments left out; 3 of its senders with fewer than three other transfers in the data \(opened for it\)$/,
    );
  });

  it("finds no slow fan-in to a salaried account when fewer than half of its senders were opened for it and the rest paid what they usually pay", () => {
    const f = shaped(salariedFanInCase(background(), false, { opened: 2, usualSenders: true }).build());
    expect(f.filter((x) => x.typology === "fan_in")).toEqual([]);
  });

  it("finds no such fan-in when strangers paid the account as much again over the data (a seller)", () => {
    expect(
      shaped(salariedFanInCase(background(), true).build()).filter((x) => x.typology === "fan_in"),
    ).toEqual([]);
  });

  it("finds a one-hop chain through a shopper when its payer and its receiver were opened for it: no friend's errand", () => {
    const f = shaped(oneHopCase(background(), true).build()).filter((x) => x.typology === "random");
    expect(f.map((x) => x.members)).toEqual([["7900000400", "7900000401", "7900000402"]]);
    expect(f[0].reason).toMatch(
      /^layering chain through 7900000401, an account with a life of its own, from and to accounts with no other transfers to speak of: /,
    );
  });

  it("finds a one-hop chain that waits six days through an account with no other transfer, and none through a shopper to a receiver with a life of its own", () => {
    const slow = shaped(oneHopCase(background(), false, false, 60 * 24 * 6).build()).filter(
      (x) => x.typology === "random",
    );
    expect(slow.map((x) => x.members)).toEqual([["7900000400", "7900000401", "7900000402"]]);
    expect(slow[0].reason).toMatch(/^layering chain through 7900000401, an account with no other transfers/);
    const shopper = shaped(oneHopCase(background(), true, false, 60 * 24 * 6, false, true).build());
    expect(shopper.filter((x) => x.typology === "random")).toEqual([]);
  });

  it("finds a split that waits weeks through an account with no other transfer as a gather-scatter, and through a shopper only with the sums twenty times its usual ones", () => {
    const f = shaped(slowSplitCase().build()).filter((x) => x.typology === "gather_scatter");
    expect(f.map((x) => x.members)).toEqual([["7900000400", "7900000411", "7900000412", "7900000413"]]);
    expect(f[0].reason).toMatch(
      /^gather-scatter: 7900000411 received 7 500 USD from 1 one-off payer .* within 17 days/,
    );
    // Through a shopper only because the sums are twenty times its usual ones and the receivers were opened for it.
    const shopper = shaped(slowSplitCase(background(), true).build());
    expect(shopper.map((x) => x.reason)).toEqual([
      expect.stringMatching(
        /; 7900000411 passed it on later than one hop's dwell, the sums at least 20 times its usual ones$/,
      ),
    ]);
  });

  it("finds no one-hop chain through a shopper when the sum is what its receiver is paid every month", () => {
    const f = shaped(oneHopCase(background(), true, true).build());
    expect(f.filter((x) => x.typology === "random")).toEqual([]);
  });

  it("finds a bipartite block of two strangers each paying the same two receivers within three days", () => {
    const f = shaped(twoByTwoCase().build()).filter((x) => x.typology === "bipartite");
    expect(f.map((x) => x.members)).toEqual([["7900000500", "7900000501", "7900000510", "7900000511"]]);
  });

  it("finds no such block when a receiver pays a sender back: they deal with each other every way", () => {
    const f = shaped(twoByTwoCase(background(), true).build());
    expect(f.filter((x) => x.typology === "bipartite")).toEqual([]);
  });

  it("finds a stack whose three middle accounts pass the money on ten days after it came in", () => {
    const f = shaped(slowStackCase().build()).filter((x) => x.typology === "stack");
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(expect.arrayContaining(["7900000200", "7900000201", "7900000202"]));
    expect(f[0].reason).toMatch(/each passed on 95% of what they received after the last of it came in/);
  });

  it("finds no stack when the same three middle accounts act forty days apart", () => {
    const f = shaped(slowStackCase(background(), 10, 40).build());
    expect(f.filter((x) => x.typology === "stack")).toEqual([]);
  });
});

describe("typologies: gather-scatter members", () => {
  it("takes a gather-scatter sender whose payment was its usual size into the shape", () => {
    const r = gatherScatterCase();
    // A sixth sender pays its landlord 6 000 USD every month: its 6 000 USD into the hub is nothing unusual for it.
    for (let m = 0; m < 3; m++) r.pay("7400000021", "7400000070", 6_000, 60 * 24 * (3 + 20 * m));
    r.pay("7400000021", "7400000050", 6_000, 60 * 24 * 45 + 500);
    const f = shaped(r.build()).filter((x) => x.typology === "gather_scatter");
    expect(f).toHaveLength(1);
    expect(f[0].members).toContain("7400000021");
    expect(f[0].members).toHaveLength(11);
  });
});

describe("typologies: a gather-scatter of strangers' everyday sums", () => {
  const gs = (payees: number) =>
    shaped(strangersGatherScatterCase(background(), payees).build()).filter((x) =>
      x.hubs.includes("7900001000"),
    );

  it("finds six strangers' sums a salaried account splits among twelve others within a fortnight", () => {
    const f = gs(0);
    expect(f.map((x) => x.typology)).toEqual(["gather_scatter"]);
    expect(f[0].members).toHaveLength(19);
    expect(f[0].reason).toMatch(
      /^gather-scatter of strangers: 6 one-off senders paid 7900001000 .* then it passed 101% of it on to 12 one-off receivers/,
    );
  });

  it("finds none when the account paid as many people of its own besides: twelve are not most of its payees", () => {
    expect(gs(8).filter((x) => x.typology === "gather_scatter")).toEqual([]);
  });
});

describe("typologies: a gather-scatter's smaller parts", () => {
  const gs = (smallerBefore: boolean) =>
    shaped(smallerPartsGatherScatterCase(background(), smallerBefore).build()).filter(
      (x) => x.typology === "gather_scatter",
    );
  const payers = [10, 11, 12, 13, 14, 15, 16, 17].map((i) => `79000009${i}`);
  const smaller = [30, 31, 32, 33].map((i) => `79000009${i}`);
  const receivers = [50, 51, 52, 53, 54, 55].map((i) => `79000009${i}`);

  it("takes payments below the floor made while the fan came in as senders, and every receiver their money paid", () => {
    const f = gs(false);
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(["7900000900", ...payers, ...smaller, ...receivers].sort());
    expect(f[0].reason).toMatch(
      /8 one-off senders paid 7900000900 .*, and 4 one-off senders 230 USD in smaller parts in the same time, then passed 98% of it on to 6 accounts/,
    );
  });

  it("leaves out smaller payments made before the fan began, and the receiver the fan's money does not cover", () => {
    const f = gs(true);
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(["7900000900", ...payers, ...receivers.slice(0, 5)].sort());
    expect(f[0].reason).not.toMatch(/smaller parts/);
  });
});

describe("typologies: a gather-scatter through a hub with a life of its own", () => {
  const gs = (opts: Parameters<typeof busyGatherScatterCase>[0]) =>
    shaped(busyGatherScatterCase(opts).build()).filter((x) => x.hubs.includes("7400000050"));

  it("finds it when the hub's weekly pay is most of its money but the fan came within hours", () => {
    const f = gs({ salary: true });
    expect(f.map((x) => x.typology)).toEqual(["gather_scatter"]);
    expect(f[0].members).toHaveLength(10);
  });

  it("finds a fan-in in the same inflows when the hub passes nothing on: strangers paying sums far above their own within hours", () => {
    const f = gs({ salary: true, payouts: false });
    expect(f.map((x) => x.typology)).toEqual(["fan_in"]);
    expect(f[0].members).toHaveLength(6);
  });

  it("finds no fan-in in the same inflows when its senders pay such sums every week: pace alone is not enough", () => {
    expect(gs({ salary: true, payouts: false, usualSenders: true })).toEqual([]);
  });

  it("finds that fan-in when its five strangers' payments are spread over six days, longer than one hop's dwell", () => {
    const f = gs({ salary: true, payouts: false, spreadDays: 6 });
    expect(f.map((x) => x.typology)).toEqual(["fan_in"]);
    expect(f[0].members).toHaveLength(6);
    expect(f[0].reason).toMatch(/within 6 days .*times its usual pace, from more senders/);
  });

  it("finds no fan-in over six days when its senders pay such sums every week", () => {
    expect(gs({ salary: true, payouts: false, usualSenders: true, spreadDays: 6 })).toEqual([]);
  });

  it("finds it when its payers all paid within ten minutes and the hub split the money over hours", () => {
    expect(gs({ batch: true }).map((x) => x.typology)).toEqual(["gather_scatter"]);
  });

  it("finds no fan-in in a batch of payments within ten minutes that stays in the account", () => {
    expect(gs({ batch: true, payouts: false })).toEqual([]);
  });

  it("finds it through a reused hub whose earlier payer of another scheme dealt with one of its payers", () => {
    const f = shaped(reusedHubGatherScatterCase().build()).filter((x) => x.typology === "gather_scatter");
    expect(f).toHaveLength(1);
    const scheme = [
      "7400000050",
      ...[20, 21, 22, 23, 24].map(acct),
      ...[0, 1, 2, 3].map((j) => `740000006${j}`),
    ];
    expect(f[0].members).toEqual(expect.arrayContaining(scheme));
    // The other scheme's payer paid within the fan's window, and its one large payment to a payer of this one does
    // not make the senders a group (linkedShare): it is taken in as a sender, a laundering account either way.
    expect(f[0].members.filter((a) => !scheme.includes(a))).toEqual([acct(30)]);
  });

  it("finds it when the hub goes on to pay another scheme's receivers ten days later", () => {
    const f = gs({ laterScheme: true }).filter((x) => x.typology === "gather_scatter");
    expect(f).toHaveLength(1);
    // Its outflows are taken in time order up to 110% of what came in: the four real receivers and the first bills.
    for (const r of ["7400000060", "7400000061", "7400000062", "7400000063"])
      expect(f[0].members).toContain(r);
    expect(f[0].members).not.toContain("7410000074");
  });
});

describe("typologies: AMLSim's stack", () => {
  const stackOf = (reused: boolean) =>
    shaped(reusedStackCase(reused).build()).filter(
      (x) => x.reason.startsWith("stack: two layers") && x.members.includes("7600000011"),
    );

  it("finds a stack of two sources, two middle accounts and two targets, every layer paying all of the next", () => {
    const f = stackOf(false);
    expect(f).toHaveLength(1);
    expect(f[0].members).toHaveLength(6);
    expect(f[0].reason).toMatch(/through 2 middle accounts \(7600000011, 7600000012\)/);
  });

  it("finds it when its first source was paid in another scheme's block five weeks earlier", () => {
    const f = stackOf(true);
    expect(f).toHaveLength(1);
    expect(f[0].members).toHaveLength(6);
    expect(f[0].members).not.toContain("7600000031");
  });
});

describe("typologies: a circle passing sums on for each other", () => {
  it("finds no stack when three forwarders linked by a common payer pass sums on days apart, and a stack when within hours", () => {
    expect(shaped(circleErrandsCase().build()).filter((x) => x.typology === "stack")).toEqual([]);
    const layer = shaped(circleErrandsCase(background(), 0).build()).filter((x) => x.typology === "stack");
    expect(layer).toHaveLength(1);
  });
});

describe("typologies: stacks joined through a reused account", () => {
  it("keeps the targets and the fresh receiver of stacks joined over more than a scheme's period, not a shop one middle account paid", () => {
    const f = shaped(joinedStacksCase().build()).filter((x) => x.typology === "stack");
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(
      expect.arrayContaining(["7800000020", "7800000021", "7800000032", "7800000016", "7800000026"]),
    );
    expect(f[0].members).not.toContain("shop3");
  });
});

describe("typologies: a fan's pace in its reason", () => {
  const reasonOf = (otherIncome: number) =>
    detect(quietHubFanInCase(undefined, { otherIncome }).build()).accounts.find((a) => a.id === "7460000001")!
      .reasons[0];

  it("says over 1000 times its usual pace when the account received next to nothing else, not a ratio to a currency unit", () => {
    expect(reasonOf(5)).toMatch(
      /^fan-in: 5 one-off senders paid 7460000001 11 000 USD within 5 days \(100% of all it ever received, amounts alike within ×1\.1; over 1000 times its usual pace, from more senders/,
    );
  });

  it("states the multiple when the account has an income to compare with", () => {
    const m = /; (\d+) times its usual pace, from more senders/.exec(reasonOf(300));
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(10);
    expect(Number(m![1])).toBeLessThan(1000);
  });
});

describe("typologies: a slow fan of three into a quiet account", () => {
  const hubOf = (senders: number, usd: number) =>
    detect(quietHubSlowFanInCase(undefined, { senders, usd }).build()).accounts.find(
      (a) => a.id === "7460000001",
    );

  it("finds no fan-in of three senders over weeks whose sums are below the data's largest fifth, though it dwarfs the account's pace", () => {
    expect(hubOf(3, 88)).toBeUndefined();
  });

  it("finds it with a fourth sender, or with sums among the data's largest fifth", () => {
    expect(hubOf(4, 88)?.typologies).toEqual(["fan_in"]);
    expect(hubOf(3, 100)?.typologies).toEqual(["fan_in"]);
    expect(hubOf(3, 100)?.reasons[0]).toMatch(
      /^fan-in: 3 one-off senders paid 7460000001 309 USD within 12 days/,
    );
  });
});

describe("typologies: a fast fan-in of strangers", () => {
  it("finds it when the senders with lives of their own paid sums unusual for them, however many are new to the data", () => {
    const f = shaped(strangersFanInCase().build()).filter((x) => x.typology === "fan_in");
    expect(f).toHaveLength(1);
    expect(f[0].members).toContain("7950000000");
    expect(f[0].members).toEqual(expect.arrayContaining(["7950000010", "7950000011", "7950000017"]));
  });

  it("finds none when those senders paid what they always pay, as a collection's first donors do", () => {
    expect(
      shaped(strangersFanInCase(background(), true).build()).filter((x) => x.typology === "fan_in"),
    ).toEqual([]);
  });
});

describe.each([
  { side: "in" as const, typology: "fan_in", who: "senders", verb: "paying", prefix: "79600000" },
  { side: "out" as const, typology: "fan_out", who: "receivers", verb: "receiving", prefix: "79700000" },
])("typologies: a slow fan-$side of strangers opened for it", ({ side, typology, who, verb, prefix }) => {
  it(`finds it over ten days beside a salary when ${who} opened for it and ${who} with sums unusual for them both number three or more`, () => {
    const f = shaped(slowStrangersFanCase(side).build()).filter((x) => x.typology === typology);
    expect(f).toHaveLength(1);
    expect(f[0].members).toEqual(
      expect.arrayContaining(["00", "10", "15", "16", "21"].map((x) => prefix + x)),
    );
    expect(f[0].reason).toContain(
      `6 of them with fewer than three other transfers in the data (opened for it), 6 ${verb} sums far above their usual ones`,
    );
  });

  it(`finds none when the ${who} with lives of their own had their usual sums, however many are new`, () => {
    expect(shaped(slowStrangersFanCase(side, true).build()).filter((x) => x.typology === typology)).toEqual(
      [],
    );
  });
});

describe("typologies: strangers' networks (one-off dealings where the data makes them rare)", () => {
  const strangers = (p: Projection) => findings(p).filter((f) => f.reason.startsWith("strangers' network"));
  /** AMLSim's fan-in of everyday sums, and beside it acct(145) paying the next of forty each week for a year. */
  const roundOfFortyBesideFanIn = () => {
    const r = oneOffFanInCase();
    const list = [...Array(60).keys()]
      .map((k) => acct(100 + k))
      .filter((a) => a !== acct(145) && a !== acct(146));
    for (let w = 0; w < 52; w++) r.pay(acct(145), list[w % 40], 200 + 13 * w, 60 * 24 * (7 * w + 2) + 45);
    return r;
  };

  it("finds nothing in standing relationships alone", () => {
    expect(strangers(standingRelationships().build())).toEqual([]);
  });

  it("takes no account paying the next on a list too long to come round twice in the data for a centre of strangers", () => {
    // AMLSim's ordinary account in a register shorter than the round of its relationships: each week the next of forty
    // counterparties, so that in a year those of weeks 12 to 39 are paid once and could not have been paid again.
    // The same year holds a real fan-in, found as before.
    const r = roundOfFortyBesideFanIn();
    const f = strangers(r.build());
    expect(f.map((x) => x.typology)).toEqual(["fan_in"]);
    expect(f[0].hubs).toEqual([acct(105)]);
    expect(f[0].members).not.toContain(acct(145));
    expect(f[0].reason).toMatch(
      /deal only once \(not counting 28 pairs that dealt once where their accounts' pace would put a repeat outside/,
    );
  });

  it("takes no such account for a centre of strangers when others pay it more often than its list comes round", () => {
    // The same account, paid besides by eight others every four weeks: its payees' round is its paying list's, not
    // the round of those who pay it (AMLSim's 150-day registers, twentieth pass).
    const r = roundOfFortyBesideFanIn();
    for (let i = 0; i < 8; i++)
      for (let k = 0; k < 13; k++)
        r.pay(acct(170 + i), acct(145), 150 + 7 * i, 60 * 24 * (28 * k + i + 1) + 30);
    const f = strangers(r.build());
    expect(f.map((x) => x.typology)).toEqual(["fan_in"]);
    expect(f.flatMap((x) => x.members)).not.toContain(acct(145));
  });

  it("finds AMLSim's fan-in of everyday sums over three months by its one-off senders, with its centre as hub", () => {
    const f = strangers(oneOffFanInCase().build());
    expect(f).toHaveLength(1);
    expect(f[0].typology).toBe("fan_in");
    expect(f[0].hubs).toEqual([acct(105)]);
    expect(f[0].members).toEqual([105, 110, 117, 124, 131, 138].map(acct).sort());
    expect(f[0].reason).toMatch(
      /fan-in to 4000000105: 6 accounts .* joined by 5 transfers .*in this data 2\.\d% of account pairs deal only once/,
    );
  });

  it("names a cycle (in time order round) and a scatter-gather by their shape, amounts at random or all alike", () => {
    const c = strangers(oneOffCycleCase().build());
    expect(c.map((x) => x.typology)).toEqual(["cycle"]);
    expect(c[0].members).toHaveLength(5);
    const backwards = standingRelationships();
    const ring = [120, 131, 142, 153, 124].map(acct);
    ring.forEach((a, i) => backwards.pay(a, ring[(i + 1) % 5], 500, 60 * 24 * (50 - 2 * i)));
    expect(strangers(backwards.build()).map((x) => x.typology)).toEqual(["random"]);
    const s = strangers(oneOffScatterGatherCase().build());
    expect(s.map((x) => x.typology)).toEqual(["scatter_gather"]);
    expect(s[0].hubs).toEqual([acct(155)]);
    expect(s[0].reason).toMatch(/scatter-gather from 4000000101 through 4 accounts to 4000000155/);
  });

  it("takes a busy account that paid a fan's centre once: the centre's strangers are all the fan's", () => {
    const r = oneOffFanInCase();
    for (let k = 0; k < 20; k++)
      for (let m = 0; m < 3; m++) r.pay(acct(110), `supplier${k}`, 300, 60 * 24 * (10 + 30 * m) + k);
    const f = strangers(r.build());
    expect(f).toHaveLength(1);
    expect(f[0].members).toContain(acct(110));
    expect(f[0].reason).toMatch(/5 of them .* dealt only once with at least 3 times/);
    expect(f[0].reason).toMatch(/; 4000000110 dealt once with 4000000105, a centre of strangers$/);
  });

  it("finds a gather-scatter through a centre that dealt with no one twice, busy payers and receivers and all", () => {
    const r = standingRelationships();
    for (const [i, m] of [110, 121, 132].entries()) {
      for (let k = 0; k < 40; k++) r.pay(acct(m), `shop${m}-${k % 20}`, 40, 60 * 24 * (5 + k) + k);
      r.pay(acct(m), "9300000001", 400 + 50 * i, 60 * 24 * (60 + i));
    }
    r.pay(acct(105), "9300000001", 380, 60 * 24 * 61 + 30);
    for (const [i, m] of [143, 154].entries()) r.pay("9300000001", acct(m), 700 + 10 * i, 60 * 24 * (64 + i));
    const f = strangers(r.build());
    expect(f.map((x) => x.typology)).toEqual(["gather_scatter"]);
    expect(f[0].hubs).toEqual(["9300000001"]);
    expect(f[0].members).toEqual(["9300000001", ...[105, 110, 121, 132, 143, 154].map(acct)].sort());
  });

  it("keeps a ring whole through a busy member whose only strangers are the ring's", () => {
    const r = oneOffCycleCase();
    for (let k = 0; k < 30; k++)
      for (let m = 0; m < 2; m++) r.pay(acct(142), `supplier${k}`, 90, 60 * 24 * (3 + 40 * m) + k);
    const f = strangers(r.build());
    expect(f.map((x) => x.typology)).toEqual(["cycle"]);
    expect(f[0].members).toContain(acct(142));
    expect(f[0].members).toHaveLength(5);
  });

  it("takes an account that dealt with no one twice as a member, and finds no network of such accounts alone", () => {
    const r = oneOffFanInCase();
    r.pay("9100000001", acct(105), 350, 60 * 24 * 90);
    const f = strangers(r.build());
    expect(f[0].members).toContain("9100000001");
    expect(f[0].reason).toMatch(/; 9100000001 dealt with no one twice$/);
    const alone = standingRelationships();
    const ring = ["9200000001", "9200000002", "9200000003", "9200000004"];
    ring.forEach((a, i) => alone.pay(a, ring[(i + 1) % 4], 600, 60 * 24 * (20 + i)));
    expect(strangers(alone.build())).toEqual([]);
  });

  it("finds no strangers' network where most pairs of the data deal only once (people paying shops)", () => {
    const r = background();
    [430, 120, 940, 615, 280].forEach((v, i) => r.pay(acct(10 + i), acct(5), v, 60 * 24 * (3 + 9 * i) + 600));
    expect(strangers(r.build())).toEqual([]);
  });

  it("takes no account paid once by someone it deals with otherwise: a relationship is no stranger", () => {
    const r = oneOffFanInCase();
    r.pay(acct(105), acct(110), 75, 60 * 24 * 100);
    const f = strangers(r.build());
    expect(f[0].members).not.toContain(acct(110));
    expect(f[0].members).toHaveLength(5);
  });
});

describe("typologies: legitimate look-alikes", () => {
  it("takes no fan-in of senders each paying twice twelve weeks apart in four months: a relationship the data is too short to show", () => {
    // AMLSim's ordinary accounts in a register shorter than the round of their relationships: each pays on its turn,
    // so two payments twelve weeks apart are all four months can hold. Paid three days apart, the same is a fan-in.
    const fanPaidTwice = (daysApart: number) => {
      const r = standingRelationships();
      [110, 121, 132, 143].map(acct).forEach((s, i) => {
        r.pay(s, "9300000002", 950 + 10 * i, 60 * 24 * (8 + 6 * i) + 100);
        r.pay(s, "9300000002", 430 + 10 * i, 60 * 24 * (8 + 6 * i + daysApart) + 100);
      });
      return shaped(r.build()).filter((x) => x.members.includes("9300000002"));
    };
    expect(fanPaidTwice(84)).toEqual([]);
    expect(fanPaidTwice(3).map((x) => x.typology)).toEqual(["fan_in"]);
  });

  it("leaves a payroll batch (an employer paying thirty staff within minutes) without a shape", () => {
    const f = shaped(payrollCase().build()).filter((x) => x.members.includes("7500000000"));
    expect(f).toEqual([]);
  });

  it("leaves money passed round a family whose members pay each other otherwise too without a cycle or chain", () => {
    const f = shaped(familyCycleCase().build()).filter((x) => x.members.includes("7000000001"));
    expect(f.filter((x) => x.typology === "cycle" || x.typology === "random")).toEqual([]);
  });

  it("finds a fan-in whose senders paid each other one large sum before, as mules reused across schemes do", () => {
    const f = shaped(linkedFanInCase("scheme").build()).filter((x) => x.typology === "fan_in");
    expect(f.map((x) => x.hubs)).toEqual([["7300000099"]]);
  });

  it.each(["everyday", "again"] as const)(
    "leaves a fan-in without a shape when its senders deal with each other (%s sums), as relatives do",
    (links) => {
      expect(shaped(linkedFanInCase(links).build()).filter((x) => x.typology === "fan_in")).toEqual([]);
    },
  );

  it("leaves a family's fan-in without a shape when the account pays its relatives back otherwise too", () => {
    expect(shaped(fanInCase().build()).filter((x) => x.typology === "fan_in")).toHaveLength(1);
    const f = shaped(familyFanInCase().build()).filter((x) => x.hubs.includes("7300000099"));
    expect(f).toEqual([]);
  });

  it("leaves relatives sending money back and forth without a shape", () => {
    const f = shaped(familyCase().build()).filter((x) => x.members.includes("4000000060"));
    expect(f).toEqual([]);
  });
});

describe("detect() with typologies, transfers alone", () => {
  it("flags a strangers' fan-in of everyday sums, its centre a hub, and says why in words", () => {
    const r = detect(oneOffFanInCase().build());
    const flagged = r.accounts.filter((a) => a.role === "drop" || a.role === "hub").map((a) => a.id);
    expect(flagged.sort()).toEqual([105, 110, 117, 124, 131, 138].map(acct).sort());
    const hub = r.accounts.find((x) => x.id === acct(105))!;
    expect(hub.role).toBe("hub");
    expect(hub.typologies).toEqual(["fan_in"]);
    expect(hub.reasons.join("\n")).toMatch(/strangers' network shaped as a fan-in/);
  });

  it("calls the members of a cycle drops and says that no complaints, exits or identifiers were in the data", () => {
    const r = detect(cycleCase().build());
    const members = r.accounts.filter((a) => a.role === "drop").map((a) => a.id);
    expect(members.sort()).toEqual(["7000000001", "7000000002", "7000000003", "7000000004"]);
    const a = r.accounts.find((x) => x.id === "7000000002")!;
    expect(a.typologies).toEqual(["cycle"]);
    expect(a.reasons.join("\n")).toMatch(/on the shape of its transfers alone: no complaints in the data/);
    expect(r.clusters[0]?.typologies).toContain("cycle");
  });

  it("tells every amount of a USD register in USD, the indicators' and the clusters' reasons too", () => {
    const r = detect(chainCase().build());
    const reasons = [...r.accounts.flatMap((a) => a.reasons), ...r.clusters.flatMap((c) => c.reasons)];
    expect(r.accounts.find((a) => a.id === "7100000002")?.reasons).toContain(
      "forwarded 97% of 12 000 USD received over 0 s (1 inflow), money leaving a median 2 h after it came in",
    );
    expect(reasons.filter((x) => x.includes("KZT"))).toEqual([]);
  });

  it("calls the collector of a scatter-gather a hub", () => {
    const r = detect(scatterGatherCase().build());
    expect(r.accounts.find((a) => a.id === "7200000099")?.role).toBe("hub");
  });

  it("calls the payer of a one-hop chain a drop when the account it paid has no other transfers, and nobody through a shopper when both ends have lives of their own", () => {
    const role = (p: Projection, id: string) => detect(p).accounts.find((a) => a.id === id)?.role;
    expect(role(oneHopCase(background(), false, false, 180, true).build(), "7900000400")).toBe("drop");
    const shopper = oneHopCase(background(), true, false, 180, true, true).build();
    for (const id of ["7900000400", "7900000401", "7900000402"])
      expect(role(shopper, id) ?? "ordinary").toBe("ordinary");
  });

  it("calls the first payer of a chain a drop when it paid ten times its usual sums into it, and not one paying its usual size", () => {
    const payer = (usual: number) => {
      const r = background();
      for (let k = 0; k < 8; k++) r.pay("7100000001", `shop${k % 2}`, usual + k, 60 * 24 * (3 + 3 * k));
      return detect(chainCase(r).build()).accounts.find((a) => a.id === "7100000001");
    };
    const odd = payer(100);
    expect(odd?.role).toBe("drop");
    expect(odd?.reasons.join("\n")).toMatch(/; 7100000001 paid at least 10 times its usual sums into it/);
    expect(payer(3_000)?.role).not.toBe("drop");
  });

  it("calls businesses that pay a shared supplier what their regular clients paid them ordinary, and the same fed by one-off senders a funnel", () => {
    const flagged = (clientele: boolean) =>
      detect(sharedSupplierCase(clientele).build())
        .accounts.filter((a) => a.id.startsWith("73") && a.role !== "ordinary")
        .map((a) => `${a.id} ${a.role}`);
    expect(flagged(true)).toEqual([]);
    expect(flagged(false)).toEqual([
      "7300000000 drop",
      "7300000010 drop",
      "7300000020 drop",
      "7300000030 drop",
      "7300000099 exit",
    ]);
  });

  it("finds a cycle whose four hops take 27 days, and none in the same hops over 33 days, longer than a scheme's period", () => {
    const cycle = (hopDays: number) =>
      detect(slowCycleCase(hopDays).build())
        .accounts.filter((a) => a.typologies?.includes("cycle"))
        .map((a) => a.id);
    expect(cycle(9)).toEqual(["7000000011", "7000000012", "7000000013", "7000000014"]);
    expect(cycle(11)).toEqual([]);
  });

  it("flags no payroll, family or shopping account", () => {
    const r = detect(familyCase(payrollCase()).build());
    expect(r.accounts.filter((a) => a.role === "drop" || a.role === "hub")).toEqual([]);
  });

  it("finds no layering chain through an exchange, whose payouts are other customers' money", () => {
    const chained = (exchange: boolean) => {
      const p = chainCase().build();
      if (exchange)
        p.accounts = p.accounts.map((a) =>
          a.key === "7100000003" ? { ...a, watchlist: "exchange", accountKind: "exchange" } : a,
        );
      return detect(p)
        .accounts.filter((a) => a.reasons.some((r) => r.startsWith("layering chain")))
        .map((a) => a.id)
        .sort();
    };
    const beyond = (ids: string[]) => ids.filter((id) => id === "7100000004" || id === "7100000005");
    expect(beyond(chained(false))).toEqual(["7100000004", "7100000005"]);
    expect(beyond(chained(true))).toEqual([]);
  });

  it("records the typology settings and what was found with the run", () => {
    const r = detect(cycleCase().build());
    expect(r.run.params).toMatchObject({ hopMaxCut: 0.2, cycleMinAccounts: 3, resolvedHomeCountry: null });
    expect(r.run.params.typologies).toMatchObject({ findings: { cycle: 1 } });
  });
});
