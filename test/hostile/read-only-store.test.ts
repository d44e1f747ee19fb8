/**
 * Hostile probe: a data folder that cannot be written (issue 22, item 5). Commands that only read work on it; a
 * command that writes fails with a message naming the folder instead of SQLite's bare "attempt to write a readonly
 * database". As root (who may write anywhere) the folder is handed to an unprivileged user and the CLI runs as that
 * user; otherwise its write permissions are taken away.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../ingest/fixtures.js";
import { cli, ROOT } from "./hostile.fixtures.js";

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const base = mkdtempSync(join(os.tmpdir(), "mulegraph-hostile-ro-"));
const dataDir = join(base, "data");
const outDir = join(base, "out");

/** chmod -R / chown -R over a small folder. */
function walk(dir: string, fn: (p: string) => void): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, fn);
    fn(p);
  }
  fn(dir);
}

/** The CLI as the user for whom dataDir is read-only. */
function readOnlyCli(
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/mulegraph.js", "--data-dir", dataDir, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, MULEGRAPH_DEBUG: "", NEO4J_URI: "", ...env },
    timeout: 30_000,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a read-only data folder", () => {
  beforeAll(async () => {
    const seed = await cli(["--data-dir", dataDir, "user", "add", "admin", "--role", "admin"], {
      MULEGRAPH_PASSWORD: "a-long-password-1",
    });
    expect(seed.code, seed.stderr).toBe(0);
    const ingest = await cli([
      "--data-dir",
      dataDir,
      "ingest",
      fixture("register-en.csv"),
      "--report-dir",
      join(base, "r"),
    ]);
    expect(ingest.code, ingest.stderr).toBe(0);
    walk(base, (p) => chmodSync(p, statSync(p).isDirectory() ? 0o777 : 0o666));
    rmSync(join(base, "r"), { recursive: true, force: true });
    if (asRoot) walk(dataDir, (p) => chownSync(p, NOBODY, NOBODY));
    walk(dataDir, (p) => chmodSync(p, statSync(p).isDirectory() ? 0o555 : 0o444));
  });
  afterAll(() => {
    walk(dataDir, (p) => chmodSync(p, 0o755));
    rmSync(base, { recursive: true, force: true });
  });

  it("refuses a command that writes with a message naming the folder, and changes nothing", () => {
    const before = readFileSync(join(dataDir, "mulegraph.db"));
    const r = readOnlyCli(["ingest", fixture("register-custom.csv"), "--report-dir", outDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${dataDir}/mulegraph.db was opened read-only`);
    expect(r.stderr).not.toMatch(/attempt to write a readonly database/);
    expect(readFileSync(join(dataDir, "mulegraph.db")).equals(before)).toBe(true);
  });

  it("refuses to serve from it, naming the folder", () => {
    const r = readOnlyCli(["serve"], { PORT: "0" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the data folder ${dataDir} is read-only`);
  });

  it("lists and verifies the audit trail", () => {
    const list = readOnlyCli(["audit", "list", "--json"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("user.create");
    const verify = readOnlyCli(["audit", "verify"]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/chain intact/);
  });

  it("lists users", () => {
    const users = readOnlyCli(["user", "list"]);
    expect(users.code, users.stderr).toBe(0);
    expect(users.stdout).toMatch(/^admin\s+admin/m);
  });

  // Every export is an entry in the audit trail, which a read-only store cannot take: an export from it would be
  // one nobody can see later, so it is refused, naming the folder, and writes no file.
  it("refuses an export it could not audit, naming the folder", () => {
    const out = join(outDir, "sub.json");
    const exp = readOnlyCli([
      "export",
      "--accounts",
      "KZ94998B000000778899",
      "--format",
      "json",
      "--out",
      out,
    ]);
    expect(exp.code).toBe(1);
    expect(exp.stderr).toContain(`${dataDir}/mulegraph.db was opened read-only`);
    expect(() => statSync(out)).toThrow();
  });

  it("leaves no snapshot copy behind", () => {
    const before = readdirSync(os.tmpdir()).filter((n) => n.startsWith("mulegraph-readonly-")).length;
    expect(readOnlyCli(["user", "list"]).code).toBe(0);
    const after = readdirSync(os.tmpdir()).filter((n) => n.startsWith("mulegraph-readonly-")).length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
