/**
 * Aggregated edges (client/src/graph/edges.ts): the filters apply to each transfer of an edge, and an edge's text
 * gives the count, the sum and the dates of the transfers it stands for.
 */
import { describe, expect, it } from "vitest";
import { edgeLabel, membersVisible } from "../../../client/src/graph/edges.js";

const money = (n: number) => `${n} KZT`;
const time = (ms: number) => `t${ms}`;

describe("aggregated edges", () => {
  const members = [
    { id: "tx:1", ts: 100, amountKzt: 5000 },
    { id: "tx:2", ts: 200, amountKzt: 20_000 },
    { id: "tx:3", ts: 300, amountKzt: 1000 },
  ];

  it("keeps the transfers inside the time window and over the minimum amount", () => {
    expect(membersVisible(members, {}).map((m) => m.id)).toEqual(["tx:1", "tx:2", "tx:3"]);
    expect(membersVisible(members, { from: 150 }).map((m) => m.id)).toEqual(["tx:2", "tx:3"]);
    expect(membersVisible(members, { to: 250, minAmount: 4000 }).map((m) => m.id)).toEqual(["tx:1", "tx:2"]);
    expect(membersVisible(members, { from: 400 })).toEqual([]);
  });

  it("never filters a transfer out for a time or amount it does not have", () => {
    expect(membersVisible([{ id: "tx:9" }], { from: 1, to: 2, minAmount: 10 })).toHaveLength(1);
  });

  it("writes the count, the sum and the span of dates of several transfers, and one transfer's own", () => {
    expect(edgeLabel(members, money, time)).toBe("3× · 26000 KZT · t100 – t300");
    expect(edgeLabel([members[1]!], money, time)).toBe("20000 KZT · t200");
    expect(edgeLabel([{ id: "tx:4", ts: 5, amountKzt: 10, traced: 7 }], money, time)).toBe("7 KZT · t5");
  });
});
