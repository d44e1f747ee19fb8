import { describe, expect, it } from "vitest";
import { splitGlobalFlags } from "../cli/main.js";

describe("cli global flags", () => {
  it("takes --json and --data-dir from anywhere on the command line", () => {
    expect(splitGlobalFlags(["check", "--json", "a.csv", "--data-dir", "/tmp/x"])).toEqual({
      json: true,
      dataDir: "/tmp/x",
      rest: ["check", "a.csv"],
    });
  });
});
