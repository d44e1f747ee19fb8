import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { CanonicalRecord } from "../../model/records.js";
import { DB_FILE, EmbeddedSchemaError, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { GROUP_MS } from "../../server/store/embedded/write.js";
import { ACC, FILE, T, fixtureBatches, src } from "./store.fixtures.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-embedded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `d${++n}`, "nested");

const transfer = (txId: string, file: string, line: number): CanonicalRecord => ({
  kind: "transfer",
  txId,
  from: ACC.V,
  to: ACC.D1,
  ts: T.t1,
  amount: 10,
  currency: "KZT",
  amountKzt: 10,
  sources: [src(file, line)],
});

describe("embedded store on disk", () => {
  it("creates its folder, runs in WAL mode and keeps everything across close and reopen", async () => {
    const dir = freshDir();
    const store = await openEmbeddedStore({ dataDir: dir });
    for (const batch of fixtureBatches) await store.writeBatch(batch);
    const stats = await store.stats();
    const projection = await store.projection();
    await store.close();
    await store.close();

    const db = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();

    const again = await openEmbeddedStore({ dataDir: dir });
    expect(await again.stats()).toEqual(stats);
    expect(await again.projection()).toEqual(projection);
    await again.close();
  });

  it("refuses work after close and says so", async () => {
    const store = await openEmbeddedStore({ dataDir: freshDir() });
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(store.stats()).rejects.toMatchObject({ name: "EmbeddedStoreError" });
    await expect(store.writeBatch([transfer("x", FILE.REG, 1)])).rejects.toMatchObject({
      name: "EmbeddedStoreError",
    });
  });

  it("stores a batch all or nothing, and the next batch still works", async () => {
    const store = await openEmbeddedStore({ dataDir: freshDir() });
    const newFile = "9".repeat(64);
    const broken = [transfer("A-1", newFile, 1), { kind: "spaceship" } as unknown as CanonicalRecord];
    await expect(store.writeBatch(broken)).rejects.toMatchObject({ name: "EmbeddedWriteError" });
    expect((await store.stats()).transfers).toBe(0);
    expect((await store.stats()).accounts).toBe(0);
    // The file interned inside the rolled-back batch must be interned again, not assumed.
    await store.writeBatch([transfer("A-1", newFile, 1)]);
    expect(await store.transfersByIds(["A-1"])).toHaveLength(1);
    const d1 = await store.entity(`account:${ACC.D1}`);
    expect(d1!.edges[0]!.sources).toEqual([src(newFile, 1)]);
    await store.close();
  });

  it("creates again, after a rolled-back batch, the nodes that batch had created (persons, phones, cards)", async () => {
    const store = await openEmbeddedStore({ dataDir: freshDir() });
    const usage = (subjectType: "person" | "card", subject: string): CanonicalRecord => ({
      kind: "usage",
      subjectType,
      subject,
      identifierType: "phone",
      identifier: "+77019998877",
      ts: T.t1,
      event: "login",
      sources: [src(FILE.LNK, 2)],
    });
    const records = [usage("person", "990101300123"), usage("card", "440043******9999")];
    await expect(
      store.writeBatch([...records, { kind: "spaceship" } as unknown as CanonicalRecord]),
    ).rejects.toMatchObject({ name: "EmbeddedWriteError" });
    await store.writeBatch(records);
    for (const id of ["person:990101300123", "card:440043******9999", "phone:+77019998877"])
      expect(await store.entity(id), id).not.toBeNull();
    await store.close();
  });

  it("lets two connections on one folder (server and CLI) see each other's writes", async () => {
    const dir = freshDir();
    const a = await openEmbeddedStore({ dataDir: dir });
    const b = await openEmbeddedStore({ dataDir: dir });
    await a.writeBatch([transfer("S-1", FILE.REG, 1)]);
    expect((await b.stats()).transfers).toBe(1);
    await b.writeBatch([transfer("S-1", FILE.SV, 1), transfer("S-2", FILE.SV, 2)]);
    expect(await a.stats()).toMatchObject({ transfers: 2, transferSources: 3, accounts: 2 });
    const entry = {
      ts: 1,
      actor: "a",
      action: "x",
      target: null,
      params: {},
      prevHash: "0".repeat(64),
      hash: "h",
    };
    await a.appendAudit({ seq: 1, ...entry });
    await expect(b.appendAudit({ seq: 1, ...entry })).rejects.toMatchObject({ name: "AuditSequenceError" });
    await b.appendAudit({ seq: 2, ...entry });
    expect((await a.lastAudit())!.seq).toBe(2);
    await a.close();
    await b.close();
  });

  it("commits an idle group of batches within GROUP_MS, so another process sees it", async () => {
    const dir = freshDir();
    const store = await openEmbeddedStore({ dataDir: dir });
    const other = new Database(path.join(dir, DB_FILE), { readonly: true });
    const seen = () => (other.prepare("SELECT count(*) AS n FROM transfers").get() as { n: number }).n;
    try {
      await store.writeBatch([transfer("G-1", FILE.REG, 1)]);
      await store.writeBatch([transfer("G-2", FILE.REG, 2)]);
      await new Promise((r) => setTimeout(r, GROUP_MS + 300));
      expect(seen()).toBe(2);
      await store.writeBatch([transfer("G-3", FILE.REG, 3)]);
      await store.close();
      expect(seen()).toBe(3);
    } finally {
      other.close();
    }
  });

  it("refuses a database written by a newer schema version", async () => {
    const dir = freshDir();
    const store = await openEmbeddedStore({ dataDir: dir });
    await store.close();
    const db = new Database(path.join(dir, DB_FILE));
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    db.close();
    await expect(openEmbeddedStore({ dataDir: dir })).rejects.toBeInstanceOf(EmbeddedSchemaError);
  });

  it("names the folder it cannot open", async () => {
    const file = path.join(root, "not-a-folder");
    const db = new Database(file);
    db.close();
    await expect(openEmbeddedStore({ dataDir: file })).rejects.toThrow(/not-a-folder/);
  });
});
