/**
 * Hostile probes of the audit trail (issue 22): an insider with write access to the data folder cuts the newest
 * entries, empties the trail, rewrites an entry and re-hashes the chain after it so that the chain alone still
 * holds, alters a signed head, or rolls the head log back. `mulegraph audit verify` must exit 1 and name each.
 * Embedded store, edited with SQLite behind the product's back; the CLI runs as a real process.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, auditHash, auditLeafHash, loadSigner, verifyTrail } from "../../server/audit/index.js";
import { merkleRoot } from "../../server/audit/merkle.js";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import type { AuditEntry } from "../../server/store/types.js";

const ENTRIES = 12;

interface Cli {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(dataDir: string, ...args: string[]): Cli {
  const r = spawnSync(process.execPath, ["bin/mulegraph.js", "--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, NEO4J_URI: "", MULEGRAPH_AUDIT_HEAD_LOG: "", MULEGRAPH_AUDIT_KEY_FILE: "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  seq: number;
  ts: number;
  actor: string;
  action: string;
  target: string | null;
  params: string;
  prev_hash: string;
  hash: string;
}

/** Edit entry `seq` with `edit`, then recompute its hash and every later entry's prevHash and hash. */
function rewriteAndRehash(db: Database.Database, seq: number, edit: (e: AuditEntry) => void): void {
  const rows = db.prepare("SELECT * FROM audit ORDER BY seq").all() as Row[];
  let prevHash: string | null = null;
  const update = db.prepare(
    "UPDATE audit SET actor = ?, target = ?, params = ?, prev_hash = ?, hash = ? WHERE seq = ?",
  );
  for (const r of rows) {
    const e: AuditEntry = {
      seq: r.seq,
      ts: r.ts,
      actor: r.actor,
      action: r.action,
      target: r.target,
      params: JSON.parse(r.params) as Record<string, unknown>,
      prevHash: r.prev_hash,
      hash: r.hash,
    };
    if (r.seq < seq) {
      prevHash = e.hash;
      continue;
    }
    if (r.seq === seq) edit(e);
    if (prevHash !== null) e.prevHash = prevHash;
    const { hash: _old, ...rest } = e;
    e.hash = auditHash(rest);
    update.run(e.actor, e.target, JSON.stringify(e.params), e.prevHash, e.hash, e.seq);
    prevHash = e.hash;
  }
}

describe("a hostile edit of the audit trail", () => {
  let root: string;
  let pristine: string;
  let n = 0;

  /** A fresh copy of the untouched trail for one probe. */
  function copy(): string {
    const dir = path.join(root, `probe-${++n}`);
    cpSync(pristine, dir, { recursive: true });
    return dir;
  }

  function withDb(dir: string, f: (db: Database.Database) => void): void {
    const db = new Database(path.join(dir, DB_FILE));
    try {
      f(db);
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-hostile-audit-"));
    pristine = path.join(root, "pristine");
    const store = await openEmbeddedStore({ dataDir: pristine });
    // One at a time: each append is its own batch, so each gets its own signed head.
    for (let i = 1; i <= ENTRIES; i++) {
      await audit(store, {
        actor: i % 3 ? "aida" : "bek",
        action: "entity.view",
        target: `account:KZ${i}`,
        params: { i },
      });
    }
    await store.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("verifies the untouched trail, with one signed head per batch in the head log outside the database", () => {
    const heads = readFileSync(path.join(pristine, "audit-heads.log"), "utf8").trim().split("\n");
    expect(heads).toHaveLength(ENTRIES);
    const r = cli(copy(), "--json", "audit", "verify");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as {
      ok: boolean;
      tree: { size: number };
      heads: { newest: { treeSize: number } };
    };
    expect(json).toMatchObject({
      ok: true,
      entries: ENTRIES,
      tree: { size: ENTRIES },
      heads: { newest: { treeSize: ENTRIES } },
    });
  });

  it("names a missing tail when the newest entry is deleted", () => {
    const dir = copy();
    withDb(dir, (db) => db.prepare("DELETE FROM audit WHERE seq = ?").run(ENTRIES));
    const r = cli(dir, "audit", "verify");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `the newest signed head covers ${ENTRIES} entries, the store has ${ENTRIES - 1}`,
    );
    expect(r.stdout).toMatch(/missing-tail/);
  });

  it("names a missing tail when every entry is deleted", () => {
    const dir = copy();
    withDb(dir, (db) => db.prepare("DELETE FROM audit").run());
    const r = cli(dir, "--json", "audit", "verify");
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; problems: { kind: string; message: string }[] };
    expect(json.ok).toBe(false);
    expect(json.problems).toContainEqual(
      expect.objectContaining({
        kind: "missing-tail",
        message: expect.stringMatching(/has 0: every entry was removed/),
      }),
    );
  });

  it("names the rewritten entry when one is edited and the chain after it re-hashed", async () => {
    const dir = copy();
    withDb(dir, (db) => rewriteAndRehash(db, 5, (e) => (e.target = "account:KZ000")));
    // The chain alone is fooled: that is the attack.
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      const lib = await verifyTrail(store);
      expect(lib.firstBroken).toBeUndefined();
      expect(lib.ok).toBe(false);
      expect(lib.problems).toContainEqual(expect.objectContaining({ kind: "rewritten", seq: 5 }));
    } finally {
      await store.close();
    }
    const r = cli(dir, "audit", "verify");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("entry 5 was rewritten");
  });

  it("names an entry deleted from the middle with the later ones renumbered and re-hashed", () => {
    const dir = copy();
    withDb(dir, (db) => {
      db.prepare("DELETE FROM audit WHERE seq = 7").run();
      for (let s = 8; s <= ENTRIES; s++) db.prepare("UPDATE audit SET seq = ? WHERE seq = ?").run(s - 1, s);
      rewriteAndRehash(db, 7, () => {});
    });
    const r = cli(dir, "audit", "verify");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("entry 7 was rewritten");
    expect(r.stdout).toContain(`covers ${ENTRIES} entries, the store has ${ENTRIES - 1}`);
  });

  it("names an altered signed head", () => {
    const dir = copy();
    const log = path.join(dir, "audit-heads.log");
    const lines = readFileSync(log, "utf8").trim().split("\n");
    const last = JSON.parse(lines.at(-1)!) as { rootHash: string };
    last.rootHash = "0".repeat(64);
    lines[lines.length - 1] = JSON.stringify(last);
    writeFileSync(log, lines.join("\n") + "\n");
    const r = cli(dir, "audit", "verify");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `line ${ENTRIES}: the signature of the head of ${ENTRIES} entries is not valid`,
    );
  });

  it("names a rolled-back head log by the head the investigator kept, after cutting entries and heads alike", () => {
    const dir = copy();
    const kept = cli(dir, "audit", "export-head");
    expect(kept.status).toBe(0);
    const keptFile = path.join(root, `kept-${n}.json`);
    writeFileSync(keptFile, kept.stdout);
    expect(JSON.parse(kept.stdout)).toMatchObject({ treeSize: ENTRIES, v: 1 });
    // The insider cuts the last three entries and the heads that covered them.
    withDb(dir, (db) => db.prepare("DELETE FROM audit WHERE seq > ?").run(ENTRIES - 3));
    const log = path.join(dir, "audit-heads.log");
    const heads = readFileSync(log, "utf8").trim().split("\n");
    const survivors = heads.filter((l) => (JSON.parse(l) as { treeSize: number }).treeSize <= ENTRIES - 3);
    writeFileSync(log, survivors.join("\n") + "\n");
    // Without the kept head nothing shows: the cut is perfect.
    expect(cli(dir, "audit", "verify").status).toBe(0);
    const r = cli(dir, "audit", "verify", "--head", keptFile);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `the head log was rolled back: its newest head covers ${ENTRIES - 3} entries, the head you kept`,
    );
    expect(r.stdout).toContain(`covers ${ENTRIES}`);
  });

  it("names a kept head that was altered, and accepts one that was not", () => {
    const dir = copy();
    const kept = cli(dir, "audit", "export-head");
    const good = path.join(root, `good-${n}.json`);
    writeFileSync(good, kept.stdout);
    expect(cli(dir, "audit", "verify", "--head", good).status).toBe(0);
    const altered = JSON.parse(kept.stdout) as { treeSize: number };
    altered.treeSize -= 1;
    const bad = path.join(root, `bad-${n}.json`);
    writeFileSync(bad, JSON.stringify(altered));
    const r = cli(dir, "audit", "verify", "--head", bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("the kept head's signature is not valid");
  });

  it("catches an insider who rewrites an entry, replaces the key and re-signs every head, by the kept head", async () => {
    const dir = copy();
    const kept = path.join(root, `kept-${n}.json`);
    writeFileSync(kept, cli(dir, "audit", "export-head").stdout);
    withDb(dir, (db) => rewriteAndRehash(db, 3, (e) => (e.actor = "someone-else")));
    // A new key, and a head log re-signed over the rewritten entries: everything inside the folder agrees.
    const keyFile = path.join(dir, "audit-signing.key");
    rmSync(keyFile);
    const forger = loadSigner(keyFile);
    const store = await openEmbeddedStore({ dataDir: dir });
    const entries = await store.auditEntries({ afterSeq: 0, limit: 1000 });
    await store.close();
    const leaves = entries.map(auditLeafHash);
    const lines = Array.from({ length: entries.length }, (_, i) =>
      JSON.stringify(forger.signHead(i + 1, merkleRoot(leaves.slice(0, i + 1)).toString("hex"))),
    );
    writeFileSync(path.join(dir, "audit-heads.log"), lines.join("\n") + "\n");
    expect(cli(dir, "audit", "verify").status).toBe(0);

    const r = cli(dir, "audit", "verify", "--head", kept);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("foreign-key: the kept head is signed by another key than this trail's");
    expect(r.stdout).toContain(`the entries do not match the head you kept (${ENTRIES} entries`);
  });

  it("refuses to export a head over a trail that fails verification", () => {
    const dir = copy();
    withDb(dir, (db) => db.prepare("DELETE FROM audit WHERE seq = ?").run(ENTRIES));
    const r = cli(dir, "audit", "export-head");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fails verification: the newest signed head covers/);
  });
});
