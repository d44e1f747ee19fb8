import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCase, GeneratorOptionsError } from "../../generator/index.js";

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(path.join(tmpdir(), "mulegraph-det-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Relative path → SHA-256 of every file under `dir`. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

describe("generator determinism", () => {
  it("writes byte-identical files, truth included, for the same arguments", async () => {
    const a = fresh();
    const b = fresh();
    await generateCase({ out: a, seed: 5, accounts: 300, days: 60, start: "2024-02-01" });
    await generateCase({ out: b, seed: 5, accounts: 300, days: 60, start: "2024-02-01" });
    const ha = hashes(a);
    expect(Object.keys(ha).length).toBeGreaterThan(20);
    expect(ha["truth.json"]).toBeDefined();
    expect(hashes(b)).toEqual(ha);
  });

  it("writes a different case for a different seed", async () => {
    const a = fresh();
    const b = fresh();
    await generateCase({ out: a, seed: 5, accounts: 300, days: 60, start: "2024-02-01" });
    await generateCase({ out: b, seed: 6, accounts: 300, days: 60, start: "2024-02-01" });
    expect(hashes(b)["truth.json"]).not.toBe(hashes(a)["truth.json"]);
  });

  it("refuses bad options and a folder that already holds a case", async () => {
    await expect(generateCase({ out: fresh(), seed: 1, accounts: 10 })).rejects.toBeInstanceOf(
      GeneratorOptionsError,
    );
    await expect(
      generateCase({ out: fresh(), seed: 1, accounts: 300, start: "2024-02-30" }),
    ).rejects.toBeInstanceOf(GeneratorOptionsError);
    const d = fresh();
    await generateCase({ out: d, seed: 1, accounts: 150, days: 30 });
    await expect(generateCase({ out: d, seed: 1, accounts: 150, days: 30 })).rejects.toBeInstanceOf(
      GeneratorOptionsError,
    );
  });
});
