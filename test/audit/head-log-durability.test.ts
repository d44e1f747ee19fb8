/**
 * The head log is kept open between appends (server/audit/heads.ts): a process killed with its log open loses no
 * head of an entry it acknowledged, and the trail still verifies; a log removed or replaced while open is written
 * anew by name, not into the removed file; a line another writer left cut short is closed before the next head.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, readHeadLog, verifyTrail } from "../../server/audit/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
import { AuditStoreFake } from "./audit-store.fake.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
let dir: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-head-log-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeWithLog(): { fake: AuditStoreFake; headLog: string } {
  n++;
  const fake = new AuditStoreFake();
  const headLog = path.join(dir, `case-${n}`, "audit-heads.log");
  fake.asStore().auditHeadLog = { headLog, keyFile: path.join(dir, `key-${n}`) };
  return { fake, headLog };
}

describe("the head log kept open between appends", () => {
  it("loses no head when the process is killed with the log open, and the trail verifies", async () => {
    const dataDir = path.join(dir, "killed");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/audit/audit-kill-child.ts", dataDir, "300"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_c, s) => resolve(s)));
    for await (const line of createInterface({ input: child.stdout! })) if (line === "audited") break;
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const store = await openEmbeddedStore({ dataDir });
    try {
      const before = await verifyTrail(store);
      expect(before.problems).toEqual([]);
      expect(before).toMatchObject({ ok: true, heads: { uncovered: 0, torn: 0, newest: { treeSize: 300 } } });
      // This process takes over the same log and chain.
      await audit(store, { actor: "a", action: "search" });
      const after = await verifyTrail(store);
      expect(after).toMatchObject({ ok: true, heads: { uncovered: 0, newest: { treeSize: 301 } } });
    } finally {
      await store.close();
    }
  }, 60_000);

  it("writes a log that was removed while open anew, by its name", async () => {
    const { fake, headLog } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    rmSync(headLog);
    await audit(fake.asStore(), { actor: "a", action: "two" });
    const log = await readHeadLog(headLog);
    expect(log.missing).toBe(false);
    expect(log.heads.map((h) => h.head.treeSize)).toEqual([2]);
  });

  it("writes to the file now at the log's path when the open one was moved away", async () => {
    const { fake, headLog } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    renameSync(headLog, `${headLog}.1`);
    writeFileSync(headLog, "");
    await audit(fake.asStore(), { actor: "a", action: "two" });
    expect((await readHeadLog(headLog)).heads.map((h) => h.head.treeSize)).toEqual([2]);
    expect((await readHeadLog(`${headLog}.1`)).heads.map((h) => h.head.treeSize)).toEqual([1]);
  });

  it("closes a line another writer left cut short while the log was open, then appends whole lines", async () => {
    const { fake, headLog } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    await audit(fake.asStore(), { actor: "a", action: "two" });
    appendFileSync(headLog, '{"v":1,"treeSize":3,"ro');
    await audit(fake.asStore(), { actor: "a", action: "three" });
    await audit(fake.asStore(), { actor: "a", action: "four" });
    const log = await readHeadLog(headLog);
    expect(log.torn).toEqual([3]);
    expect(log.bad).toEqual([]);
    expect(log.heads.map((h) => h.head.treeSize)).toEqual([1, 2, 3, 4]);
    expect((await verifyTrail(fake.asStore())).ok).toBe(true);
  });
});
