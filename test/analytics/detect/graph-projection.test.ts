import { describe, expect, it } from "vitest";
import { buildAccountGraph } from "../../../server/analytics/graph-projection.js";
import { ProjectionBuilder } from "./projection.fixtures.js";

describe("projection to graphology", () => {
  const projection = new ProjectionBuilder()
    .pay("a", "b", 100, 0)
    .pay("a", "b", 250, 30)
    .pay("b", "a", 50, 60)
    .pay("b", "c", 300, 90)
    .withdraw("c", "IST20001", "TR", 200, 120)
    .share("device", "D-1", "a", "b", "c")
    .share("phone", "+77010000000", "a", "b")
    .build();

  it("aggregates transfers into one directed edge per ordered pair with count, sum and first/last time", () => {
    const g = buildAccountGraph(projection, { identifiers: false });
    expect(g.order).toBe(3);
    expect(g.getEdgeAttributes("flow:a->b")).toMatchObject({ kind: "transfer", count: 2, sumKzt: 350 });
    const ab = g.getEdgeAttributes("flow:a->b") as { firstTs: number; lastTs: number };
    expect(ab.lastTs - ab.firstTs).toBe(30 * 60_000);
    expect(g.getEdgeAttributes("flow:b->a")).toMatchObject({ count: 1, sumKzt: 50 });
    expect(g.directedSize).toBe(3);
  });

  it("links accounts sharing an identifier with one undirected edge per type and pair", () => {
    const g = buildAccountGraph(projection, { transfers: false });
    expect(g.undirectedSize).toBe(4);
    expect(g.getEdgeAttributes("shared:device:a--b")).toEqual({
      kind: "shared",
      type: "device",
      values: ["D-1"],
    });
    expect(g.hasEdge("shared:phone:a--c")).toBe(false);
  });

  it("builds only the accounts asked for, and leaves out identifiers used by too many accounts", () => {
    const g = buildAccountGraph(projection, { include: (k) => k !== "c", maxAccountsPerIdentifier: 2 });
    expect(g.nodes().sort()).toEqual(["a", "b"]);
    expect(g.hasEdge("shared:device:a--b")).toBe(false);
    expect(g.hasEdge("shared:phone:a--b")).toBe(true);
  });
});
