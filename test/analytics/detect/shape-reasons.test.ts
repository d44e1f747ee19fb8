import { describe, expect, it } from "vitest";
import type { TypologyFinding, TypologyResult } from "../../../server/analytics/detect/typologies/types.js";
import { shapeReasons } from "../../../server/analytics/detect/typology-roles.js";

/** A finding of account 0 (as a hub when `hub`) with `n` transfers. */
const finding = (
  typology: TypologyFinding["typology"],
  n: number,
  reason: string,
  hub = false,
): TypologyFinding => ({
  typology,
  hubs: hub ? [0] : [9],
  members: [0, 9],
  sources: [],
  sourcePoints: 0,
  transfers: Array.from({ length: n }, (_, i) => i),
  hubPoints: 1,
  memberPoints: 1,
  reason,
});

function result(findings: TypologyFinding[]): TypologyResult {
  return {
    findings,
    byAccount: new Map([[0, findings.map((_, i) => i)]]),
    back: new Int32Array(0),
    unseenAtAccountsPace: new Uint8Array(0),
  };
}

describe("an account's shape reasons", () => {
  const t = result([
    finding("scatter_gather", 4, "sg small"),
    finding("scatter_gather", 9, "sg large"),
    finding("fan_in", 5, "fan-in"),
    finding("scatter_gather", 3, "sg collected", true),
    finding("scatter_gather", 2, "sg smallest"),
    finding("scatter_gather", 6, "sg middle"),
  ]);

  it("tells at most three shapes of a typology, those it collects in first, then the largest, and counts the rest", () => {
    expect(shapeReasons(t, [0, 1, 2, 3, 4, 5], 0, 3)).toEqual([
      "sg large",
      "sg collected",
      "sg middle",
      "and 2 more scatter-gather shapes it is part of (6 transfers)",
      "fan-in",
    ]);
  });

  it("says one shape and one transfer in the singular", () => {
    expect(shapeReasons(t, [4, 0], 0, 1)).toEqual([
      "sg small",
      "and 1 more scatter-gather shape it is part of (2 transfers)",
    ]);
    expect(
      shapeReasons(result([finding("random", 1, "a"), finding("random", 1, "b")]), [0, 1], 0, 1),
    ).toEqual(["a", "and 1 more layering chain shape it is part of (1 transfer)"]);
  });

  it("tells every shape when there are no more than the cap, each typology's together", () => {
    expect(shapeReasons(t, [0, 1, 2, 3, 4, 5], 0, 5)).toEqual([
      "sg small",
      "sg large",
      "sg collected",
      "sg smallest",
      "sg middle",
      "fan-in",
    ]);
  });
});
