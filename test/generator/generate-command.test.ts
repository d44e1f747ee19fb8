import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { help, run } from "../../cli/commands/generate.js";
import { UsageError, UserFacingError, type CliContext } from "../../cli/context.js";

const dir = mkdtempSync(path.join(tmpdir(), "mulegraph-cmd-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CLI context that records output instead of printing it; generate never opens a store. */
function fakeContext(json: boolean): CliContext & { said: string[]; emitted: unknown[] } {
  const said: string[] = [];
  const emitted: unknown[] = [];
  return {
    json,
    env: {} as CliContext["env"],
    store: () => Promise.reject(new Error("generate must not open a store")),
    say: (l) => said.push(l),
    emit: (v) => emitted.push(v),
    said,
    emitted,
  };
}

describe("mulegraph generate", () => {
  it("writes a case and reports its counts as JSON", async () => {
    const ctx = fakeContext(true);
    const out = path.join(dir, "a");
    expect(await run(["--out", out, "--seed", "2", "--accounts", "150", "--days", "30"], ctx)).toBe(0);
    expect(existsSync(path.join(out, "truth.json"))).toBe(true);
    const summary = ctx.emitted[0] as { counts: { accounts: number; transfers: number } };
    expect(summary.counts.accounts).toBeGreaterThan(100);
    expect(summary.counts.transfers).toBeGreaterThan(100);
  });

  it("refuses a folder that holds a case unless --force", async () => {
    const out = path.join(dir, "b");
    const args = ["--out", out, "--accounts=150", "--days=30"];
    expect(await run(args, fakeContext(false))).toBe(0);
    await expect(run(args, fakeContext(false))).rejects.toBeInstanceOf(UserFacingError);
    const ctx = fakeContext(false);
    expect(await run([...args, "--force"], ctx)).toBe(0);
    expect(ctx.said.join("\n")).toMatch(/accounts, \d+ transfers/);
  });

  it("rejects missing or malformed options as usage errors", async () => {
    await expect(run(["--seed", "1"], fakeContext(false))).rejects.toBeInstanceOf(UsageError);
    await expect(
      run(["--out", path.join(dir, "c"), "--accounts", "many"], fakeContext(false)),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      run(["--out", path.join(dir, "c"), "--days", "5"], fakeContext(false)),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(run(["--out", path.join(dir, "c"), "--colour"], fakeContext(false))).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it("says in its help what it plants", () => {
    for (const word of ["drops", "hubs", "victims", "watch-list", "truth.json", "hard", "ИП"])
      expect(help).toContain(word);
  });
});
