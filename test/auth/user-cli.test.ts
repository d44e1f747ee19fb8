/**
 * `mulegraph user` and `mulegraph audit list` against an embedded store in a temp folder: the first admin is created
 * from the command line, can sign in to the API, and the creation is in the audit trail.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/auth/password.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-user-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_URI: "", ...opts.env };
  if (!opts.env?.MULEGRAPH_PASSWORD) delete env.MULEGRAPH_PASSWORD;
  return spawnSync(process.execPath, ["bin/mulegraph.js", "--data-dir", dataDir, ...args], {
    encoding: "utf8",
    input: opts.input ?? "",
    env,
  });
}

describe("mulegraph user", () => {
  it("adds a user with the password read from stdin, hashed with scrypt", async () => {
    const r = cli(["user", "add", "aigerim", "--role", "admin", "--password-stdin"], {
      input: "first-admin-password\n",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/aigerim \(admin\) saved/);
    const store = await openEmbeddedStore({ dataDir });
    try {
      const user = await store.getUser("aigerim");
      expect(user?.role).toBe("admin");
      expect(user!.passwordHash).toMatch(/^scrypt\$/);
      expect(user!.passwordHash).not.toContain("first-admin-password");
      expect(await verifyPassword("first-admin-password", user!.passwordHash)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("takes the password from MULEGRAPH_PASSWORD for scripts", () => {
    const r = cli(["user", "add", "bolat", "--role", "investigator"], {
      env: { MULEGRAPH_PASSWORD: "scripted-password" },
    });
    expect(r.status).toBe(0);
  });

  it("refuses an existing name unless --replace, a bad role, a short password, and no password source", () => {
    const exists = cli(["user", "add", "aigerim", "--role", "admin", "--password-stdin"], {
      input: "another-password\n",
    });
    expect(exists.status).toBe(1);
    expect(exists.stderr).toMatch(/already exists/);
    const badRole = cli(["user", "add", "c", "--role", "king", "--password-stdin"], {
      input: "long-enough-pw\n",
    });
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of analyst, investigator, prosecutor, admin/);
    const short = cli(["user", "add", "dana", "--role", "analyst", "--password-stdin"], { input: "short\n" });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const none = cli(["user", "add", "erlan", "--role", "analyst"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no password/);
    const replaced = cli(["user", "add", "aigerim", "--role", "admin", "--password-stdin", "--replace"], {
      input: "replaced-password\n",
    });
    expect(replaced.status).toBe(0);
  });

  it("lists the users as JSON without their hashes", () => {
    const r = cli(["--json", "user", "list"]);
    expect(r.status).toBe(0);
    const users = JSON.parse(r.stdout) as { username: string; role: string }[];
    expect(users.map((u) => [u.username, u.role]).sort()).toEqual([
      ["aigerim", "admin"],
      ["bolat", "investigator"],
    ]);
    expect(r.stdout).not.toContain("scrypt");
  });

  it("records the command-line changes in the audit trail, which lists and verifies", () => {
    const list = cli(["--json", "audit", "list", "--limit", "10"]);
    expect(list.status).toBe(0);
    const entries = JSON.parse(list.stdout) as { actor: string; action: string; target: string }[];
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ["cli", "user.create", "aigerim"],
      ["cli", "user.create", "bolat"],
      ["cli", "user.replace", "aigerim"],
    ]);
    expect(cli(["audit", "verify"]).status).toBe(0);
    expect(cli(["audit", "list", "--limit", "zero"]).status).toBe(2);
  });
});
