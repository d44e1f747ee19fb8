import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/context.js";
import { flagArgs } from "../../cli/flags.js";
import { parseTraceArgs } from "../../cli/commands/trace.js";

describe("the CLI's flag reader", () => {
  it("reads --flag value and --flag=value alike, and leaves other arguments as they are", () => {
    const seen: [string, string][] = [];
    for (const { arg, flag, value } of flagArgs("test", ["--a", "1", "--b=2", "plain", "--c=x=y"]))
      seen.push(flag.startsWith("--") ? [flag, value()] : [arg, ""]);
    expect(seen).toEqual([
      ["--a", "1"],
      ["--b", "2"],
      ["plain", ""],
      ["--c", "x=y"],
    ]);
  });

  it("names the command and the flag when a value is missing", () => {
    const take = (args: string[]) => {
      for (const { value } of flagArgs("trace", args)) value();
    };
    expect(() => take(["--complaint"])).toThrow(UsageError);
    expect(() => take(["--complaint", "--method", "fifo"])).toThrow("trace: --complaint needs a value");
    expect(() => parseTraceArgs(["--complaint"])).toThrow("trace: --complaint needs a value");
  });
});
