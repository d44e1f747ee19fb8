/**
 * Typology labels (model/typologies.ts) against the typologies detection can name.
 */
import { describe, expect, it } from "vitest";
import { TYPOLOGY_POINTS } from "../../server/analytics/detect/typologies/index.js";
import { TYPOLOGY_LABELS, typologyLabel, typologyText } from "../../model/typologies.js";

describe("typology labels", () => {
  it("has a label for every typology detection names, and none for a typology it does not", () => {
    expect(Object.keys(TYPOLOGY_LABELS).sort()).toEqual(Object.keys(TYPOLOGY_POINTS).sort());
  });

  it.each([
    ["fan_in", "fan-in"],
    ["gather_scatter", "gather-scatter"],
    ["random", "layering chain"],
    ["cycle", "cycle"],
    ["round_tripping", "round tripping"],
    ["constructor", "constructor"],
  ])("labels %s as %s", (name, label) => {
    expect(typologyLabel(name)).toBe(label);
  });

  it("joins a list in its order", () => {
    expect(typologyText(["scatter_gather", "fan_out"])).toBe("scatter-gather, fan-out");
    expect(typologyText([])).toBe("");
  });
});
