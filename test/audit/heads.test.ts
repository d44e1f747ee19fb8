/**
 * Signed tree heads and the head log: the key file (created mode 0600 on first use, never overwritten, refused when
 * it is not an Ed25519 key), signatures that break on any changed field, a head log that survives a write cut short
 * by a crash, and a writer that signs a head over every stored entry after each batch, including entries another
 * writer appended in between. The audit store is the in-memory fake of test/audit/audit-store.fake.ts.
 */
import { generateKeyPairSync } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  audit,
  auditLeafHash,
  AuditHeadError,
  headSignatureValid,
  loadSigner,
  parseHead,
  readHeadLog,
  verifyTrail,
} from "../../server/audit/index.js";
import { merkleRoot } from "../../server/audit/merkle.js";
import { AuditStoreFake } from "./audit-store.fake.js";

let dir: string;
let n = 0;
const fresh = (): string => path.join(dir, `case-${++n}`);

/** A fake store with a head log in its own folder. */
function fakeWithLog(): { fake: AuditStoreFake; headLog: string; keyFile: string } {
  const folder = fresh();
  const fake = new AuditStoreFake();
  const loc = { headLog: path.join(folder, "audit-heads.log"), keyFile: path.join(dir, `key-${n}`) };
  fake.asStore().auditHeadLog = loc;
  return { fake, ...loc };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-heads-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the audit signing key", () => {
  it("is created on first use with mode 0600 and read back, never replaced, on the next", () => {
    const file = path.join(dir, "first.key");
    const a = loadSigner(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const before = readFileSync(file, "utf8");
    const b = loadSigner(file);
    expect(b.publicKey).toBe(a.publicKey);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("is refused with AuditHeadError when the file holds another kind of key, or none", () => {
    const rsa = path.join(dir, "rsa.key");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    writeFileSync(rsa, privateKey.export({ type: "pkcs8", format: "pem" }));
    expect(() => loadSigner(rsa)).toThrow(AuditHeadError);
    const junk = path.join(dir, "junk.key");
    writeFileSync(junk, "not a key");
    expect(() => loadSigner(junk)).toThrow(/is not a private key/);
    expect(() => loadSigner(path.join(dir, "absent.key"), { create: false })).toThrow(AuditHeadError);
  });
});

describe("a signed tree head", () => {
  const signer = () => loadSigner(path.join(dir, "sig.key"));

  it("verifies with the key it carries, and not once any signed field changes", () => {
    const head = signer().signHead(7, "a".repeat(64), 1_700_000_000_000);
    expect(headSignatureValid(head)).toBe(true);
    expect(headSignatureValid(head, signer().publicKey)).toBe(true);
    expect(headSignatureValid({ ...head, treeSize: 8 })).toBe(false);
    expect(headSignatureValid({ ...head, rootHash: "b".repeat(64) })).toBe(false);
    expect(headSignatureValid({ ...head, timestamp: head.timestamp + 1 })).toBe(false);
    const other = loadSigner(path.join(dir, "other.key"));
    expect(headSignatureValid(head, other.publicKey)).toBe(false);
    expect(headSignatureValid({ ...head, publicKey: other.publicKey })).toBe(false);
  });

  it("parses back from its JSON, and names what is wrong with anything else", () => {
    const head = signer().signHead(1, "c".repeat(64));
    expect(parseHead(JSON.stringify(head), "kept.json")).toEqual(head);
    expect(() => parseHead("{", "kept.json")).toThrow(/kept\.json is not JSON/);
    expect(() => parseHead(JSON.stringify({ ...head, treeSize: -1 }), "kept.json")).toThrow(/treeSize/);
  });
});

describe("the head writer", () => {
  it("appends one head per batch whose root is the Merkle tree of every stored entry", async () => {
    const { fake, headLog } = fakeWithLog();
    for (let i = 0; i < 5; i++) await audit(fake.asStore(), { actor: "a", action: "search", params: { i } });
    const { heads, bad } = await readHeadLog(headLog);
    expect(bad).toEqual([]);
    expect(heads.map((h) => h.head.treeSize)).toEqual([1, 2, 3, 4, 5]);
    heads.forEach(({ head }) => {
      expect(headSignatureValid(head)).toBe(true);
      expect(head.rootHash).toBe(
        merkleRoot(fake.entries.slice(0, head.treeSize).map(auditLeafHash)).toString("hex"),
      );
    });
  });

  it("covers entries another writer appended in between (a CLI next to the server)", async () => {
    const { fake, headLog, keyFile } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    // Another process: its own store object over the same entries, its own frontier, the same key and log.
    const other = new AuditStoreFake();
    other.asStore().auditHeadLog = { headLog, keyFile };
    other.entries.push(...fake.entries);
    await audit(other.asStore(), { actor: "cli", action: "user.create" });
    await audit(other.asStore(), { actor: "cli", action: "user.update" });
    fake.entries.push(...other.entries.slice(1));
    await audit(fake.asStore(), { actor: "a", action: "two" });
    const sizes = (await readHeadLog(headLog)).heads.map((h) => h.head.treeSize);
    expect(sizes).toEqual([1, 2, 3, 4]);
    const result = await verifyTrail(fake.asStore());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("gets past a head-log line cut short by a crash, which verify ignores", async () => {
    const { fake, headLog } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    appendFileSync(headLog, '{"v":1,"treeSize":2,"rootHa');
    expect((await verifyTrail(fake.asStore())).ok).toBe(true);
    await audit(fake.asStore(), { actor: "a", action: "two" });
    const log = await readHeadLog(headLog);
    expect(log.torn).toEqual([2]);
    expect(log.heads.map((h) => h.head.treeSize)).toEqual([1, 2]);
    const result = await verifyTrail(fake.asStore());
    expect(result).toMatchObject({ ok: true, heads: { torn: 1, newest: { treeSize: 2 } } });
  });

  it("names a head log line that is not a head as a problem", async () => {
    const { fake, headLog } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    appendFileSync(headLog, "hello\n");
    const result = await verifyTrail(fake.asStore());
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: "bad-head-line" })]);
  });

  it("names a head log that was deleted while entries remain", async () => {
    const { fake, headLog } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    rmSync(headLog);
    const result = await verifyTrail(fake.asStore());
    expect(result.problems).toEqual([expect.objectContaining({ kind: "no-head" })]);
  });

  it("names heads signed by a key other than the key file's", async () => {
    const { fake, keyFile } = fakeWithLog();
    await audit(fake.asStore(), { actor: "a", action: "one" });
    rmSync(keyFile);
    loadSigner(keyFile);
    const result = await verifyTrail(fake.asStore());
    expect(result.problems).toEqual([expect.objectContaining({ kind: "foreign-key" })]);
  });

  it("fails the append with AuditHeadError when the head log cannot be written, keeping the entry", async () => {
    const { fake } = fakeWithLog();
    // A head log path under a regular file cannot be created.
    const blocker = path.join(dir, `blocker-${n}`);
    writeFileSync(blocker, "");
    fake.asStore().auditHeadLog!.headLog = path.join(blocker, "audit-heads.log");
    await expect(audit(fake.asStore(), { actor: "a", action: "one" })).rejects.toThrow(AuditHeadError);
    expect(fake.entries).toHaveLength(1);
  });
});
