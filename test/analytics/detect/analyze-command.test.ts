import { describe, expect, it } from "vitest";
import { formatAnalysis, parseAnalyzeArgs } from "../../../cli/commands/analyze.js";
import { UsageError } from "../../../cli/context.js";
import { detect } from "../../../server/analytics/detect/index.js";
import { hubRingCase } from "./projection.fixtures.js";

describe("mulegraph analyze", () => {
  it("reads --seed, --resolution, --top and --set NAME=VALUE in both spellings", () => {
    expect(
      parseAnalyzeArgs([
        "--seed",
        "7",
        "--resolution=2.5",
        "--top",
        "3",
        "--set",
        "fanInMin=4",
        "--set=matching=fifo",
      ]),
    ).toEqual({ params: { seed: 7, resolution: 2.5, fanInMin: 4, matching: "fifo" }, top: 3 });
  });

  it("rejects unknown options, a missing number and a --set without NAME=VALUE as usage errors", () => {
    expect(() => parseAnalyzeArgs(["--bogus"])).toThrow(UsageError);
    expect(() => parseAnalyzeArgs(["--seed"])).toThrow(UsageError);
    expect(() => parseAnalyzeArgs(["--seed", "x"])).toThrow(UsageError);
    expect(() => parseAnalyzeArgs(["--set", "fanInMin"])).toThrow(UsageError);
    expect(() => parseAnalyzeArgs(["--top", "-1"])).toThrow(UsageError);
  });

  it("prints role counts, then each top cluster with its reasons and members by score", () => {
    const lines = formatAnalysis(detect(hubRingCase().build()), 10);
    expect(lines[0]).toMatch(/1 cluster; 4 drops, 1 hub, 0 organisers, 1 exit, 12 victims$/);
    expect(lines.find((l) => l.startsWith("#1 "))).toMatch(/^#1 C1 {2}score \d+(\.\d)? {2}5 members$/);
    // Members by score: the hub, with the most evidence, first.
    expect(lines.find((l) => l.startsWith("    - "))).toMatch(/^ {4}- hub {2}hub {2}\d/);
    expect(lines.some((l) => /members share device D-77/.test(l))).toBe(true);
  });
});
