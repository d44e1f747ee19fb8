import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandInputPaths } from "../../cli/input-files.js";

describe("command-line input paths", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-inputs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("expands a folder into its export files recursively, in name order, and keeps plain files as given", () => {
    mkdirSync(path.join(dir, "case", "statements", "kaspi"), { recursive: true });
    writeFileSync(path.join(dir, "case", "watchlist.csv"), "x");
    writeFileSync(path.join(dir, "case", "statements", "kaspi", "KZ1.csv"), "x");
    writeFileSync(path.join(dir, "case", "truth.json"), "{}");
    writeFileSync(path.join(dir, "single.csv"), "x");
    expect(expandInputPaths([path.join(dir, "single.csv"), path.join(dir, "case")])).toEqual([
      path.join(dir, "single.csv"),
      path.join(dir, "case", "statements", "kaspi", "KZ1.csv"),
      path.join(dir, "case", "watchlist.csv"),
    ]);
  });

  it("passes a missing path through so the pipeline can report it", () => {
    expect(expandInputPaths([path.join(dir, "nope.csv")])).toEqual([path.join(dir, "nope.csv")]);
  });
});
