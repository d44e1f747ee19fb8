import { describe, expect, it } from "vitest";
import { indexProjection } from "../../../server/analytics/detect/indexed.js";
import { aggregatePairs } from "../../../server/analytics/detect/pairs.js";
import { passThrough } from "../../../server/analytics/detect/pass-through.js";
import {
  paceGaps,
  unseenAtAccountsPace,
  unseenAtOwnPace,
} from "../../../server/analytics/detect/typologies/unseen.js";
import { Register, acct } from "./typologies.fixtures.js";

const DAY = 60 * 24;

function pairsOf(r: Register) {
  const ix = indexProjection(r.build());
  const pt = passThrough(ix, { matching: "fifo", windowMs: 4 * 86_400_000, passedInflowMinShare: 0.5 });
  const pairs = aggregatePairs(ix, pt);
  const pair = (from: string, to: string) => {
    const a = ix.indexOf.get(from)!;
    const b = ix.indexOf.get(to)!;
    for (let p = 0; p < pairs.count; p++) if (pairs.from[p] === a && pairs.to[p] === b) return p;
    throw new Error(`no pair ${from} -> ${to}`);
  };
  return { ix, pairs, pair };
}

/** 180 days: the payer pays the next of forty each week (weeks 0 to 25), so only the list's first pairs repeat. */
function roundOfForty(): Register {
  const r = new Register();
  for (let w = 0; w < 26; w++) r.pay(acct(1), acct(100 + (w % 20)), 300, DAY * (7 * w));
  for (let w = 0; w < 26; w++) r.pay(acct(2), acct(200 + w), 300, DAY * (7 * w) + 5);
  r.pay(acct(3), acct(4), 500, 0).pay(acct(3), acct(4), 500, DAY * 180);
  return r;
}

describe("unseen pairs: relationships the data is too short to show", () => {
  it("takes an account's pace as the median gap between repeats over its pairs that dealt more than once", () => {
    const { ix, pairs } = pairsOf(roundOfForty());
    const gap = paceGaps(ix, pairs);
    expect(gap[ix.indexOf.get(acct(1))!] / 86_400_000).toBe(140);
    expect(gap[ix.indexOf.get(acct(2))!]).toBe(0);
  });

  it("marks a pair paid once where its accounts' pace would put a repeat outside the data on either side", () => {
    const r = roundOfForty();
    // acct(1) pays acct(150) once in the middle of the 180 days: at its 140-day pace the next payment is after the data
    // and the last one before it.
    r.pay(acct(1), acct(150), 300, DAY * 90);
    // ...but once on day 10, a repeat at its pace would have fallen on day 150, inside the data: a one-off after all.
    r.pay(acct(1), acct(151), 300, DAY * 10);
    const { ix, pairs, pair } = pairsOf(r);
    const unseen = unseenAtAccountsPace(ix, pairs);
    expect(unseen[pair(acct(1), acct(150))]).toBe(1);
    expect(unseen[pair(acct(1), acct(151))]).toBe(0);
    // An account with no repeats has no pace to go by: its pairs paid once are one-offs.
    expect(unseen[pair(acct(2), acct(210))]).toBe(0);
  });

  it("takes a pair's pace from the payments its payer makes again and its payee receives again, not from the rest of their dealings", () => {
    const r = roundOfForty();
    // acct(1) is also paid by eight others every four weeks: over all its pairs the median gap is 28 days, but the list
    // it pays comes round every 140.
    for (let i = 0; i < 8; i++)
      for (let k = 0; k < 6; k++) r.pay(acct(300 + i), acct(1), 200, DAY * (28 * k + i) + 60);
    r.pay(acct(1), acct(150), 300, DAY * 90);
    const { ix, pairs, pair } = pairsOf(r);
    expect(paceGaps(ix, pairs)[ix.indexOf.get(acct(1))!] / 86_400_000).toBe(28);
    expect(paceGaps(ix, pairs, "paying")[ix.indexOf.get(acct(1))!] / 86_400_000).toBe(140);
    expect(paceGaps(ix, pairs, "paid")[ix.indexOf.get(acct(1))!] / 86_400_000).toBe(28);
    expect(unseenAtAccountsPace(ix, pairs)[pair(acct(1), acct(150))]).toBe(1);
  });

  it("marks a pair paid twice so far apart that a third payment at its own pace would fall outside the data", () => {
    const r = roundOfForty();
    r.pay(acct(5), acct(6), 400, DAY * 40).pay(acct(5), acct(6), 400, DAY * 124);
    r.pay(acct(7), acct(8), 400, DAY * 40).pay(acct(7), acct(8), 400, DAY * 45);
    const { ix, pairs, pair } = pairsOf(r);
    const own = unseenAtOwnPace(ix, pairs);
    expect(own[pair(acct(5), acct(6))]).toBe(1);
    expect(own[pair(acct(7), acct(8))]).toBe(0);
    // Paid on the data's first and last day: the pair spans the data, and no third payment could fall inside it.
    expect(own[pair(acct(3), acct(4))]).toBe(1);
  });
});
