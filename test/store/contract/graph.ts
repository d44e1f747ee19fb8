/**
 * The graph data port (GraphDataPort, with the lifecycle's kind and ping, and no analysis on an empty store):
 * writes, bulk loads, every query on the known case, a neighbourhood wider than a thousand accounts, and a generated
 * case ingested twice.
 * Part of the store contract (test/store/contract.ts), run against both stores.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityDetail } from "../../../model/graph.js";
import type { CanonicalRecord } from "../../../model/records.js";
import type { AnalysisPort } from "../../../server/store/ports/analysis.js";
import type { GraphDataPort } from "../../../server/store/ports/graph.js";
import type { StoreLifecycle } from "../../../server/store/ports/lifecycle.js";
import {
  ACC,
  ATM,
  CARD,
  CASE,
  DEVICE,
  FILE,
  fixtureBatches,
  ID,
  IP,
  PHONE_D1,
  PHONE_V,
  src,
  T,
  WALLET,
} from "../store.fixtures.js";
import { a, edges, EDGES, ids, NODES, openFresh, ROOT, shape, tx, writeFixture } from "./known-case.js";

const execFileP = promisify(execFile);

/** The ingest pipeline's API as this suite uses it (imported lazily: ingest/ may not exist yet). */
interface IngestApi {
  ingestFiles(
    paths: string[],
    opts: { batchSize?: number; onBatch?: (records: CanonicalRecord[]) => Promise<void> | void },
  ): Promise<unknown>;
}

async function listCsv(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(csv|txt)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The graph contract for one store: `open` gives it (fresh or shared), `reset` empties a shared one. */
export function graphContract<
  S extends GraphDataPort & StoreLifecycle & Pick<AnalysisPort, "latestAnalysis">,
>(name: string, open: () => Promise<S>, reset?: (s: S) => Promise<void>): void {
  describe(`${name} store: schema and writes`, () => {
    let store: S;
    beforeAll(async () => {
      store = await openFresh(open, reset);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("reports the right kind and answers ping", async () => {
      expect(store.kind).toBe(name === "neo4j" ? "neo4j" : "embedded");
      expect(await store.ping()).toBe(true);
    });

    it("starts empty", async () => {
      expect(await store.stats()).toEqual({
        accounts: 0,
        persons: 0,
        companies: 0,
        cards: 0,
        phones: 0,
        devices: 0,
        ips: 0,
        wallets: 0,
        transfers: 0,
        withdrawals: 0,
        complaints: 0,
        links: 0,
        transferSources: 0,
        firstTransferAt: null,
        lastTransferAt: null,
      });
      expect(await store.latestAnalysis()).toBeNull();
      expect(await store.projection()).toEqual({
        accounts: [],
        transfers: [],
        identifiers: [],
        complaints: [],
      });
    });

    it("applies its schema again without error or change", async () => {
      await store.applySchema();
      await store.applySchema();
      await store.writeBatch([]);
      expect((await store.stats()).accounts).toBe(0);
    });

    it("counts every node type, transfer and source of the known case", async () => {
      await writeFixture(store);
      expect(await store.stats()).toEqual({
        accounts: 8,
        persons: 4,
        companies: 3,
        cards: 1,
        phones: 2,
        devices: 1,
        ips: 1,
        wallets: 1,
        transfers: 6,
        withdrawals: 1,
        complaints: 1,
        // 7 owners of accounts, 1 controller, 2 cards on accounts, 7 identifiers used (pairs; repeated uses merge).
        links: 17,
        transferSources: 8,
        firstTransferAt: T.t0,
        lastTransferAt: T.t5,
      });
    });

    it("changes nothing when the same records are written again", async () => {
      const stats = await store.stats();
      const projection = await store.projection();
      const d1 = await store.entity(a(ACC.D1));
      const device = await store.entity(`device:${DEVICE}`);
      await store.applySchema();
      await writeFixture(store);
      expect(await store.stats()).toEqual(stats);
      expect(await store.projection()).toEqual(projection);
      expect(await store.entity(a(ACC.D1))).toEqual(d1);
      expect(await store.entity(`device:${DEVICE}`)).toEqual(device);
    });

    it("merges both statements of one transfer into one transfer with two sources", async () => {
      const d = await store.entity(a(ACC.D1));
      const t = d!.edges.find((e) => e.id === "tx:KSP-0002");
      expect(t).toEqual(EDGES["tx:KSP-0002"]);
      expect(await store.transfersByIds(["KSP-0002"])).toEqual(tx("KSP-0002"));
    });

    it("adds a source to a transfer already stored and keeps its fields", async () => {
      const before = await store.stats();
      await store.writeBatch([
        {
          kind: "transfer",
          txId: "REG-0004",
          from: ACC.D2,
          to: ACC.H,
          ts: T.t3,
          amount: 200000,
          currency: "KZT",
          amountKzt: 200000,
          purpose: "Возврат долга",
          sources: [src(FILE.CMP, 9)],
        },
      ]);
      const after = await store.stats();
      expect(after).toEqual({ ...before, transferSources: before.transferSources + 1 });
      const h = await store.entity(a(ACC.H));
      expect(h!.edges.find((e) => e.id === "tx:REG-0004")).toEqual({
        ...EDGES["tx:REG-0004"],
        props: { ...EDGES["tx:REG-0004"]!.props, purpose: "Возврат долга" },
        sources: [src(FILE.REG, 3), src(FILE.CMP, 9)],
      });
    });

    it("fills a field still unknown but never wipes or overwrites a known one", async () => {
      await store.writeBatch([
        {
          kind: "account",
          key: ACC.F,
          holderName: "Hans Müller",
          bank: "COBADEFF",
          sources: [src(FILE.CMP, 10)],
        },
        { kind: "person", iin: ID.V, sources: [src(FILE.CMP, 10)] },
      ]);
      const f = await store.entity(a(ACC.F));
      expect(f!.node.label).toBe("Hans Müller");
      expect(f!.node.props).toEqual({
        number: "0012345678",
        bank: "DEUTDEFF",
        currency: "EUR",
        accountKind: "foreign",
        holderName: "Hans Müller",
      });
      expect(f!.sources).toEqual([src(FILE.REG, 5), src(FILE.CMP, 10)]);
      const v = await store.entity(`person:${ID.V}`);
      expect(v!.node.props).toEqual({ name: "Сеитова Айгуль" });
    });

    it("creates the nodes a record names even without their own records", async () => {
      await store.writeBatch([
        {
          kind: "transfer",
          txId: "ORPHAN-1",
          from: "KZ000000000000000001",
          to: "KZ000000000000000002",
          ts: T.t5 + 1,
          amount: 1,
          currency: "KZT",
          amountKzt: 1,
          sources: [src(FILE.CMP, 11)],
        },
      ]);
      const orphan = await store.entity("account:KZ000000000000000001");
      expect(orphan).toEqual({
        node: {
          id: "account:KZ000000000000000001",
          type: "account",
          key: "KZ000000000000000001",
          label: "KZ000000000000000001",
          props: {},
        },
        sources: [],
        edges: [
          {
            id: "tx:ORPHAN-1",
            type: "TRANSFER",
            source: "account:KZ000000000000000001",
            target: "account:KZ000000000000000002",
            props: { txId: "ORPHAN-1", ts: T.t5 + 1, amount: 1, currency: "KZT", amountKzt: 1 },
            sources: [src(FILE.CMP, 11)],
          },
        ],
        neighbours: [
          {
            id: "account:KZ000000000000000002",
            type: "account",
            key: "KZ000000000000000002",
            label: "KZ000000000000000002",
            props: {},
          },
        ],
        edgesTotal: 1,
        edgesNext: null,
      });
      const stats = await store.stats();
      expect(stats.accounts).toBe(10);
      expect(stats.lastTransferAt).toBe(T.t5 + 1);
    });
  });

  describe(`${name} store: a bulk load`, () => {
    /** What the known case looks like through every read the product makes. */
    async function snapshot(store: S) {
      const ids = [...new Set(Object.values(EDGES).flatMap((e) => [e.source, e.target]))].sort();
      return {
        stats: await store.stats(),
        projection: await store.projection(),
        entities: await Promise.all(ids.map((id) => store.entity(id))),
        hub: await store.neighbourhood([a(ACC.H)], { depth: 2 }),
        search: await store.search("ерж"),
        transfers: await store.transfers({ accounts: [ACC.V, ACC.D1, ACC.H], direction: "both" }),
      };
    }

    it("stores exactly what the same batches written one by one store", async () => {
      const one = await openFresh(open, reset);
      await writeFixture(one);
      const expected = await snapshot(one);
      await one.close();

      const bulk = await openFresh(open, reset);
      try {
        const returned = await bulk.bulkLoad(async () => {
          await writeFixture(bulk);
          return "done";
        });
        expect(returned).toBe("done");
        expect(await snapshot(bulk)).toEqual(expected);
        // And writing it all again in a second bulk load changes nothing.
        await bulk.bulkLoad(() => writeFixture(bulk));
        expect(await snapshot(bulk)).toEqual(expected);
      } finally {
        await bulk.close();
      }
    });

    it("runs two loads at once (two uploads) and stores both", async () => {
      const store = await openFresh(open, reset);
      try {
        const load = (batches: CanonicalRecord[][]) =>
          store.bulkLoad(async () => {
            for (const batch of batches) await store.writeBatch(batch);
          });
        const [b0, b1, b2, b3] = fixtureBatches;
        await Promise.all([load([b0!, b2!]), load([b1!, b3!])]);
        expect(await store.stats()).toMatchObject({
          accounts: 8,
          transfers: 6,
          transferSources: 8,
          complaints: 1,
        });
      } finally {
        await store.close();
      }
    });

    it("lets reads made during the load see every batch written so far", async () => {
      const store = await openFresh(open, reset);
      try {
        await store.bulkLoad(async () => {
          await store.writeBatch(fixtureBatches[0]!);
          const first = await store.stats();
          expect(first.accounts).toBeGreaterThan(0);
          expect(await store.search(ACC.D1)).toHaveLength(1);
          await store.writeBatch(fixtureBatches[1]!);
          expect((await store.stats()).transfers).toBeGreaterThan(first.transfers);
        });
      } finally {
        await store.close();
      }
    });

    it("passes on the load's own error and keeps the batches written before it", async () => {
      const store = await openFresh(open, reset);
      try {
        const failure = store.bulkLoad(async () => {
          await store.writeBatch(fixtureBatches[0]!);
          throw new Error("parse failed in file 2");
        });
        await expect(failure).rejects.toThrow("parse failed in file 2");
        const stats = await store.stats();
        expect(stats.accounts).toBeGreaterThan(0);
        await store.bulkLoad(() => writeFixture(store));
        expect((await store.stats()).transfers).toBe(6);
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name} store: queries on the known case`, () => {
    let store: S;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      await writeFixture(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    describe("search", () => {
      const hit = (id: string, label: string, matched: string) => {
        const i = id.indexOf(":");
        return { id, type: id.slice(0, i), key: id.slice(i + 1), label, matched };
      };
      it.each([
        ["an IBAN", ACC.D1, [hit(a(ACC.D1), "Ержанов Ержан", "iban")]],
        [
          "an IBAN in lower case with spaces",
          "kz88 6010 0000 0000 0003",
          [hit(a(ACC.D1), "Ержанов Ержан", "iban")],
        ],
        ["an account key without IBAN", ACC.F, [hit(a(ACC.F), ACC.F, "key")]],
        ["an account number", "0012345678", [hit(a(ACC.F), ACC.F, "number")]],
        [
          "an IIN (its person and the accounts it holds)",
          ID.D1,
          [hit(a(ACC.D1), "Ержанов Ержан", "holderId"), hit(`person:${ID.D1}`, "Ержанов Ержан", "iin")],
        ],
        [
          "a sole proprietor's IIN/BIN",
          ID.H,
          [
            hit(a(ACC.H), "ИП Нурланов Ерлан", "holderId"),
            hit(`person:${ID.H}`, "Нурланов Ерлан", "iin"),
            hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "bin"),
          ],
        ],
        [
          "a Cyrillic name prefix in another case",
          "ерж",
          [hit(a(ACC.D1), "Ержанов Ержан", "name"), hit(`person:${ID.D1}`, "Ержанов Ержан", "name")],
        ],
        [
          "an upper-case name prefix",
          "ИП НУР",
          [hit(a(ACC.H), "ИП Нурланов Ерлан", "name"), hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "name")],
        ],
        [
          "a surname wherever it stands in the name, the most active first",
          "нурланов",
          [
            hit(a(ACC.H), "ИП Нурланов Ерлан", "name"),
            hit(`person:${ID.H}`, "Нурланов Ерлан", "name"),
            hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "name"),
          ],
        ],
        [
          "first name then surname (the same words in another order rank first)",
          "Ерлан Нурланов",
          [
            hit(`person:${ID.H}`, "Нурланов Ерлан", "name"),
            hit(a(ACC.H), "ИП Нурланов Ерлан", "name"),
            hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "name"),
          ],
        ],
        [
          "a name spelt with Kazakh letters (ү, і folded to у, и)",
          "Айгүль Сеітова",
          [hit(a(ACC.V), "Сеитова Айгуль", "name"), hit(`person:${ID.V}`, "Сеитова Айгуль", "name")],
        ],
        [
          "a fragment inside a name",
          "ЖАНО",
          [hit(a(ACC.D1), "Ержанов Ержан", "name"), hit(`person:${ID.D1}`, "Ержанов Ержан", "name")],
        ],
        ["a middle chunk of an IBAN, typed in groups", "6010 000", [hit(a(ACC.D1), "Ержанов Ержан", "iban")]],
        ["the first digits of a card as printed", "4400 43", [hit(`card:${CARD}`, CARD, "card")]],
        ["the start of an IP address", "185.22", [hit(`ip:${IP}`, IP, "ip")]],
        ["a fragment of an IP address", "22.1", [hit(`ip:${IP}`, IP, "ip")]],
        ["a fragment of a device id in capitals", "7F3A", [hit(`device:${DEVICE}`, DEVICE, "device")]],
        ["a fragment of a phone with a dash", "765-43", [hit(`phone:${PHONE_V}`, PHONE_V, "phone")]],
        [
          "the last 4 digits, in every identifier that holds them",
          "1234",
          [
            hit(a(ACC.F), ACC.F, "key"),
            hit(`phone:${PHONE_D1}`, PHONE_D1, "phone"),
            hit(`card:${CARD}`, CARD, "card"),
          ],
        ],
        ["two letters inside a name (too short for a fragment)", "жа", []],
        [
          "two letters at the start of a name (not of a later word)",
          "Ер",
          [hit(a(ACC.D1), "Ержанов Ержан", "name"), hit(`person:${ID.D1}`, "Ержанов Ержан", "name")],
        ],
        [
          "a legal-form prefix",
          "тоо «",
          [
            hit(a(ACC.X), "ТОО «КриптоОбмен»", "name"),
            hit(a(ACC.S), "ТОО «Магнум»", "name"),
            hit(`company:${ID.X}`, "ТОО «КриптоОбмен»", "name"),
            hit(`company:${ID.S}`, "ТОО «Магнум»", "name"),
          ],
        ],
        ["a phone in E.164", PHONE_D1, [hit(`phone:${PHONE_D1}`, PHONE_D1, "phone")]],
        ["a phone as dialled locally", "8 701 123 45 67", [hit(`phone:${PHONE_D1}`, PHONE_D1, "phone")]],
        [
          "a phone with brackets and dashes",
          "+7 (701) 765-43-21",
          [hit(`phone:${PHONE_V}`, PHONE_V, "phone")],
        ],
        ["a device id", DEVICE, [hit(`device:${DEVICE}`, DEVICE, "device")]],
        ["an IP address", IP, [hit(`ip:${IP}`, IP, "ip")]],
        ["a masked card", CARD, [hit(`card:${CARD}`, CARD, "card")]],
        ["a masked card as printed", "4400 43** **** 1234", [hit(`card:${CARD}`, CARD, "card")]],
        ["a wallet address", WALLET, [hit(`wallet:${WALLET}`, WALLET, "wallet")]],
        ["a case number", CASE, [hit(`complaint:${CASE}`, CASE, "caseNo")]],
        ["an ATM id", ATM, [hit(`cashpoint:${ATM}`, ATM, "atmId")]],
        [
          "an IBAN with a control character typed after it",
          `${ACC.D1}\u0000`,
          [hit(a(ACC.D1), "Ержанов Ержан", "iban")],
        ],
        ["a query of FTS and Cypher syntax", '"((OR AND NOT*)) %_', []],
        ["an unknown value", "Жоқ", []],
        ["a blank query", "   ", []],
      ])("finds %s", async (_what, query, expected) => {
        expect(await store.search(query)).toEqual(expected);
      });

      it("honours the type filter and the limit", async () => {
        expect(ids(await store.search(ID.H, { types: ["company"] }))).toEqual([`company:${ID.H}`]);
        expect(ids(await store.search(ID.H, { types: ["person", "company"] }))).toEqual([
          `person:${ID.H}`,
          `company:${ID.H}`,
        ]);
        expect(ids(await store.search(ID.H, { limit: 1 }))).toEqual([a(ACC.H)]);
        expect(ids(await store.search("тоо", { limit: 3 }))).toEqual([a(ACC.X), a(ACC.S), `company:${ID.X}`]);
      });

      it("puts the more active account first among equal matches (transfers in and out and withdrawals)", async () => {
        // Every IBAN of the case holds nine zeros in a row: all fragment matches of one kind, told apart by activity.
        const hits = await store.search("000000000");
        const activity = new Map<string, number>();
        for (const h of hits) {
          const moves = await store.transfers({ accounts: [h.key], direction: "both" });
          activity.set(h.key, moves.length);
        }
        const expected = [...activity.keys()].sort(
          (x, y) => activity.get(y)! - activity.get(x)! || (x < y ? -1 : 1),
        );
        expect(hits.map((h) => h.key)).toEqual(expected);
        expect(hits.length).toBe(7);
        expect(activity.get(ACC.H)).toBeGreaterThan(activity.get(ACC.D3)!);
      });

      it("pages through the ranked hits with offset: no hit twice, none left out", async () => {
        const all = ids(await store.search("000000000"));
        const pages = [];
        for (let offset = 0; offset < all.length + 3; offset += 3)
          pages.push(...ids(await store.search("000000000", { limit: 3, offset })));
        expect(pages).toEqual(all);
        expect(await store.search("000000000", { offset: all.length })).toEqual([]);
      });
    });

    describe("entity", () => {
      it.each(Object.keys(NODES))("gives %s with its properties and sources", async (id) => {
        const e = await store.entity(id);
        expect(e).not.toBeNull();
        expect(e!.node).toEqual(NODES[id]!.node);
        expect(e!.sources).toEqual(NODES[id]!.sources);
      });

      it("gives an account's transfers in and out, owner and cards, each with sources, and its neighbours", async () => {
        const e = await store.entity(a(ACC.D1));
        expect(e!.edges).toEqual(
          edges(
            `ISSUED_ON:card:${CARD}->${a(ACC.D1)}`,
            `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
            "tx:HLK-0003",
            "tx:KSP-0002",
          ),
        );
        expect(ids(e!.neighbours)).toEqual([a(ACC.V), a(ACC.H), `card:${CARD}`, `person:${ID.D1}`]);
        expect(e!.neighbours[2]).toEqual(NODES[`card:${CARD}`]!.node);
      });

      it("gives the hub's edges of every kind", async () => {
        const e = await store.entity(a(ACC.H));
        expect(ids(e!.edges)).toEqual([
          `OWNS:company:${ID.H}->${a(ACC.H)}`,
          `PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`,
          `USED:${a(ACC.H)}->ip:${IP}`,
          "tx:HLK-0003",
          "tx:REG-0004",
          "tx:REG-0005",
          "tx:REG-0006",
        ]);
        expect(e!.edges).toEqual(edges(...ids(e!.edges)));
      });

      it("counts a person's uses of one phone and merges a repeated log row", async () => {
        const p = await store.entity(`person:${ID.D1}`);
        expect(p!.edges).toEqual(
          edges(
            `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
            `USED:person:${ID.D1}->device:${DEVICE}`,
            `USED:person:${ID.D1}->phone:${PHONE_D1}`,
          ),
        );
        const d = await store.entity(`device:${DEVICE}`);
        expect(d!.edges).toEqual(
          edges(
            `USED:person:${ID.H}->device:${DEVICE}`,
            `USED:person:${ID.D1}->device:${DEVICE}`,
            `USED:person:${ID.D2}->device:${DEVICE}`,
          ),
        );
        expect(ids(d!.neighbours)).toEqual([`person:${ID.H}`, `person:${ID.D1}`, `person:${ID.D2}`]);
      });

      it("links a company to its controller, a complaint to the victim's account, an ATM to its withdrawal", async () => {
        expect((await store.entity(`company:${ID.H}`))!.edges).toEqual(
          edges(`CONTROLS:person:${ID.H}->company:${ID.H}`, `OWNS:company:${ID.H}->${a(ACC.H)}`),
        );
        const c = await store.entity(`complaint:${CASE}`);
        expect(c!.edges).toEqual(edges(`REPORTED:complaint:${CASE}->${a(ACC.V)}`));
        expect(c!.neighbours).toEqual([NODES[a(ACC.V)]!.node]);
        const atm = await store.entity(`cashpoint:${ATM}`);
        expect(atm!.edges).toEqual(edges("tx:REG-0007"));
        expect((await store.entity(`wallet:${WALLET}`))!.edges).toEqual(
          edges(`PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`),
        );
      });

      it("pages the hub's edges in id order with their total, each page naming only its own neighbours", async () => {
        const whole = await store.entity(a(ACC.H));
        expect(whole).toMatchObject({ edgesTotal: 7, edgesNext: null });
        const pages: EntityDetail[] = [];
        for (let offset: number | null = 0; offset !== null; offset = pages.at(-1)!.edgesNext)
          pages.push((await store.entity(a(ACC.H), { limit: 3, offset }))!);
        expect(pages.map((p) => [p.edges.length, p.edgesTotal, p.edgesNext])).toEqual([
          [3, 7, 3],
          [3, 7, 6],
          [1, 7, null],
        ]);
        expect(pages.flatMap((p) => p.edges)).toEqual(whole!.edges);
        for (const p of pages) {
          expect(p.node).toEqual(whole!.node);
          expect(p.sources).toEqual(whole!.sources);
          const named = new Set(p.edges.flatMap((e) => [e.source, e.target]).filter((id) => id !== a(ACC.H)));
          expect(ids(p.neighbours)).toEqual(ids(whole!.neighbours).filter((id) => named.has(id)));
        }
        // The transfers come after the links (upper-case type names sort before "tx:").
        expect(ids(pages[2]!.edges)).toEqual(["tx:REG-0006"]);
        expect(await store.entity(a(ACC.H), { limit: 3, offset: 7 })).toMatchObject({
          edges: [],
          neighbours: [],
          edgesTotal: 7,
          edgesNext: null,
        });
        expect(await store.entity(`cashpoint:${ATM}`, { limit: 1 })).toMatchObject({
          edgesTotal: 1,
          edgesNext: null,
        });
      });

      it("gives null for unknown or malformed ids", async () => {
        expect(await store.entity("account:KZ000000000000000099")).toBeNull();
        expect(await store.entity("spaceship:1")).toBeNull();
        expect(await store.entity("nonsense")).toBeNull();
      });
    });

    describe("neighbourhood", () => {
      it("expands one hop by default with every relationship type", async () => {
        const g = await store.neighbourhood([`person:${ID.D1}`]);
        expect(shape(g)).toEqual({
          nodes: [a(ACC.D1), `device:${DEVICE}`, `person:${ID.D1}`, `phone:${PHONE_D1}`],
          edges: [
            `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
            `USED:person:${ID.D1}->device:${DEVICE}`,
            `USED:person:${ID.D1}->phone:${PHONE_D1}`,
          ],
          truncated: false,
        });
        expect(g.nodes[0]).toEqual(NODES[a(ACC.D1)]!.node);
        expect(g.edges).toEqual(edges(...ids(g.edges)));
      });

      it("follows only the given relationship types, two hops deep", async () => {
        const g = await store.neighbourhood([a(ACC.D1)], { types: ["TRANSFER"], depth: 2 });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.F), a(ACC.X), a(ACC.V), a(ACC.S), a(ACC.H), a(ACC.D1), a(ACC.D2)],
          edges: ["tx:HLK-0003", "tx:KSP-0001", "tx:KSP-0002", "tx:REG-0004", "tx:REG-0005", "tx:REG-0006"],
          truncated: false,
        });
        const owners = await store.neighbourhood([`person:${ID.D1}`], {
          types: ["OWNS", "TRANSFER"],
          depth: 2,
        });
        expect(shape(owners)).toEqual({
          nodes: [a(ACC.V), a(ACC.H), a(ACC.D1), `person:${ID.D1}`],
          edges: [`OWNS:person:${ID.D1}->${a(ACC.D1)}`, "tx:HLK-0003", "tx:KSP-0002"],
          truncated: false,
        });
      });

      it("drops transfers below the minimum amount", async () => {
        const g = await store.neighbourhood([a(ACC.D1)], {
          types: ["TRANSFER"],
          depth: 2,
          minAmountKzt: 100000,
        });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.X), a(ACC.V), a(ACC.H), a(ACC.D1), a(ACC.D2)],
          edges: ["tx:HLK-0003", "tx:KSP-0002", "tx:REG-0004", "tx:REG-0005"],
          truncated: false,
        });
      });

      it("keeps transfers inside the time range, both ends inclusive", async () => {
        const g = await store.neighbourhood([a(ACC.D1)], {
          types: ["TRANSFER"],
          depth: 2,
          from: T.t2,
          to: T.t3,
        });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.H), a(ACC.D1), a(ACC.D2)],
          edges: ["tx:HLK-0003", "tx:REG-0004"],
          truncated: false,
        });
      });

      it("applies the time range to transfers and withdrawals only", async () => {
        const g = await store.neighbourhood([a(ACC.D2)], { from: T.t3, to: T.t3 });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.H), a(ACC.D2), `card:${CARD}`, `cashpoint:${ATM}`, `person:${ID.D2}`],
          edges: [
            `ISSUED_ON:card:${CARD}->${a(ACC.D2)}`,
            `OWNS:person:${ID.D2}->${a(ACC.D2)}`,
            "tx:REG-0004",
            "tx:REG-0007",
          ],
          truncated: false,
        });
        expect(g.edges.find((e) => e.id === "tx:REG-0007")).toEqual(EDGES["tx:REG-0007"]);
      });

      it("gives the hub's whole neighbourhood with every edge between its nodes", async () => {
        const g = await store.neighbourhood([a(ACC.H)]);
        expect(shape(g)).toEqual({
          nodes: [
            a(ACC.F),
            a(ACC.X),
            a(ACC.H),
            a(ACC.D1),
            a(ACC.D2),
            `company:${ID.H}`,
            `ip:${IP}`,
            `wallet:${WALLET}`,
          ],
          edges: [
            `OWNS:company:${ID.H}->${a(ACC.H)}`,
            `PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`,
            `USED:${a(ACC.H)}->ip:${IP}`,
            "tx:HLK-0003",
            "tx:REG-0004",
            "tx:REG-0005",
            "tx:REG-0006",
          ],
          truncated: false,
        });
      });

      it("stops at the node cap in id order and says it was truncated", async () => {
        const g = await store.neighbourhood([a(ACC.H)], { nodeCap: 4 });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.F), a(ACC.X), a(ACC.H), a(ACC.D1)],
          edges: ["tx:HLK-0003", "tx:REG-0005", "tx:REG-0006"],
          truncated: true,
        });
        const exact = await store.neighbourhood([a(ACC.H)], { nodeCap: 8 });
        expect(exact.truncated).toBe(false);
        expect(exact.nodes).toHaveLength(8);
      });

      it("gives the induced subgraph of the start nodes at depth 0", async () => {
        const g = await store.neighbourhood(
          [a(ACC.V), a(ACC.D1), a(ACC.H), `person:${ID.V}`, "account:NOPE"],
          {
            depth: 0,
          },
        );
        expect(shape(g)).toEqual({
          nodes: [a(ACC.V), a(ACC.H), a(ACC.D1), `person:${ID.V}`],
          edges: [`OWNS:person:${ID.V}->${a(ACC.V)}`, "tx:HLK-0003", "tx:KSP-0002"],
          truncated: false,
        });
        expect(g.edges).toEqual(edges(...ids(g.edges)));
      });

      it("gives an empty graph for unknown start nodes", async () => {
        expect(await store.neighbourhood(["account:NOPE", "nonsense"])).toEqual({
          nodes: [],
          edges: [],
          truncated: false,
        });
      });
    });

    describe("transfers", () => {
      it("lists an account's outgoing transfers and withdrawals by time then txId", async () => {
        expect(await store.transfers({ accounts: [ACC.D2], direction: "out" })).toEqual(
          tx("REG-0004", "REG-0007"),
        );
      });
      it("lists incoming transfers", async () => {
        expect(await store.transfers({ accounts: [ACC.H], direction: "in" })).toEqual(
          tx("HLK-0003", "REG-0004"),
        );
        expect(await store.transfers({ accounts: [ACC.D2], direction: "in" })).toEqual([]);
      });
      it("treats after as exclusive and until as inclusive", async () => {
        expect(await store.transfers({ accounts: [ACC.H], direction: "out", after: T.t4 })).toEqual(
          tx("REG-0006"),
        );
        expect(await store.transfers({ accounts: [ACC.H], direction: "both", until: T.t3 })).toEqual(
          tx("HLK-0003", "REG-0004"),
        );
      });
      it("lists a transfer between two of the accounts once", async () => {
        expect(await store.transfers({ accounts: [ACC.D1, ACC.H], direction: "both" })).toEqual(
          tx("KSP-0002", "HLK-0003", "REG-0004", "REG-0005", "REG-0006"),
        );
        expect(await store.transfers({ accounts: [], direction: "both" })).toEqual([]);
      });
      it("finds transfers and withdrawals by txId, skipping unknown ones", async () => {
        expect(await store.transfersByIds(["REG-0007", "KSP-0002", "nope"])).toEqual(
          tx("KSP-0002", "REG-0007"),
        );
        expect(await store.transfersByIds([])).toEqual([]);
      });
    });

    describe("accounts, complaints, source files", () => {
      it("gives the accounts' details with the holder's kind, by key, skipping unknown keys", async () => {
        expect(await store.accounts([ACC.H, "nope", ACC.X, ACC.F])).toEqual([
          { key: ACC.F, bank: "DEUTDEFF", accountKind: "foreign" },
          {
            key: ACC.X,
            iban: ACC.X,
            bank: "BRKEKZKA",
            accountKind: "exchange",
            watchlist: "exchange",
            holderId: ID.X,
            holderName: "ТОО «КриптоОбмен»",
            holderKind: "legal_entity",
          },
          {
            key: ACC.H,
            iban: ACC.H,
            bank: "CASPKZKA",
            accountKind: "business",
            holderId: ID.H,
            holderName: "ИП Нурланов Ерлан",
            holderKind: "sole_proprietor",
          },
        ]);
      });

      it("gives a complaint as it was recorded, with its sources", async () => {
        const expected = fixtureBatches.flat().find((r) => r.kind === "complaint");
        expect(await store.complaint(CASE)).toEqual(expected);
        expect(await store.complaint("000")).toBeNull();
        expect(await store.complaints()).toEqual([expected]);
        expect(await store.complaints({ limit: 0 })).toEqual([]);
      });

      it("lists the source files by name and by hash", async () => {
        const files = await store.sourceFiles();
        expect(files.map((f) => f.name)).toEqual([
          "erdr.csv",
          "halyk_erzhanov.csv",
          "kaspi_seitova.csv",
          "linkage.csv",
          "register_march.csv",
          "watchlist.csv",
        ]);
        expect(await store.sourceFiles([FILE.REG, "0".repeat(64)])).toEqual([
          { sha256: FILE.REG, name: "register_march.csv", bytes: 2048, exportKind: "register", rowsRead: 6 },
        ]);
      });
    });

    describe("projection", () => {
      it("gives every account with its holder's kind", async () => {
        const p = await store.projection();
        expect(p.accounts).toEqual([
          { key: ACC.F, bank: "DEUTDEFF", accountKind: "foreign" },
          {
            key: ACC.X,
            iban: ACC.X,
            bank: "BRKEKZKA",
            accountKind: "exchange",
            watchlist: "exchange",
            holderId: ID.X,
            holderName: "ТОО «КриптоОбмен»",
            holderKind: "legal_entity",
          },
          {
            key: ACC.V,
            iban: ACC.V,
            bank: "CASPKZKA",
            accountKind: "personal",
            holderId: ID.V,
            holderName: "Сеитова Айгуль",
            holderKind: "person",
            openedAt: Date.UTC(2019, 4, 1),
          },
          {
            key: ACC.S,
            iban: ACC.S,
            bank: "HCSKKZKA",
            accountKind: "merchant",
            holderId: ID.S,
            holderName: "ТОО «Магнум»",
            holderKind: "legal_entity",
          },
          {
            key: ACC.H,
            iban: ACC.H,
            bank: "CASPKZKA",
            accountKind: "business",
            holderId: ID.H,
            holderName: "ИП Нурланов Ерлан",
            holderKind: "sole_proprietor",
          },
          {
            key: ACC.D3,
            iban: ACC.D3,
            bank: "CASPKZKA",
            accountKind: "personal",
            holderId: ID.D2,
            holderKind: "person",
            openedAt: Date.UTC(2024, 2, 1, 5, 0),
          },
          {
            key: ACC.D1,
            iban: ACC.D1,
            bank: "HSBKKZKX",
            accountKind: "personal",
            holderId: ID.D1,
            holderName: "Ержанов Ержан",
            holderKind: "person",
          },
          {
            key: ACC.D2,
            iban: ACC.D2,
            bank: "CASPKZKA",
            accountKind: "personal",
            holderId: ID.D2,
            holderName: "Болатов Болат",
            holderKind: "person",
          },
        ]);
      });

      it("gives every transfer and withdrawal by time", async () => {
        const p = await store.projection();
        expect(p.transfers).toEqual(
          tx("KSP-0001", "KSP-0002", "HLK-0003", "REG-0004", "REG-0007", "REG-0005", "REG-0006"),
        );
      });

      it("resolves shared identifiers through owners, controllers and cards", async () => {
        const p = await store.projection();
        const link = (account: string, type: string, value: string) => ({ account, type, value });
        expect(p.identifiers).toEqual([
          link(ACC.D1, "card", CARD),
          link(ACC.D2, "card", CARD),
          link(ACC.H, "device", DEVICE),
          link(ACC.D3, "device", DEVICE),
          link(ACC.D1, "device", DEVICE),
          link(ACC.D2, "device", DEVICE),
          link(ACC.H, "ip", IP),
          link(ACC.D1, "ip", IP),
          link(ACC.D2, "ip", IP),
          link(ACC.D3, "owner", ID.D2),
          link(ACC.D2, "owner", ID.D2),
        ]);
      });

      it("gives the complaints", async () => {
        const p = await store.projection();
        expect(p.complaints).toEqual([
          {
            caseNo: CASE,
            victimAccount: ACC.V,
            registeredAt: T.registered,
            incidentAt: T.incident,
            lossKzt: 500000,
          },
        ]);
      });
    });
  });

  describe(`${name} store: a neighbourhood wider than a thousand accounts`, () => {
    // A payroll account paying 1 200 people, two of whom paid each other: the transfers among the neighbours must
    // be found whichever way the store looks them up (embedded: pair seeks up to 1 000 accounts, a scan above;
    // Neo4j: pair checks up to 100 nodes, the members' relationships above). The payroll account and one spoke also
    // paid themselves (a relationship whose two ends are the same member).
    const PAYROLL = "KZ000PAYROLL0000001";
    const spoke = (i: number) => `KZ000SPOKE${String(i).padStart(9, "0")}`;
    const SPOKES = 1200;
    const transfer = (txId: string, from: string, to: string, i: number): CanonicalRecord => ({
      kind: "transfer",
      txId,
      from,
      to,
      ts: T.t1 + i * 1000,
      amount: 1000 + i,
      currency: "KZT",
      amountKzt: 1000 + i,
      rateSource: "kzt",
      sources: [src(FILE.REG, 10 + i)],
    });
    let store: S;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      const records: CanonicalRecord[] = [
        { kind: "account", key: PAYROLL, iban: PAYROLL, bank: "HSBKKZKX", sources: [src(FILE.REG, 1)] },
      ];
      for (let i = 0; i < SPOKES; i++) {
        records.push({
          kind: "account",
          key: spoke(i),
          iban: spoke(i),
          bank: "HSBKKZKX",
          sources: [src(FILE.REG, 2)],
        });
        records.push(transfer(`PAY-${i}`, PAYROLL, spoke(i), i));
      }
      records.push(
        transfer("SIDE-1", spoke(0), spoke(1), SPOKES),
        transfer("SIDE-2", spoke(1150), spoke(5), SPOKES + 1),
        transfer("SELF-1", PAYROLL, PAYROLL, SPOKES + 2),
        transfer("SELF-2", spoke(7), spoke(7), SPOKES + 3),
      );
      await store.writeBatch(records);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("holds every transfer among 1 201 accounts", async () => {
      const g = await store.neighbourhood([`account:${PAYROLL}`], { nodeCap: 5000 });
      expect(g.nodes).toHaveLength(SPOKES + 1);
      expect(g.truncated).toBe(false);
      const ids = new Set(g.edges.map((e) => e.id));
      expect(g.edges).toHaveLength(SPOKES + 4);
      expect(ids.size).toBe(SPOKES + 4);
      expect(["tx:SIDE-1", "tx:SIDE-2", "tx:SELF-1", "tx:SELF-2"].filter((id) => !ids.has(id))).toEqual([]);
    });

    it("holds the transfers among the accounts kept under a small cap", async () => {
      const g = await store.neighbourhood([`account:${PAYROLL}`], { nodeCap: 4 });
      expect(g.nodes.map((n) => n.id)).toEqual([
        `account:${PAYROLL}`,
        ...[0, 1, 2].map((i) => `account:${spoke(i)}`),
      ]);
      expect(g.edges.map((e) => e.id)).toEqual([
        "tx:PAY-0",
        "tx:PAY-1",
        "tx:PAY-2",
        "tx:SELF-1",
        "tx:SIDE-1",
      ]);
    });
  });

  const generatorReady =
    existsSync(path.join(ROOT, "cli/commands/generate.ts")) && existsSync(path.join(ROOT, "ingest/index.ts"));

  describe.skipIf(!generatorReady)(`${name} store: a generated case`, () => {
    let store: S;
    let dir: string;
    let truth: { counts: Record<string, number> };
    let ingest: IngestApi;
    let files: string[];

    beforeAll(async () => {
      store = await openFresh(open, reset);
      dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-contract-"));
      await execFileP(
        process.execPath,
        [path.join(ROOT, "bin/mulegraph.js"), "generate", "--out", dir, "--seed", "7", "--accounts", "300"],
        { cwd: ROOT, env: { ...process.env, MULEGRAPH_DATA_DIR: path.join(dir, "data") } },
      );
      truth = JSON.parse(await readFile(path.join(dir, "truth.json"), "utf8")) as typeof truth;
      ingest = (await import(pathToFileURL(path.join(ROOT, "ingest/index.ts")).href)) as IngestApi;
      files = await listCsv(dir);
    });
    afterAll(async () => {
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const ingestAll = () =>
      ingest.ingestFiles(files, { batchSize: 500, onBatch: (records) => store.writeBatch(records) });

    it("stores exactly the counts of the case's truth", async () => {
      expect(files.length).toBeGreaterThan(0);
      await ingestAll();
      const stats = await store.stats();
      const c = truth.counts;
      expect({
        accounts: stats.accounts,
        persons: stats.persons,
        companies: stats.companies,
        cards: stats.cards,
        transfers: stats.transfers,
        withdrawals: stats.withdrawals,
        complaints: stats.complaints,
      }).toEqual({
        accounts: c.accounts,
        persons: c.persons,
        companies: c.companies,
        cards: c.cards,
        transfers: c.transfers,
        withdrawals: c.withdrawals,
        complaints: c.complaints,
      });
    });

    it("changes nothing when the case is ingested again", async () => {
      const stats = await store.stats();
      const projection = await store.projection();
      await ingestAll();
      expect(await store.stats()).toEqual(stats);
      expect(await store.projection()).toEqual(projection);
    });
  });
}
