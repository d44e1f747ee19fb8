/**
 * The case records port (CaseRecordsPort): users, the audit trail, uploads, notes and named mappings.
 * Part of the store contract (test/store/contract.ts), run against both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseRecordsPort } from "../../../server/store/ports/records.js";
import type { AuditEntry, NamedMapping, StoredUser, UploadRecord } from "../../../server/store/types.js";
import { ACC, CASE } from "../store.fixtures.js";
import { a, openFresh, type Closable } from "./known-case.js";

/** The records contract for one store: `open` gives it (fresh or shared), `reset` empties a shared one. */
export function recordsContract<S extends CaseRecordsPort & Closable>(
  name: string,
  open: () => Promise<S>,
  reset?: (s: S) => Promise<void>,
): void {
  describe(`${name} store: users, audit trail, uploads, notes, named mappings`, () => {
    let store: S;
    beforeAll(async () => {
      store = await openFresh(open, reset);
    });
    afterAll(async () => {
      await store?.close();
    });

    const alice: StoredUser = {
      username: "alice",
      role: "analyst",
      passwordHash: "scrypt$a$b",
      createdAt: 1000,
    };
    const bob: StoredUser = {
      username: "bob",
      role: "admin",
      passwordHash: "scrypt$c$d",
      createdAt: 900,
      disabled: false,
    };

    it("stores, updates and lists users", async () => {
      expect(await store.getUser("alice")).toBeNull();
      expect(await store.listUsers()).toEqual([]);
      await store.putUser(bob);
      await store.putUser(alice);
      expect(await store.getUser("alice")).toEqual(alice);
      expect(await store.getUser("bob")).toEqual(bob);
      await store.putUser({ ...alice, role: "investigator", disabled: true });
      expect(await store.listUsers()).toEqual([{ ...alice, role: "investigator", disabled: true }, bob]);
    });

    const entry = (seq: number, prevHash: string): AuditEntry => ({
      seq,
      ts: 5000 + seq,
      actor: "alice",
      action: seq === 1 ? "login" : "view",
      target: seq === 1 ? null : a(ACC.D1),
      params: { ip: "127.0.0.1", nested: { depth: seq } },
      prevHash,
      hash: String(seq).repeat(64).slice(0, 64),
    });

    it("appends audit entries only in sequence", async () => {
      expect(await store.lastAudit()).toBeNull();
      await expect(store.appendAudit(entry(2, "0".repeat(64)))).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await store.appendAudit(entry(1, "0".repeat(64)));
      await store.appendAudit(entry(2, entry(1, "").hash));
      await expect(store.appendAudit(entry(2, entry(1, "").hash))).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await expect(store.appendAudit(entry(4, entry(2, "").hash))).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await store.appendAudit(entry(3, entry(2, "").hash));
      expect(await store.lastAudit()).toEqual(entry(3, entry(2, "").hash));
    });

    it("reads the audit trail after a seq, up to a limit", async () => {
      expect((await store.auditEntries({})).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await store.auditEntries({ afterSeq: 1, limit: 1 })).toEqual([entry(2, entry(1, "").hash)]);
      expect(await store.auditEntries({ afterSeq: 3 })).toEqual([]);
      expect((await store.auditEntries({}))[0]).toEqual(entry(1, "0".repeat(64)));
    });

    it("appends consecutive audit entries in one call, all or nothing", async () => {
      expect(store.appendAuditBatch).toBeDefined();
      const e4 = entry(4, entry(3, "").hash);
      const e5 = entry(5, e4.hash);
      await expect(store.appendAuditBatch!([entry(5, e4.hash), entry(6, e5.hash)])).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await expect(store.appendAuditBatch!([e4, entry(6, e5.hash)])).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      expect((await store.lastAudit())?.seq).toBe(3);
      await store.appendAuditBatch!([e4, e5]);
      expect((await store.auditEntries({ afterSeq: 3 })).map((e) => e.seq)).toEqual([4, 5]);
      expect(await store.lastAudit()).toEqual(e5);
    });

    it("stores upload jobs and lists them newest first", async () => {
      const u1: UploadRecord = { id: "u1", createdAt: 100, createdBy: "alice", status: "queued" };
      const u2: UploadRecord = { id: "u2", createdAt: 200, createdBy: "alice", status: "running" };
      await store.putUpload(u1);
      await store.putUpload(u2);
      const done: UploadRecord = {
        ...u1,
        status: "done",
        summary: { files: [{ name: "a.csv" }], totals: { rows: 3 } },
      };
      await store.putUpload(done);
      expect(await store.getUpload("u1")).toEqual(done);
      expect(await store.getUpload("nope")).toBeNull();
      const failed: UploadRecord = { ...u2, status: "failed", error: "ingest: unreadable file" };
      await store.putUpload(failed);
      expect(await store.listUploads()).toEqual([failed, done]);
      expect(await store.listUploads({ limit: 1 })).toEqual([failed]);
    });

    it("stores notes per target, oldest first", async () => {
      await store.putNote({
        id: "n2",
        target: a(ACC.D1),
        author: "bob",
        createdAt: 20,
        text: "Звонил в банк",
      });
      await store.putNote({ id: "n1", target: a(ACC.D1), author: "alice", createdAt: 10, text: "Дроп?" });
      await store.putNote({ id: "n3", target: CASE, author: "alice", createdAt: 5, text: "case" });
      await store.putNote({ id: "n1", target: a(ACC.D1), author: "alice", createdAt: 10, text: "Дроп." });
      expect(await store.listNotes(a(ACC.D1))).toEqual([
        { id: "n1", target: a(ACC.D1), author: "alice", createdAt: 10, text: "Дроп." },
        { id: "n2", target: a(ACC.D1), author: "bob", createdAt: 20, text: "Звонил в банк" },
      ]);
      expect(await store.listNotes("nobody")).toEqual([]);
    });

    const payerSheet: NamedMapping = {
      name: "Банк Б: реестр",
      kind: "register",
      signature: "sig-a",
      header: ["Плательщик, счет", "Получатель, счет", "Дата", "Сумма", "Примечание"],
      columns: { "Плательщик, счет": "fromAccount", "Получатель, счет": "toAccount", Примечание: "" },
      createdBy: "alice",
      createdAt: 30,
    };

    it("stores named mappings by name, lists them by name and by header signature", async () => {
      expect(await store.listNamedMappings()).toEqual([]);
      expect(await store.getNamedMapping(payerSheet.name)).toBeNull();
      const other: NamedMapping = {
        ...payerSheet,
        name: "another bank",
        signature: "sig-b",
        header: [],
        columns: {},
        createdBy: "bob",
      };
      await store.putNamedMapping(payerSheet);
      await store.putNamedMapping(other);
      expect(await store.getNamedMapping(payerSheet.name)).toEqual(payerSheet);
      expect(await store.listNamedMappings()).toEqual([other, payerSheet]);
      expect(await store.listNamedMappings({ signature: "sig-a" })).toEqual([payerSheet]);
      expect(await store.listNamedMappings({ signature: "sig-none" })).toEqual([]);
    });

    it("replaces a named mapping saved again under its name", async () => {
      const changed: NamedMapping = {
        ...payerSheet,
        kind: "statement",
        signature: "sig-c",
        columns: { Дата: "ts" },
        createdAt: 40,
      };
      await store.putNamedMapping(changed);
      expect(await store.getNamedMapping(payerSheet.name)).toEqual(changed);
      expect(await store.listNamedMappings({ signature: "sig-a" })).toEqual([]);
      expect((await store.listNamedMappings()).map((m) => m.name)).toEqual(["another bank", payerSheet.name]);
    });

    it("deletes a named mapping and says whether there was one", async () => {
      expect(await store.deleteNamedMapping(payerSheet.name)).toBe(true);
      expect(await store.deleteNamedMapping(payerSheet.name)).toBe(false);
      expect(await store.getNamedMapping(payerSheet.name)).toBeNull();
      expect((await store.listNamedMappings()).map((m) => m.name)).toEqual(["another bank"]);
    });
  });
}
