/**
 * The embedded search asks its trigram index for the trigrams of a fragment that are cheapest to read, as the index's
 * page map estimates them (server/store/embedded/search.ts anyOf): a trigram in thousands of values is left out when
 * rarer ones are there, and the hits stay those of a search that read every trigram.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_FILE, openEmbeddedStore } from "../../server/store/embedded/index.js";
import { anyOf } from "../../server/store/embedded/search.js";
import type { GraphStore } from "../../server/store/types.js";
import { FILE, src } from "./store.fixtures.js";

const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-search-trigrams-"));
let store: GraphStore;
let db: Database.Database;

beforeAll(async () => {
  store = await openEmbeddedStore({ dataDir: root });
  // 5000 IBANs share "KZT"; the digits after it are each in a few.
  const accounts = Array.from({ length: 5000 }, (_, i) => {
    const iban = `KZ00KZT${String(i).padStart(13, "0")}`;
    return { kind: "account" as const, key: iban, iban, sources: [src(FILE.REG, i + 1)] };
  });
  await store.bulkLoad(async () => {
    for (let i = 0; i < accounts.length; i += 1000) await store.writeBatch(accounts.slice(i, i + 1000));
  });
  db = new Database(path.join(root, DB_FILE), { readonly: true });
});
afterAll(async () => {
  db?.close();
  await store?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("the trigrams a fragment search reads", () => {
  it("leaves out a trigram thousands of values share when rarer ones are there", () => {
    const query = anyOf(db, ["KZT0000000004321"]);
    expect(query).not.toContain('"kzt"');
    expect(query.match(/"[^"]{3}"/g)).toHaveLength(3);
  });

  it("finds what a fragment with a common trigram names, and only that", async () => {
    expect((await store.search("KZT0000000004321")).map((h) => h.id)).toEqual([
      "account:KZ00KZT0000000004321",
    ]);
    expect((await store.search("T000000000432")).map((h) => h.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `account:KZ00KZT000000000432${i}`),
    );
  });

  it("ANDs at least one trigram of every word of a name", () => {
    const query = anyOf(db, [], ["петрова", "асель", "нурлановна"]);
    const trigrams = query.match(/"[^"]{3}"/g)!;
    expect(trigrams.length).toBeGreaterThanOrEqual(3);
    for (const word of ["петрова", "асель", "нурлановна"])
      expect(trigrams.some((t) => word.includes(t.slice(1, -1)))).toBe(true);
  });
});
